// Identity and sessions end to end in the browser shell: an administrator creates a clinician; the
// clinician replaces the initial password at first sign-in and enrolls TOTP (codes computed here
// from the secret the screen shows); sign-in asks for the code; the core's idle lock (its clock
// advanced) and the renderer's own timer (the page clock fast-forwarded) both bring up a lock
// screen with no patient data in the DOM; unlock; switch user. The data directory is scanned for
// plaintext afterwards (support/shell).
import type { Page } from '@playwright/test';
import { hotp, totpStep } from '../main/core/auth/totp';
import { fillSetup, fullName, registerPatient, signIn, signOut, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Northgate Skin Clinic', username: 'mokoro', displayName: 'Dr Mira Okoro', password: 'violet-harbour-kettle-81' };
const CLINICIAN = { username: 'tbrandt', displayName: 'Tomas Brandt-Ilves', initial: 'first-morning-coffee-22', own: 'granite-meadow-lantern-7' };
const PATIENT: PatientInput = { mrn: 'NG-4471-208', familyName: 'Wojciechowska-Ade', givenName: 'Halina', birthDate: '1969-04-11', sexLabel: 'Female' };

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/\s/g, '')) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

async function expectNoPhiInDom(page: Page) {
  const html = await page.content();
  for (const value of [PATIENT.familyName, PATIENT.givenName, PATIENT.mrn]) expect(html).not.toContain(value);
  expect(await page.locator('img').count()).toBe(0);
}

test('staff accounts, first sign-in, TOTP, idle lock (core and renderer), unlock and switch user', async ({ app }) => {
  const { page, snap, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn, CLINICIAN.displayName, CLINICIAN.initial, CLINICIAN.own, ADMIN.password);
  let offsetMs = 0;
  const advance = (ms: number) => {
    offsetMs += ms;
    app.advanceClock(ms);
  };
  const code = (secret: Buffer) => hotp(secret, totpStep(new Date(Date.now() + offsetMs)));

  await fillSetup(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  await registerPatient(page, PATIENT);
  await expect(page.getByRole('heading', { name: fullName(PATIENT), level: 1 })).toBeVisible();

  // The administrator adds a clinician with an initial password.
  await page.getByRole('banner').getByRole('button', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add staff member' });
  await dialog.getByLabel('Username').fill(CLINICIAN.username);
  await dialog.getByLabel('Full name').fill(CLINICIAN.displayName);
  await dialog.getByLabel('Role').selectOption({ label: 'Clinician' });
  await dialog.getByLabel('Initial password').fill('password1234');
  await dialog.getByRole('button', { name: 'Add staff member' }).click();
  await expect(dialog.getByText(/too common/)).toBeVisible();
  await dialog.getByLabel('Initial password').fill(CLINICIAN.initial);
  await dialog.getByRole('button', { name: 'Add staff member' }).click();
  const row = page.getByRole('table', { name: 'Staff' }).getByRole('row', { name: new RegExp(CLINICIAN.displayName) });
  await expect(row).toContainText('Must change password');
  await snap('identity-01-staff');
  await signOut(page);

  // First sign-in: the initial password must be replaced before anything else.
  await signIn(page, CLINICIAN.username, CLINICIAN.initial);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await page.getByLabel('Initial password').fill(CLINICIAN.initial);
  await page.getByLabel('New password', { exact: true }).fill(CLINICIAN.own);
  await page.getByLabel('Confirm new password').fill(CLINICIAN.own);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Clinician');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Staff' })).toHaveCount(0);

  // Enroll TOTP: the QR code is an image, the key is shown for typing; a code confirms it.
  await page.getByRole('banner').getByRole('button', { name: 'My account' }).click();
  await page.getByRole('button', { name: 'Set up two-step verification' }).click();
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await expect(qr).toBeVisible();
  await expect.poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
  const secret = base32Decode(await page.getByLabel('Secret key').innerText());
  expect(secret.length).toBe(20);
  await snap('identity-02-totp-enroll');
  const enrollmentCode = code(secret);
  await page.getByLabel('Code from the app').fill(enrollmentCode);
  await page.getByRole('button', { name: 'Turn on' }).click();
  const recovery = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(recovery).toHaveCount(10);
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByRole('heading', { name: 'Two-step verification is on' })).toBeVisible();
  await signOut(page);

  // Sign-in now asks for the code; the code used to enroll is refused (replay), a later step's works.
  await signIn(page, CLINICIAN.username, CLINICIAN.own);
  await expect(page.getByRole('heading', { name: 'Verification code' })).toBeVisible();
  await page.getByLabel('Code', { exact: true }).fill(enrollmentCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('not valid or was already used');
  advance(30_000);
  await page.getByLabel('Code', { exact: true }).fill(code(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();

  // Open the patient, then let the core's idle time pass (the renderer's own timer runs on real
  // time and has not fired): the next request the page makes, at the latest its periodic session
  // check, finds the session locked in the core, and the lock screen replaces the patient.
  await page.getByRole('searchbox', { name: 'Search patients' }).fill(PATIENT.mrn);
  await page.getByRole('table', { name: 'Patients' }).getByRole('rowheader').first().click();
  await expect(page.getByRole('heading', { name: fullName(PATIENT), level: 1 })).toBeVisible();
  advance(5 * 60_000 + 1000);
  await expect(page.getByRole('heading', { name: 'Session locked' })).toBeVisible({ timeout: 20_000 });
  await expectNoPhiInDom(page);
  await snap('identity-03-locked');

  // Unlock: wrong password first, then the right one and a fresh code.
  await page.getByLabel('Password').fill('not-my-password-at-all');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('The password is incorrect.');
  await page.clock.install();
  await page.getByLabel('Password').fill(CLINICIAN.own);
  await page.getByRole('button', { name: 'Unlock' }).click();
  advance(30_000);
  await page.getByLabel('Code', { exact: true }).fill(code(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  // Unlocking returns to where the user was.
  await expect(page.getByRole('heading', { name: fullName(PATIENT), level: 1 })).toBeVisible();

  // The renderer's own timer locks without any request.
  await page.clock.fastForward(5 * 60_000 + 2000);
  await expect(page.getByRole('heading', { name: 'Session locked' })).toBeVisible();
  await expectNoPhiInDom(page);

  // Switch user: the administrator signs in here; the clinician's session is closed.
  await page.getByRole('button', { name: 'Switch user…' }).click();
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Switch user' }).click();
  await expect(page.getByRole('banner')).toContainText(ADMIN.displayName);
  await expect(page.getByRole('banner')).toContainText('Administrator');

  // The administrator disables the clinician: their password no longer opens anything.
  await page.getByRole('banner').getByRole('button', { name: 'Staff' }).click();
  await page.getByRole('button', { name: `Disable ${CLINICIAN.username}` }).click();
  await expect(row).toContainText('Disabled');
  await signOut(page);
  await signIn(page, CLINICIAN.username, CLINICIAN.own);
  await expect(page.getByRole('alert')).toHaveText('The username or password is incorrect.');
});
