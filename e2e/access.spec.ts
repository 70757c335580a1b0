// Access control end to end in the browser shell: a restricted patient is hidden from a clinician's
// name search and blocked when found by MRN; break-glass with a reason opens it under a visible
// emergency-access banner; the privacy officer sees the alert with the reason and acknowledges it;
// an administrator restricts a record from the access screen. The data directory is scanned for
// plaintext afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { launchBrowserShell } from '../main/browser-shell/index';
import { addStaff, signedIn, STAFF_PASSWORD } from '../main/core/access/test-staff';
import { ADMIN, testCore, unwrap } from '../main/core/test-support/fixtures';
import { scanForPlaintext } from '../main/core/test-support/plaintext-scan';
import { signIn, signOut } from './support/flows';
import { SCREENSHOT_DIR, TEST_KDF_COST } from './support/shell';

const VIP = { mrn: 'HD-7001-VIP', familyName: 'Ravensworth', givenName: 'Isolde', birthDate: '1975-09-30', sex: 'F' } as const;
const STAFFER = { mrn: 'HD-7002-STF', familyName: 'Quillfeather', givenName: 'Marek', birthDate: '1990-01-12', sex: 'M' } as const;
const RESTRICT_REASON = 'Well-known broadcaster, confidentiality';
const BREAK_REASON = 'Urgent review of a rapidly changing lesion; usual dermatologist away';

interface Seeded {
  readonly page: Page;
  readonly dataDir: string;
  /** Moves the core's clock forward (grant expiry) without waiting. */
  advanceClock(ms: number): void;
}

/** A clinic prepared in Node (admin, a clinician, a privacy officer, two patients, one restricted), then opened in the shell. */
const test = base.extend<{ clinic: Seeded }>({
  clinic: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-access-'));
    const core = testCore(dataDir);
    const admin = core.connect();
    unwrap(await admin.api.setup.initialize({ clinicName: 'Harbourside Dermatology', admin: ADMIN }));
    await addStaff(dataDir, { drgrey: 'clinician', privacy: 'privacy_officer' });
    unwrap(await admin.api.patients.register(VIP));
    unwrap(await admin.api.patients.register(STAFFER));
    unwrap(await (await signedIn(core, 'privacy')).api.access.restrict({ mrn: VIP.mrn, category: 'vip', reason: RESTRICT_REASON }));
    await core.close();

    let offsetMs = 0;
    const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST, clock: () => new Date(Date.now() + offsetMs) });
    try {
      await use({ page: shell.page, dataDir, advanceClock: (ms) => (offsetMs += ms) });
    } finally {
      await shell.close();
    }
    try {
      const findings = await scanForPlaintext(dataDir, [VIP.familyName, VIP.givenName, VIP.mrn, STAFFER.familyName, STAFFER.mrn, RESTRICT_REASON, BREAK_REASON]);
      expect(findings, 'plaintext PHI in the data directory').toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

const search = async (page: Page, text: string) => {
  await page.getByLabel('Search patients').fill(text);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
};

test('restricted record: hidden, blocked, opened by break-glass with a banner, alert reviewed by the privacy officer', async ({ clinic }) => {
  const { page } = clinic;
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn(page, 'drgrey', STAFF_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  // No access screens for a clinician.
  await expect(page.getByRole('banner').getByRole('button', { name: 'Access control' })).toHaveCount(0);

  // Hidden from a name search…
  await search(page, VIP.familyName);
  await expect(page.getByRole('status').filter({ hasText: `No patients match “${VIP.familyName}”` })).toBeVisible();
  // …found by its exact MRN, flagged, and blocked when opened.
  await search(page, VIP.mrn);
  const row = page.getByRole('table', { name: 'Patients' }).getByRole('row').filter({ hasText: VIP.mrn });
  await expect(row).toContainText('Restricted');
  await row.getByRole('button', { name: `${VIP.familyName}, ${VIP.givenName}` }).click();
  await expect(page.getByRole('heading', { name: 'This record is restricted' })).toBeVisible();
  await expect(page.getByRole('heading', { name: `${VIP.familyName}, ${VIP.givenName}` })).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'access-01-restricted.png'), fullPage: true });

  // Break-glass needs a category and a real reason.
  await page.getByRole('button', { name: 'Break the glass…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Emergency access (break the glass)' });
  await expect(dialog).toContainText('60 minutes');
  await dialog.getByLabel('Reason for access').fill('need it');
  await dialog.getByRole('button', { name: 'Open record with emergency access' }).click();
  await expect(dialog.getByText('Reason category is required.')).toBeVisible();
  await expect(dialog.getByText('Reason for access must be at least 20 characters.')).toBeVisible();
  await dialog.getByLabel('Reason category').selectOption({ label: 'Emergency care' });
  await dialog.getByLabel('Reason for access').fill(BREAK_REASON);
  await dialog.getByRole('button', { name: 'Open record with emergency access' }).click();

  // The record opens under a banner that says so for as long as it lasts.
  await expect(page.getByRole('heading', { name: `${VIP.familyName}, ${VIP.givenName}`, level: 1 })).toBeVisible();
  const emergency = page.getByRole('region', { name: 'Emergency access' });
  await expect(emergency).toContainText('Emergency access (break-glass) until');
  await expect(emergency).toContainText('privacy officer has been alerted');
  await expect(page.getByText('Restricted record')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'access-02-break-glass-banner.png'), fullPage: true });
  await signOut(page);

  // The privacy officer sees the alert with the reason, and acknowledges it.
  await signIn(page, 'privacy', STAFF_PASSWORD);
  await page.getByRole('banner').getByRole('button', { name: 'Access alerts' }).click();
  const alerts = page.getByRole('table', { name: 'Access alerts' });
  const alert = alerts.getByRole('row').filter({ hasText: 'drgrey' });
  await expect(alert).toContainText(VIP.mrn);
  await expect(alert).toContainText('Emergency care');
  await expect(alert).toContainText(BREAK_REASON);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'access-03-alerts.png'), fullPage: true });
  await alert.getByRole('button', { name: 'Acknowledge alert for drgrey' }).click();
  await expect(page.getByText('No alerts to review.')).toBeVisible();
  await page.getByLabel('Show acknowledged').check();
  await expect(alerts.getByRole('row').filter({ hasText: 'drgrey' })).toContainText('Reviewed');

  // The privacy officer restricts another record from the access screen.
  await page.getByRole('banner').getByRole('button', { name: 'Access control' }).click();
  const form = page.getByRole('form', { name: 'Restrict a patient' });
  await form.getByLabel('Patient MRN').fill(STAFFER.mrn);
  await form.getByLabel('Restriction category').selectOption({ label: 'Staff member' });
  await form.getByLabel('Reason for restriction').fill('Member of our own staff');
  await form.getByRole('button', { name: 'Restrict record' }).click();
  await expect(page.getByRole('table', { name: 'Restricted patients' }).getByRole('row').filter({ hasText: STAFFER.mrn })).toContainText('Staff member');
  // Grants are visible to the privacy officer but only administrators may create them.
  await expect(page.getByRole('form', { name: 'Grant access' })).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'access-04-access-screen.png'), fullPage: true });
});

