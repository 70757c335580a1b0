// Today's worklist in the browser shell against a real Modality Worklist provider (Orthanc's
// ModalityWorklists plugin): the patients screen lists this station's scheduled steps; Start
// registers the patient from the order and opens them; an entry whose MRN belongs to a local
// patient with another birth date is refused with the reason and opens nobody; a photographer names
// the clinician the encounter is for before Start opens it.
import type { ClinicApi } from '../shared/bridge';
import { startWorklistPeers, type WorklistPeers } from '../main/core/test-support/peers/worklist';
import { localToday } from '../main/core/worklist/query';
import { acknowledgeRecoveryCode, fillSetup, registerPatient, signIn, signOut, type AdminAccount } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Harbour Skin Clinic', username: 'mkaur', displayName: 'Dr Meera Kaur', password: 'saltmarsh-heron-quartz-41' };
const STATION = 'E2ECAM';
const CLINICIAN = { username: 'tadeyemi', displayName: 'Dr Tolu Adeyemi', role: 'clinician', initialPassword: 'lagoon-thistle-amber-73' } as const;
const PHOTOGRAPHER = { username: 'rsilva', displayName: 'Rui Silva', role: 'photographer', initialPassword: 'cobalt-meadow-fern-29' } as const;

let peers: WorklistPeers;
test.beforeAll(async () => {
  peers = await startWorklistPeers(STATION);
  const base = { sex: 'F', stationAe: STATION, date: localToday(new Date()).replaceAll('-', ''), stepDescription: 'Skin lesion photography', requestedProcedureId: 'RP-1', requestedProcedureDescription: 'Clinical photography' };
  await peers.add({ ...base, patientName: 'Ñúñez-Ødegård^Zoë', patientId: 'WL-0001', birthDate: '19800229', accession: 'ACC-0001', time: '093000', stepId: 'S1', studyInstanceUid: '2.25.501' });
  await peers.add({ ...base, patientName: 'Brandt^Ola', patientId: 'WL-0002', birthDate: '19700101', accession: 'ACC-0002', time: '101500', stepId: 'S2', studyInstanceUid: '2.25.502' });
  await peers.add({ ...base, patientName: 'Castro^Inês', patientId: 'WL-0003', birthDate: '19921111', accession: 'ACC-0003', time: '110000', stepId: 'S3', studyInstanceUid: '2.25.503' });
});
test.afterAll(async () => {
  await peers?.stop();
});

test("the patients screen lists today's worklist; Start opens the ordered patient, a mismatch is refused", async ({ app }) => {
  const { page, phi, shell, snap } = app;
  phi.push('Ñúñez-Ødegård', 'Zoë', 'WL-0001', 'Brandt', 'WL-0002', 'Castro', 'Inês', 'WL-0003');
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  // No settings screen for the provider yet: an administrator sets it through the same channel the CLI uses.
  const admin = shell.core.connect({ local: true });
  const signedIn = await admin.api.session.signIn({ username: ADMIN.username, password: ADMIN.password });
  expect(signedIn.ok).toBe(true);
  expect((await admin.api.worklist.saveSettings({ settings: { host: '127.0.0.1', port: peers.orthanc.port, calledAe: peers.orthanc.calledAe, callingAe: STATION } })).ok).toBe(true);
  await admin.disconnect();

  // A local patient holds WL-0002 with another birth date: that entry must not open them.
  await registerPatient(page, { mrn: 'WL-0002', familyName: 'Brandt', givenName: 'Ola', birthDate: '1971-01-01', sexLabel: 'Female' });
  await page.getByRole('banner').getByRole('button', { name: 'Patients' }).click();

  const worklist = page.getByRole('region', { name: 'Today’s worklist' });
  await worklist.getByRole('button', { name: 'Refresh' }).click();
  const table = worklist.getByRole('table', { name: 'Today’s worklist' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').nth(1)).toContainText('09:30');
  await expect(table.getByRole('row').nth(1)).toContainText('Ñúñez-Ødegård, Zoë');
  await expect(table.getByRole('row').nth(1)).toContainText('ACC-0001');
  await snap('worklist-01-today');

  await table.getByRole('row').nth(2).getByRole('button', { name: 'Start' }).click();
  await expect(worklist.getByText('different birth date')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();

  await table.getByRole('row').nth(1).getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText('Ñúñez-Ødegård').first()).toBeVisible();
  await expect(page.getByText('WL-0001').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toHaveCount(0);

  // A photographer cannot be the encounter's provider: Start asks for the clinician first.
  for (const staff of [CLINICIAN, PHOTOGRAPHER]) {
    const r = await page.evaluate((c) => (globalThis as unknown as { clinic: ClinicApi }).clinic.users.create(c), staff);
    expect(r.ok).toBe(true);
  }
  await signOut(page);
  await signIn(page, PHOTOGRAPHER.username, PHOTOGRAPHER.initialPassword);
  await page.getByLabel('Initial password').fill(PHOTOGRAPHER.initialPassword);
  await page.getByLabel('New password', { exact: true }).fill('ember-quarry-saffron-615');
  await page.getByLabel('Confirm new password').fill('ember-quarry-saffron-615');
  await page.getByRole('button', { name: 'Change password' }).click();
  await worklist.getByRole('button', { name: 'Refresh' }).click();
  const castro = table.getByRole('row', { name: /Castro, Inês/ });
  await castro.getByRole('button', { name: 'Start' }).click();
  const provider = worklist.getByLabel('Provider');
  await expect(provider).toBeFocused();
  await expect(worklist.getByRole('alert')).toContainText('Choose the clinician');
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  await provider.selectOption({ label: CLINICIAN.displayName });
  await snap('worklist-02-photographer-names-the-clinician');
  await castro.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText('WL-0003').first()).toBeVisible();
  const context = page.getByRole('region', { name: 'Capture context' });
  await expect(context).toContainText(CLINICIAN.displayName);
});
