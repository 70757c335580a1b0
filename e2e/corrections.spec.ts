// Correcting mistakes in the browser shell (docs/corrections.md): a patient's details corrected with
// a reason and the earlier values readable; a duplicate record merged in (its photo moves); a test
// registration marked entered in error and gone from search; a photo's details corrected, the photo
// moved to the right patient and another deleted (and restored), each with what happened at the
// receiving systems;
// a forgotten password reset on the staff screen with the last sign-in shown. Screenshots of every
// correction dialog at 1280×800 and 1920×1080 go to e2e/screenshots.
import type { Locator, Page } from '@playwright/test';
import { acknowledgeRecoveryCode, chooseBodySite, fillSetup, fullName, registerPatient, resultNames, signIn, signOut, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Lindqvist Hudklinik', username: 'elind', displayName: 'Dr Elin Lindqvist', password: 'cloudberry-harbour-gale-61' };
const ADA: PatientInput = { mrn: 'LH-1001', familyName: 'Okafor', givenName: 'Adaeze', birthDate: '1984-07-19', sexLabel: 'Female' };
const DUPLICATE: PatientInput = { mrn: 'LH-1001-B', familyName: 'Okafor', givenName: 'Adaze', birthDate: '1984-07-19', sexLabel: 'Female' };
const TEST_RECORD: PatientInput = { mrn: 'LH-TEST-1', familyName: 'Testperson', givenName: 'Training', birthDate: '1990-01-01', sexLabel: 'Unknown' };
const RIGHT: PatientInput = { mrn: 'LH-2002', familyName: 'Virtanen', givenName: 'Aino', birthDate: '1979-03-02', sexLabel: 'Female' };

/** The same screen at the two sizes clinics use, for a person to look at. */
async function snapBoth(page: Page, snap: (name: string) => Promise<void>, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await snap(`${name}-1280x800`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await snap(`${name}-1920x1080`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function openPatient(page: Page, p: PatientInput): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Patients' }).click();
  await page.getByRole('searchbox', { name: 'Search patients' }).fill(p.mrn);
  await expect.poll(() => resultNames(page)).toEqual([fullName(p)]);
  await page.getByRole('button', { name: fullName(p) }).click();
  await expect(page.getByRole('heading', { name: fullName(p), level: 1 })).toBeVisible();
}

async function takePhoto(page: Page, count: number, options: { chooseProvider?: boolean } = {}): Promise<void> {
  // A photographer checks in for a provider (docs/access-control.md): the first one offered.
  if (options.chooseProvider) await page.getByLabel('Provider (clinician responsible)').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await chooseBodySite(page);
  await page.getByRole('button', { name: 'Take photo' }).click();
  await expect(page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button')).toHaveCount(count, { timeout: 30_000 });
}

const patientCorrections = (page: Page, name = 'Corrections'): Locator => page.getByRole('main').getByRole('region', { name }).first();

/** Opens a patient from the list by MRN, whatever the screen's language (the first result). */
async function openPatientBy(page: Page, mrn: string, name: RegExp): Promise<void> {
  await page.getByRole('banner').getByRole('navigation').getByRole('button').first().click();
  await page.getByRole('searchbox').fill(mrn);
  await page.getByRole('button', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test('patient records: correct details, merge a duplicate, mark a registration entered in error', async ({ app }) => {
  const { page, phi, snap } = app;
  phi.push(ADA.familyName, ADA.givenName, ADA.mrn, DUPLICATE.mrn, TEST_RECORD.familyName);
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);

  // The duplicate first, with a photo: registered again at the desk with a typo in the name.
  await registerPatient(page, DUPLICATE);
  await expect(page.getByRole('heading', { name: fullName(DUPLICATE), level: 1 })).toBeVisible();
  await takePhoto(page, 1);
  await page.getByRole('button', { name: 'Back to patients' }).click();
  await registerPatient(page, { ...ADA, givenName: 'Adaeza' });
  await expect(page.getByRole('heading', { name: `${ADA.familyName}, Adaeza`, level: 1 })).toBeVisible();

  // Correct the given name: the reason is required.
  await patientCorrections(page).getByRole('button', { name: 'Correct details' }).click();
  const edit = page.getByRole('dialog', { name: 'Correct patient details' });
  await edit.getByLabel('Given name').fill(ADA.givenName);
  await edit.getByRole('button', { name: 'Save correction' }).click();
  await expect(edit.getByText('Give a reason of at least 3 characters.')).toBeVisible();
  await edit.getByLabel('Reason for the correction').fill('Given name misspelt at registration');
  await snapBoth(page, snap, 'corrections-01-edit-patient');
  await edit.getByRole('button', { name: 'Save correction' }).click();
  await expect(page.getByRole('heading', { name: fullName(ADA), level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: "The patient's details were corrected." })).toBeVisible();

  // The history reads as words, with the value before and after.
  await patientCorrections(page).getByRole('button', { name: 'Correction history' }).click();
  const history = page.getByRole('dialog', { name: 'Correction history' });
  await expect(history).toContainText(`corrected the details`);
  await expect(history).toContainText('Given name: Adaeza → Adaeze');
  await expect(history).toContainText('Reason: Given name misspelt at registration');
  await snapBoth(page, snap, 'corrections-02-patient-history');
  await history.getByRole('button', { name: 'Close' }).click();

  // Merge the duplicate into this record: its photo moves here.
  await patientCorrections(page).getByRole('button', { name: 'Merge a duplicate record' }).click();
  const merge = page.getByRole('dialog', { name: 'Merge a duplicate record into this one' });
  await merge.getByLabel('Find the duplicate record').fill('Okafor');
  await merge.getByRole('button', { name: new RegExp(`^Choose: ${DUPLICATE.familyName}, ${DUPLICATE.givenName}`) }).click();
  await expect(merge).toContainText(`Duplicate to merge: ${fullName(DUPLICATE)} · MRN ${DUPLICATE.mrn}`);
  await merge.getByLabel('Reason for the correction').fill('Same person, registered twice at the desk');
  await snapBoth(page, snap, 'corrections-03-merge');
  await merge.getByRole('button', { name: 'Merge into this record' }).click();
  await expect(merge.getByRole('status')).toContainText('Merged. 1 photo, 1 visit and 0 consents moved to this record.');
  await snapBoth(page, snap, 'corrections-04-merged');
  await merge.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button')).toHaveCount(1);
  // The duplicate is gone from search; its MRN no longer lists a record of its own.
  await page.getByRole('button', { name: 'Back to patients' }).click();
  await page.getByRole('searchbox', { name: 'Search patients' }).fill('Okafor');
  await expect.poll(() => resultNames(page)).toEqual([fullName(ADA)]);

  // A training registration, marked entered in error.
  await registerPatient(page, TEST_RECORD);
  await patientCorrections(page).getByRole('button', { name: 'Mark as entered in error' }).click();
  const error = page.getByRole('dialog', { name: 'Mark this registration as entered in error' });
  await error.getByLabel('Reason for the correction').fill('Registered during staff training');
  await snapBoth(page, snap, 'corrections-05-entered-in-error');
  await error.getByRole('button', { name: 'Mark as entered in error' }).click();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search patients' }).fill('Testperson');
  await expect(page.getByRole('table', { name: 'Patients' })).toHaveCount(0);

  // In Arabic the dialogs read right to left (the photo stage stays left to right).
  await page.getByRole('banner').getByRole('button', { name: 'Language' }).click();
  await page.getByLabel('My language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await openPatientBy(page, ADA.mrn, new RegExp(ADA.familyName));
  await patientCorrections(page, 'التصحيحات').getByRole('button', { name: 'سجل التصحيحات' }).click();
  await expect(page.getByRole('dialog', { name: 'سجل التصحيحات' })).toContainText('السبب: Given name misspelt at registration');
  await snapBoth(page, snap, 'corrections-13-history-arabic');
});

test('photos: correct the details, move to the right patient, delete; staff password reset', async ({ app }) => {
  const { page, phi, snap } = app;
  phi.push(ADA.familyName, ADA.mrn, RIGHT.familyName, RIGHT.mrn);
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  await registerPatient(page, RIGHT);
  await page.getByRole('button', { name: 'Back to patients' }).click();
  await registerPatient(page, ADA);
  await takePhoto(page, 1);
  await chooseBodySite(page);
  await page.getByRole('button', { name: 'Take photo' }).click();
  await expect(page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button')).toHaveCount(2, { timeout: 30_000 });

  // Correct the view of the newest photo from the viewer.
  const photos = page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button');
  await photos.first().click();
  let viewer = page.getByRole('dialog', { name: /^Photo taken / });
  await viewer.getByRole('region', { name: 'Corrections' }).getByRole('button', { name: 'Correct details' }).click();
  const correct = page.getByRole('dialog', { name: 'Correct photo details' });
  await correct.getByLabel('View', { exact: true }).selectOption({ label: 'Close-up' });
  await correct.getByLabel('Reason for the correction').fill('It is a close-up, not a front view');
  await snapBoth(page, snap, 'corrections-06-correct-photo');
  await correct.getByRole('button', { name: 'Save correction' }).click();
  await expect(correct.getByRole('status')).toContainText('The photo had not been sent anywhere yet');
  await snapBoth(page, snap, 'corrections-07-correct-photo-outcome');
  await correct.getByRole('button', { name: 'Done' }).click();
  await expect(viewer).toHaveCount(0);

  // Its history says what changed and why.
  await photos.first().click();
  viewer = page.getByRole('dialog', { name: /^Photo taken / });
  await expect(viewer).toContainText('Close-up');
  await viewer.getByRole('region', { name: 'Corrections' }).getByRole('button', { name: 'Correction history' }).click();
  const photoHistory = page.getByRole('dialog', { name: 'Correction history' });
  await expect(photoHistory).toContainText('corrected the photo');
  await expect(photoHistory).toContainText('Changed: View');
  await expect(photoHistory).toContainText('Reason: It is a close-up, not a front view');
  await photoHistory.getByRole('button', { name: 'Close' }).click();

  // Move it to the right patient.
  await viewer.getByRole('region', { name: 'Corrections' }).getByRole('button', { name: 'Move to another patient' }).click();
  const move = page.getByRole('dialog', { name: 'Move the photo to another patient' });
  await move.getByLabel('Find the right patient').fill(RIGHT.mrn);
  await move.getByRole('button', { name: new RegExp(`^Move to this patient: ${fullName(RIGHT)}`) }).click();
  await move.getByLabel('Reason for the correction').fill('Taken while the wrong patient was open');
  await snapBoth(page, snap, 'corrections-08-move-photo');
  await move.getByRole('button', { name: 'Move photo' }).click();
  await expect(move.getByRole('status')).toContainText('Correction saved');
  await move.getByRole('button', { name: 'Done' }).click();
  await expect(photos).toHaveCount(1);

  // Delete the other one.
  await photos.first().click();
  viewer = page.getByRole('dialog', { name: /^Photo taken / });
  await viewer.getByRole('region', { name: 'Corrections' }).getByRole('button', { name: 'Delete photo' }).click();
  const del = page.getByRole('dialog', { name: 'Delete this photo' });
  await del.getByLabel('Reason for the correction').fill('Blurred duplicate of the next shot');
  await snapBoth(page, snap, 'corrections-09-delete-photo');
  await del.getByRole('button', { name: 'Delete photo' }).click();
  await del.getByRole('button', { name: 'Done' }).click();
  await expect(photos).toHaveCount(0);

  // Kept, not gone: the deleted photo can be found and restored, with a reason.
  await patientCorrections(page).getByRole('button', { name: 'Deleted photos' }).click();
  const deleted = page.getByRole('dialog', { name: 'Deleted photos' });
  await expect(deleted).toContainText('Reason: Blurred duplicate of the next shot');
  await deleted.getByLabel('Reason for the correction').fill('Deleted the wrong shot');
  await snapBoth(page, snap, 'corrections-10-deleted-photos');
  await deleted.getByRole('button', { name: /^Restore the photo taken / }).click();
  await expect(deleted.getByRole('status')).toContainText('The photo is back in the gallery.');
  await deleted.getByRole('button', { name: 'Close' }).click();
  await expect(photos).toHaveCount(1);
  await openPatient(page, RIGHT);
  await expect(page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button')).toHaveCount(1);

  // Staff: add a clinician, who signs in once; then the administrator resets their password.
  await page.getByRole('banner').getByRole('button', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const add = page.getByRole('dialog', { name: 'Add staff member' });
  await add.getByLabel('Username').fill('mnorberg');
  await add.getByLabel('Full name').fill('Dr Maja Norberg');
  await add.getByLabel('Role').selectOption({ label: 'Clinician' });
  await add.getByLabel('Initial password').fill('first-day-password-77');
  await add.getByRole('button', { name: 'Add staff member' }).click();
  const row = page.getByRole('table', { name: 'Staff' }).getByRole('row', { name: /Dr Maja Norberg/ });
  await expect(row).toContainText('Never');
  await row.getByRole('button', { name: 'Reset the password of mnorberg' }).click();
  const reset = page.getByRole('dialog', { name: 'Reset the password of mnorberg' });
  await reset.getByLabel('New initial password').fill('a-new-start-password-42');
  await snapBoth(page, snap, 'corrections-11-reset-password');
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'mnorberg has a new initial password' })).toBeVisible();
  await expect(row).toContainText('Must change password');
  await snapBoth(page, snap, 'corrections-12-staff');
  await signOut(page);
  await signIn(page, 'mnorberg', 'a-new-start-password-42');
  // They must choose their own password before anything else.
  await expect(page.getByLabel('New password', { exact: true })).toBeVisible();
});

test('separation of duties: a photographer corrects a photo’s details but cannot move, delete or merge', async ({ app }) => {
  const { page, phi } = app;
  phi.push(ADA.familyName, ADA.mrn);
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  await registerPatient(page, ADA);
  await page.getByRole('banner').getByRole('button', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const add = page.getByRole('dialog', { name: 'Add staff member' });
  await add.getByLabel('Username').fill('pholm');
  await add.getByLabel('Full name').fill('Petra Holm');
  await add.getByLabel('Role').selectOption({ label: 'Photographer / medical assistant' });
  await add.getByLabel('Initial password').fill('first-day-password-77');
  await add.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('table', { name: 'Staff' })).toContainText('Petra Holm');
  await signOut(page);

  await signIn(page, 'pholm', 'first-day-password-77');
  await page.getByLabel('Initial password').fill('first-day-password-77');
  await page.getByLabel('New password', { exact: true }).fill('petra-own-password-55');
  await page.getByLabel('Confirm new password').fill('petra-own-password-55');
  await page.getByRole('button', { name: 'Change password' }).click();
  await openPatient(page, ADA);
  // The record's corrections are not hers to make: only its history is offered.
  const bar = patientCorrections(page);
  await expect(bar.getByRole('button', { name: 'Correction history' })).toBeVisible();
  for (const name of ['Correct details', 'Merge a duplicate record', 'Mark as entered in error', 'Deleted photos']) await expect(bar.getByRole('button', { name })).toHaveCount(0);

  await takePhoto(page, 1, { chooseProvider: true });
  await page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button').first().click();
  const corrections = page.getByRole('dialog', { name: /^Photo taken / }).getByRole('region', { name: 'Corrections' });
  await expect(corrections.getByRole('button', { name: 'Correct details' })).toBeVisible();
  for (const name of ['Move to another patient', 'Delete photo']) await expect(corrections.getByRole('button', { name })).toHaveCount(0);
});
