// Roles at the capture desk (issue 13), end to end in the browser shell: the front desk checks a
// patient in (reason and the clinician it is for) and sees neither photos nor the capture screen;
// the photographer then captures into that encounter, the context bar naming the clinician as
// provider and the photographer apart, and sees the photo they took.
import type { Page } from '@playwright/test';
import type { ClinicApi } from '../shared/bridge';
import { acknowledgeRecoveryCode, chooseBodySite, fillSetup, fullName, registerPatient, signIn, signOut, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Westbrook Skin Clinic', username: 'hmoreau', displayName: 'Dr Hélène Moreau', password: 'granite-willow-ember-47' };
const STAFF = {
  clinician: { username: 'kosei', displayName: 'Dr Kwame Osei', role: 'clinician', initialPassword: 'harbour-fennel-quartz-12' },
  desk: { username: 'lpetrov', displayName: 'Lena Petrova', role: 'front_desk', initialPassword: 'meadow-copper-violin-35' },
  photographer: { username: 'jnakata', displayName: 'Jun Nakata', role: 'photographer', initialPassword: 'orchid-lantern-basalt-58' },
} as const;
const OWN_PASSWORD = 'tidal-juniper-marble-904';
const PATIENT: PatientInput = { mrn: 'WB-66120', familyName: 'Achterberg', givenName: 'Noor', birthDate: '1990-07-30', sexLabel: 'Female' };
const REASON = 'Rash on both forearms';

async function firstSignIn(page: Page, who: { username: string; initialPassword: string }): Promise<void> {
  await signIn(page, who.username, who.initialPassword);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await page.getByLabel('Initial password').fill(who.initialPassword);
  await page.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel('Confirm new password').fill(OWN_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
}

async function openPatient(page: Page): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search patients' }).fill(PATIENT.mrn);
  await page.getByRole('button', { name: fullName(PATIENT) }).click();
  await expect(page.getByRole('heading', { name: fullName(PATIENT), level: 1 })).toBeVisible();
}

test('the front desk checks a patient in for a clinician without seeing photos; the photographer captures and sees their photo', async ({ app }) => {
  const { page, phi, snap } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn, REASON);
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  for (const s of Object.values(STAFF)) {
    const r = await page.evaluate((c) => (globalThis as unknown as { clinic: ClinicApi }).clinic.users.create(c), s);
    expect(r.ok).toBe(true);
  }
  await registerPatient(page, PATIENT);
  await signOut(page);

  // Front desk: check-in with a reason and the clinician; no capture screen, no gallery.
  await firstSignIn(page, STAFF.desk);
  await openPatient(page);
  await expect(page.getByRole('region', { name: 'Capture' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Take photo' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Photos, newest first' })).toHaveCount(0);
  await page.getByLabel('Reason for visit (optional)').fill(REASON);
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Choose the clinician this encounter is for.' })).toBeVisible();
  await page.getByLabel('Provider (clinician responsible)').selectOption({ label: STAFF.clinician.displayName });
  await page.getByRole('button', { name: 'Start encounter' }).click();
  const encounter = page.getByRole('radio', { name: new RegExp(REASON) });
  await expect(encounter).toHaveAccessibleName(new RegExp(`Provider: ${STAFF.clinician.displayName}$`));
  await snap('capture-roles-01-front-desk-check-in');
  await signOut(page);

  // Photographer: today's encounter is chosen; the provider is the clinician, the photographer is named apart.
  await firstSignIn(page, STAFF.photographer);
  await openPatient(page);
  const context = page.getByRole('region', { name: 'Capture context' });
  await expect(context.getByRole('definition').nth(4)).toHaveText(STAFF.clinician.displayName);
  await expect(context.getByRole('definition').nth(5)).toHaveText(STAFF.photographer.displayName);
  await chooseBodySite(page, 'Chest');
  await page.getByRole('button', { name: 'Take photo' }).click();
  const photos = page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button');
  await expect(photos).toHaveCount(1, { timeout: 30_000 });
  await expect(photos.first()).toHaveAccessibleName(new RegExp(`by ${STAFF.photographer.displayName}$`));
  await expect(encounter).toHaveAccessibleName(new RegExp(`${STAFF.clinician.displayName} · 1 photo$`));
  await snap('capture-roles-02-photographer');
});
