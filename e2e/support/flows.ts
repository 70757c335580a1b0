// Steps a user takes, written once and shared by the scenarios. Elements are found by role and
// accessible name, the way a screen reader finds them.
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export interface AdminAccount {
  readonly clinicName: string;
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
}

export interface PatientInput {
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  readonly birthDate: string;
  readonly sexLabel: 'Female' | 'Male' | 'Other' | 'Unknown';
}

export async function fillSetup(page: Page, admin: AdminAccount, password = admin.password): Promise<void> {
  await page.getByLabel('Clinic name').fill(admin.clinicName);
  await page.getByLabel('Administrator username').fill(admin.username);
  await page.getByLabel('Full name').fill(admin.displayName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Set up workstation' }).click();
  // A successful setup shows the vault recovery code once (e2e/keys.spec.ts reads it): acknowledge it.
  const recovery = page.getByRole('heading', { name: 'Vault recovery code' });
  await Promise.race([recovery.waitFor(), page.locator('[aria-invalid="true"], [role="alert"]').first().waitFor()]).catch(() => undefined);
  if (await recovery.isVisible()) {
    await page.getByLabel('I have stored it safely').check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

export async function registerPatient(page: Page, p: PatientInput): Promise<void> {
  await page.getByRole('button', { name: 'Register patient' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register patient' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('MRN').fill(p.mrn);
  await dialog.getByLabel('Family name').fill(p.familyName);
  await dialog.getByLabel('Given name').fill(p.givenName);
  await dialog.getByLabel('Date of birth').fill(p.birthDate);
  await dialog.getByLabel('Sex').selectOption({ label: p.sexLabel });
  await dialog.getByRole('button', { name: 'Register patient' }).click();
}

export const fullName = (p: PatientInput): string => `${p.familyName}, ${p.givenName}`;

/** The rows of the patient results table, as their name cells read. */
export async function resultNames(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Patients' });
  return table.getByRole('rowheader').allInnerTexts();
}

/**
 * Resolves when the image in `selector` is decoded and shown; returns its width in image pixels. An
 * <img> counts once complete; a gallery tile's canvas once it holds its bitmap (data-thumb="shown").
 */
export async function loadedNaturalWidth(page: Page, selector: ReturnType<Page['locator']>): Promise<number> {
  let width = 0;
  await expect
    .poll(
      async () => {
        width = await selector.evaluate((img) => {
          const el = img as unknown as { complete?: boolean; naturalWidth?: number; width: number; dataset: { thumb?: string } };
          if (el.naturalWidth === undefined) return el.dataset.thumb === 'shown' ? el.width : 0;
          return el.complete ? el.naturalWidth : 0;
        });
        return width;
      },
      { timeout: 15_000, intervals: [25, 50, 100] },
    )
    .toBeGreaterThan(0);
  return width;
}

/** Picks a body site on the capture screen's body map and a view: capture needs both. */
export async function chooseBodySite(page: Page, region = 'Forehead', view = 'Anterior (front)'): Promise<void> {
  // Small regions are offered only once the map is zoomed to their part of the body.
  for (const zoom of ['Whole body', 'Head', 'Trunk', 'Arms', 'Legs']) {
    await page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: zoom, exact: true }).click();
    const target = page.getByRole('group', { name: /^Body map/ }).getByRole('button', { name: region, exact: true });
    if ((await target.count()) > 0) {
      await target.click();
      break;
    }
  }
  await page.getByLabel('View', { exact: true }).selectOption({ label: view });
}

/** After setup: confirms the recovery code was stored, when the screen asks (it does once). */
export async function acknowledgeRecoveryCode(page: Page): Promise<void> {
  const stored = page.getByRole('checkbox', { name: 'I have stored it safely' });
  const patients = page.getByRole('heading', { name: 'Patients', level: 1 });
  await expect(stored.or(patients)).toBeVisible();
  if (await stored.isVisible()) {
    await stored.check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}
