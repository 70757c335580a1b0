// Keys through the real UI in the browser shell: setup shows the vault recovery code once and
// only continues after "I have stored it safely"; the administrator's Security keys screen rotates
// the keys and shows a new code once, and the rotated vault opens again; a wrong password changes
// nothing. Ends with the plaintext scan of the data directory (support/shell).
import type { Page } from '@playwright/test';
import type { AdminAccount } from './support/flows';
import { signIn, signOut } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Keyhaven Skin Clinic', username: 'mokafor', displayName: 'Dr Mara Okafor', password: 'copper-heron-lattice-81' };
const CODE = /^(?:[0-9A-Z]{4}-){7}[0-9A-Z]{4}$/;

async function readCode(page: Page): Promise<string> {
  const value = (await page.getByLabel('Recovery code', { exact: true }).textContent())?.trim() ?? '';
  expect(value).toMatch(CODE);
  return value;
}

test('recovery code at setup, key rotation from the Security keys screen', async ({ app }) => {
  const { page, snap } = app;
  await page.getByLabel('Clinic name').fill(ADMIN.clinicName);
  await page.getByLabel('Administrator username').fill(ADMIN.username);
  await page.getByLabel('Full name').fill(ADMIN.displayName);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Set up workstation' }).click();

  // The code, once; Continue only after the confirmation.
  await expect(page.getByRole('heading', { name: 'Vault recovery code' })).toBeVisible();
  const first = await readCode(page);
  const proceed = page.getByRole('button', { name: 'Continue' });
  await expect(proceed).toBeDisabled();
  await snap('keys-01-setup-recovery-code');
  await page.getByLabel('I have stored it safely').check();
  await proceed.click();
  await expect(page.getByRole('banner')).toContainText(ADMIN.displayName);
  await expect(page.getByText(first)).toHaveCount(0);

  // Security keys: version 1, recovery code set.
  await page.getByRole('banner').getByRole('button', { name: 'Security keys' }).click();
  await expect(page.getByRole('heading', { name: 'Security keys', level: 1 })).toBeVisible();
  await expect(page.getByText('Key version')).toBeVisible();
  await snap('keys-02-screen');

  // A wrong password is refused and changes nothing.
  await page.getByRole('button', { name: 'Rotate keys' }).click();
  const form = page.getByRole('form', { name: 'Rotate keys' });
  await form.getByLabel('Your password').fill('not-my-password-at-all');
  await form.getByRole('button', { name: 'Confirm' }).click();
  await expect(form.getByRole('alert')).toBeVisible();

  // The real rotation: a new code, shown once.
  await form.getByLabel('Your password').fill(ADMIN.password);
  await form.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('status')).toContainText('Keys rotated to version 2');
  const second = await readCode(page);
  expect(second).not.toBe(first);
  await snap('keys-03-rotated');
  await page.getByLabel('I have stored it safely').check();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(second)).toHaveCount(0);
  await expect(page.locator('.keys-screen__facts')).toContainText('2');

  // Sign out and in again: the rotated vault opens with the same password.
  await signOut(page);
  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole('banner')).toContainText(ADMIN.displayName);
});
