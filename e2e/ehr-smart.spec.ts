// The EHR in the browser shell: an EHR launch handed to the running app (as --smart-launch does)
// opens the SMART sign-in in the system browser (a second Chromium), the login is finished there as
// a person would, and the window opens the launch's patient; then the Patients screen searches the
// EHR, where a patient new here is registered only through the two-identifier confirmation; and a
// launch on a patient who cannot be confirmed opens nothing and blocks capture until dismissed.
// Peers: oidc-provider as the SMART server and the FHIR test server, both on loopback.
import type { Patient as FhirPatient } from '@medplum/fhirtypes';
import { startFhirServer, type FhirPeer } from '../main/core/test-support/peers';
import { startSmartProvider, type SmartProviderPeer } from '../main/core/test-support/peers/smart-provider';
import { chooseBodySite, fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Fjord Skin Clinic', username: 'hsolberg', displayName: 'Dr Hedda Solberg', password: 'granite-harbour-lamp-77' };
const INGRID: PatientInput = { mrn: 'FJ-5521', familyName: 'Aasen', givenName: 'Ingrid', birthDate: '1972-09-23', sexLabel: 'Female' };
const SYSTEM = 'urn:clinic-photo:mrn';

let fhir: FhirPeer;
let smart: SmartProviderPeer;
const ids: Record<string, string> = {};

test.beforeAll(async () => {
  fhir = await startFhirServer({ acceptToken: (t) => smart.acceptsToken(t), smartConfiguration: () => smart.smartConfiguration() });
  smart = await startSmartProvider({ fhirBaseUrl: fhir.baseUrl });
  const add = async (key: string, mrn: string, family: string, given: string, birthDate: string) => {
    ids[key] = (await fhir.create<FhirPatient>({ resourceType: 'Patient', identifier: [{ system: SYSTEM, value: mrn }], name: [{ family, given: [given] }], birthDate, gender: 'female' })).id!;
  };
  await add('ingrid', INGRID.mrn, INGRID.familyName, INGRID.givenName, INGRID.birthDate);
  await add('selma', 'FJ-7730', 'Brekke', 'Selma', '1988-04-11');
  // The EHR's record under Ingrid's MRN with another birth date: it cannot be confirmed here.
  await add('wrongBirth', INGRID.mrn, INGRID.familyName, INGRID.givenName, '1972-09-24');
});
test.afterAll(async () => {
  await smart?.stop();
  await fhir?.stop();
});

test('an EHR launch opens its patient; a patient new here is registered after confirming two identifiers', async ({ app }) => {
  const { page, shell, phi, snap } = app;
  phi.push(INGRID.familyName, INGRID.mrn, 'Brekke', 'Selma', 'FJ-7730');
  await fillSetup(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  await registerPatient(page, INGRID);
  await expect(page.getByRole('heading', { name: `${INGRID.familyName}, ${INGRID.givenName}` })).toBeVisible();

  // What an administrator configures: the EHR's FHIR server and this workstation's SMART client id.
  const admin = shell.core.connect({ local: true });
  const signedIn = await admin.api.session.signIn({ username: ADMIN.username, password: ADMIN.password });
  expect(signedIn.ok).toBe(true);
  const target = await admin.api.delivery.createTarget({ target: { name: 'EHR', kind: 'fhir', baseUrl: fhir.baseUrl, authKind: 'none' } });
  if (!target.ok) throw new Error(target.error.message);
  expect((await admin.api.smart.configure({ targetId: target.value.id, clientId: smart.clientId })).ok).toBe(true);
  await admin.disconnect();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();
  // The EHR launches the app on Ingrid (the command line's --smart-launch, handed to the core).
  shell.core.receiveSmartLaunch(`iss=${encodeURIComponent(fhir.baseUrl)}&launch=${smart.createLaunch({ patient: ids.ingrid!, encounter: 'enc-1' })}`);
  await expect(page.getByText('Signing in to the EHR in your web browser')).toBeVisible();
  await expect.poll(() => shell.systemBrowser?.pages().length ?? 0).toBe(1);
  const login = shell.systemBrowser!.pages()[0]!;
  await login.getByRole('button', { name: 'Sign in and allow' }).click();
  await expect(login.getByText('Sign-in finished')).toBeVisible();
  await expect(page.getByRole('heading', { name: `${INGRID.familyName}, ${INGRID.givenName}` })).toBeVisible();
  await snap('ehr-01-launch-opened-patient');

  // Searching the EHR with the SMART token: Selma is not registered here yet.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();
  const ehr = page.getByRole('region', { name: 'From the EHR' });
  await ehr.getByLabel('Family name').fill('Brekke');
  await ehr.getByRole('button', { name: 'Search the EHR' }).click();
  const row = ehr.getByRole('table', { name: 'EHR patients' }).getByRole('row', { name: /Brekke/ });
  await expect(row).toContainText('Not registered here yet');
  await row.getByRole('button', { name: 'Brekke, Selma' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register this patient from the EHR' });
  await expect(dialog).toContainText('FJ-7730');
  await snap('ehr-02-confirm-two-identifiers');
  await dialog.getByRole('button', { name: /confirmed: register/ }).click();
  await expect(page.getByRole('heading', { name: 'Brekke, Selma' })).toBeVisible();

  // A launch on a patient whose birth date disagrees with Ingrid's record under the same MRN opens
  // nothing and blocks capture, on any patient, until the notice is dismissed.
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await chooseBodySite(page);
  await expect(page.getByRole('button', { name: 'Take photo' })).toBeEnabled();
  shell.core.receiveSmartLaunch(`iss=${encodeURIComponent(fhir.baseUrl)}&launch=${smart.createLaunch({ patient: ids.wrongBirth! })}`);
  await expect.poll(() => shell.systemBrowser?.pages().length ?? 0).toBe(2);
  await shell.systemBrowser!.pages()[1]!.getByRole('button', { name: 'Sign in and allow' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'cannot be confirmed here' });
  await expect(notice).toContainText('different birth date');
  await expect(page.getByRole('heading', { name: 'Brekke, Selma' })).toBeVisible();
  await expect(page.getByText('Dismiss the EHR notice once the record is checked.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take photo' })).toBeDisabled();
  await snap('ehr-03-mismatch-blocks-capture');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByText('Dismiss the EHR notice once the record is checked.')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Take photo' })).toBeEnabled();
});