test('an administrator grants a clinician time-limited access to a restricted record; it opens without break-glass until it ends', async ({ clinic }) => {
  const { page } = clinic;
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.getByRole('banner').getByRole('button', { name: 'Access control' }).click();
  const form = page.getByRole('form', { name: 'Grant access' });
  await form.getByLabel('Staff member').selectOption({ label: 'Test drgrey (Clinician)' });
  await form.getByLabel('Patient MRN').fill(VIP.mrn);
  const today = new Date();
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await form.getByLabel('Last day').fill(iso(new Date(today.getTime() + 86_400_000)));
  await form.getByLabel('Reason for grant').fill('Covering Dr Shah during leave');
  await form.getByRole('button', { name: 'Grant access' }).click();
  await expect(page.getByRole('table', { name: 'Grants' }).getByRole('row').filter({ hasText: 'Test drgrey' })).toContainText(VIP.mrn);
  // Administrators are bound by restrictions too: the record stays blocked for them.
  await page.getByRole('banner').getByRole('button', { name: 'Patients' }).click();
  await search(page, VIP.mrn);
  await page.getByRole('table', { name: 'Patients' }).getByRole('button', { name: `${VIP.familyName}, ${VIP.givenName}` }).click();
  await expect(page.getByRole('heading', { name: 'This record is restricted' })).toBeVisible();
  await signOut(page);

  await signIn(page, 'drgrey', STAFF_PASSWORD);
  await search(page, VIP.familyName); // with a grant, name search finds the record
  await page.getByRole('table', { name: 'Patients' }).getByRole('button', { name: `${VIP.familyName}, ${VIP.givenName}` }).click();
  await expect(page.getByRole('heading', { name: `${VIP.familyName}, ${VIP.givenName}`, level: 1 })).toBeVisible();
  await expect(page.getByText('opened under a time-limited grant')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Emergency access' })).toHaveCount(0);
  await signOut(page);

  // Three days later the grant has ended: blocked again.
  clinic.advanceClock(3 * 86_400_000);
  await signIn(page, 'drgrey', STAFF_PASSWORD);
  await search(page, VIP.familyName);
  await expect(page.getByRole('status').filter({ hasText: `No patients match “${VIP.familyName}”` })).toBeVisible();
  await search(page, VIP.mrn);
  await page.getByRole('table', { name: 'Patients' }).getByRole('button', { name: `${VIP.familyName}, ${VIP.givenName}` }).click();
  await expect(page.getByRole('heading', { name: 'This record is restricted' })).toBeVisible();
});
