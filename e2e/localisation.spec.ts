// The screens in the clinic's language (issue 16), in the browser shell: the operating system's
// language by default; an administrator sets the workstation's (the sign-in screen speaks it); each
// user sets their own; Arabic lays the screens out right to left and never mirrors a photo. The
// screenshots of the sign-in, patients, patient (capture) and audit screens in German and Arabic at
// 1280×800 go to e2e/screenshots for a person to look at: no clipped German labels, a right-to-left
// layout that reads correctly. Labels are found through the catalogue itself, so the test follows
// the translations rather than copying them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { launchBrowserShell, type BrowserShell } from '../main/browser-shell/index';
import { unwrap } from '../main/core/test-support/fixtures';
import { scanForPlaintext } from '../main/core/test-support/plaintext-scan';
import { translator } from '../shared/i18n/intl';
import type { Locale } from '../shared/i18n/locales';
import { fillSetup, type AdminAccount } from './support/flows';
import { expect, SCREENSHOT_DIR, test, TEST_KDF_COST } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Praxis am Rosenhof', username: 'ahartmann', displayName: 'Dr Anja Hartmann', password: 'quartz-lantern-orchard-58' };
const PATIENT = { mrn: 'RH-40-1187', familyName: 'Al-Rashid', givenName: 'Layla', birthDate: '1986-07-14', sex: 'F' as const };
const t = (locale: Locale) => translator(locale).t;

async function launch(locale?: string): Promise<{ shell: BrowserShell; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-l10n-'));
  const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST, ...(locale ? { locale } : {}) });
  return { shell, dataDir };
}

async function close({ shell, dataDir }: { shell: BrowserShell; dataDir: string }): Promise<void> {
  await shell.close();
  try {
    expect(await scanForPlaintext(dataDir, [PATIENT.familyName, PATIENT.mrn])).toEqual([]);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const snap = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });

/** Nothing overflows its box horizontally: a clipped German label would. */
async function clippedTexts(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, label, h1, h2, th, .app-header__nav *')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') out.push(el.textContent.trim().slice(0, 60));
    }
    return out;
  })()`);
}

test('the screens follow the operating system, the workstation and the user; Arabic is right to left', async () => {
  test.setTimeout(120_000);
  const run = await launch();
  const { shell } = run;
  const page = shell.page;
  try {
    await fillSetup(page, ADMIN);
    await expect(page.getByRole('navigation', { name: t('en')('app.nav.main') })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // The patient and a photo come in through the core, as the CLI's import would.
    const api = shell.core.connect({ local: true });
    unwrap(await api.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
    const patient = unwrap(await api.api.patients.register(PATIENT));
    unwrap(await api.api.encounters.start({ patientId: patient.id, reason: 'Naevus review' }));
    const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 200, g: 150, b: 120 } } }).jpeg().toBuffer();
    unwrap(await api.api.photos.import({ mrn: PATIENT.mrn, bytes: jpeg, device: 'l10n-test' }));

    // An administrator sets the workstation's language: every screen turns German at once.
    await page.getByRole('button', { name: t('en')('app.language.button') }).click();
    await page.getByLabel(t('en')('app.language.workstation')).selectOption('de');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { name: t('de')('app.language.title') })).toBeVisible();
    const de = t('de');
    const nav = page.getByRole('navigation', { name: de('app.nav.main') });
    await nav.getByRole('button', { name: de('app.nav.patients') }).click();
    await page.getByText(PATIENT.familyName).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(PATIENT.familyName);
    await snap(page, 'l10n-de-patient');
    await nav.getByRole('button', { name: de('app.nav.audit') }).click();
    await snap(page, 'l10n-de-audit');
    expect(await clippedTexts(page)).toEqual([]);
    await nav.getByRole('button', { name: de('app.nav.patients') }).click();
    await snap(page, 'l10n-de-patients');

    // Signed out, the sign-in screen speaks the workstation's language.
    await page.getByRole('banner').getByRole('button', { name: de('app.signOut') }).click();
    await expect(page.locator('input[name="username"]')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await snap(page, 'l10n-de-sign-in');
    expect(await clippedTexts(page)).toEqual([]);
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.locator('input[name="password"]').press('Enter');

    // The user chooses Arabic for themselves: right to left, the header mirrored, photos not.
    await page.getByRole('button', { name: de('app.language.button') }).click();
    await page.getByLabel(de('app.language.mine')).selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    const ar = t('ar');
    const arNav = page.getByRole('navigation', { name: ar('app.nav.main') });
    await arNav.getByRole('button', { name: ar('app.nav.patients') }).click();
    await snap(page, 'l10n-ar-patients');
    const brand = await page.locator('.app-header__brand').boundingBox();
    const user = await page.locator('.app-header__user').boundingBox();
    expect(brand!.x).toBeGreaterThan(user!.x);
    await page.getByText(PATIENT.familyName).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(PATIENT.familyName);
    // The first photo (a gallery tile draws its thumbnail in a canvas): shown, never mirrored.
    const img = page.locator('.thumb__img').first();
    await expect(img).toBeVisible();
    expect(await img.evaluate('getComputedStyle(document.querySelector(".thumb__img")).transform')).toBe('none');
    await snap(page, 'l10n-ar-patient');
    await arNav.getByRole('button', { name: ar('app.nav.audit') }).click();
    await snap(page, 'l10n-ar-audit');

    // The user's choice comes back at the next sign-in; signed out, the workstation's holds.
    await page.getByRole('banner').getByRole('button', { name: ar('app.signOut') }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.locator('input[name="password"]').press('Enter');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByRole('banner').getByRole('button', { name: ar('app.signOut') }).click();
    await snap(page, 'l10n-ar-sign-in-workstation-de');
  } finally {
    await close(run);
  }
});

test('with no choice made, the screens follow the operating system', async () => {
  const run = await launch('fr-FR');
  try {
    await expect(run.shell.page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(run.shell.page.locator('html')).toHaveAttribute('dir', 'ltr');
  } finally {
    await close(run);
  }
  const arabic = await launch('ar-EG');
  try {
    await expect(arabic.shell.page.locator('html')).toHaveAttribute('dir', 'rtl');
    await snap(arabic.shell.page, 'l10n-ar-setup-from-os');
  } finally {
    await close(arabic);
  }
});
