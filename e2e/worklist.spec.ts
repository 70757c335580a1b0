// Today's worklist in the browser shell against a real Modality Worklist provider (Orthanc's
// ModalityWorklists plugin): the patients screen lists this station's scheduled steps; Start
// registers the patient from the order and opens them; an entry whose MRN belongs to a local
// patient with another birth date is refused with the reason and opens nobody.
import { startWorklistPeers, type WorklistPeers } from '../main/core/test-support/peers/worklist';
import { localToday } from '../main/core/worklist/query';
import { acknowledgeRecoveryCode, fillSetup, registerPatient, type AdminAccount } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Harbour Skin Clinic', username: 'mkaur', displayName: 'Dr Meera Kaur', password: 'saltmarsh-heron-quartz-41' };
const STATION = 'E2ECAM';

let peers: WorklistPeers;
test.beforeAll(async () => {
  peers = await startWorklistPeers(STATION);
  const base = { sex: 'F', stationAe: STATION, date: localToday(new Date()).replaceAll('-', ''), stepDescription: 'Skin lesion photography', requestedProcedureId: 'RP-1', requestedProcedureDescription: 'Clinical photography' };
  await peers.add({ ...base, patientName: 'Ñúñez-Ødegård^Zoë', patientId: 'WL-0001', birthDate: '19800229', accession: 'ACC-0001', time: '093000', stepId: 'S1', studyInstanceUid: '2.25.501' });
  await peers.add({ ...base, patientName: 'Brandt^Ola', patientId: 'WL-0002', birthDate: '19700101', accession: 'ACC-0002', time: '101500', stepId: 'S2', studyInstanceUid: '2.25.502' });
});
test.afterAll(async () => {
  await peers?.stop();
});

test("the patients screen lists today's worklist; Start opens the ordered patient, a mismatch is refused", async ({ app }) => {
  const { page, phi, shell, snap } = app;
  phi.push('Ñúñez-Ødegård', 'Zoë', 'WL-0001', 'Brandt', 'WL-0002');
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
  await expect(table.getByRole('row')).toHaveCount(3);
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
});
