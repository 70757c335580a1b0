// The audit and consent screens in German and in Arabic at 1280×800: an administrator switches their
// own language, then walks the audit log, integrity, anomalies and forwarding, the consent forms
// screen and the patient's consent section (and, in a second test, access control, delivery and
// security keys). Screenshots go to e2e/screenshots/ (screens-de-*,
// screens-ar-*) for a person to look at; the test itself checks that no label, heading or button
// in the page is wider than its box (a clipped German word), that Arabic lays out right to left
// (the first tab is the rightmost) while the photo stage stays left to right, and that signing mode
// speaks the consent form's language: an Arabic copy of the form signs in Arabic, right to left.
// Every string the test looks for comes from the catalogue, so it follows the translations.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createIntl, createIntlCache } from '@formatjs/intl';
import type { Locator, Page } from '@playwright/test';
import { intlTag, LOCALE_NAMES, type Locale } from '../shared/i18n/locales';
import { fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = {
  clinicName: 'Praxis am Hafen',
  username: 'hbergmann',
  displayName: 'Dr Hanna Bergmann-Oyelaran',
  password: 'amber-lantern-fjord-42',
};
const PATIENT: PatientInput = { mrn: 'PH-2207-415', familyName: 'Okonkwo-Lindgren', givenName: 'Ifeoma', birthDate: '1984-06-19', sexLabel: 'Female' };

const ARABIC_FORM = 'موافقة التصوير السريري';

// The catalogue's JSON read as files: Playwright's loader does not import JSON modules.
const MESSAGES_DIR = path.resolve(import.meta.dirname, '..', 'shared', 'i18n', 'messages');
const cache = createIntlCache();
function messagesOf(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const area of readdirSync(MESSAGES_DIR)) {
    const messages = JSON.parse(readFileSync(path.join(MESSAGES_DIR, area, `${locale}.json`), 'utf8')) as Record<string, string>;
    for (const [key, message] of Object.entries(messages)) out[`${area}.${key}`] = message;
  }
  return out;
}
const intls = new Map<Locale, ReturnType<typeof createIntl>>();
function say(locale: Locale, id: string, values?: Record<string, string | number>): string {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl({ locale: intlTag(locale), messages: messagesOf(locale) }, cache);
    intls.set(locale, intl);
  }
  expect(intl.messages[id], `message ${id}`).toBeDefined();
  return intl.formatMessage({ id }, values);
}

/** Texts in the page's main area that are wider than their own box: a clipped or overflowing label or choice. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    for (const el of document.querySelectorAll('main :is(button, label, legend, th, h1, h2, h3, dt, .tag, .subnav__item)')) {
      if (el.closest('[role="region"][tabindex]')) continue; // a scrolling table box, reachable by keyboard
      if (el.scrollWidth > el.clientWidth + 1) found.push(el.textContent.trim().slice(0, 60));
    }
    // A select shows its chosen option in a box of its own width: measure the option's text.
    for (const select of document.querySelectorAll('main select')) {
      const text = select.selectedOptions[0]?.textContent ?? '';
      const style = getComputedStyle(select);
      const probe = document.createElement('span');
      probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
      probe.style.font = style.font;
      probe.textContent = text;
      document.body.append(probe);
      const room = select.clientWidth - parseFloat(style.paddingInlineStart) - parseFloat(style.paddingInlineEnd) - 16; // the arrow
      if (probe.offsetWidth > room) found.push(text.trim().slice(0, 60));
      probe.remove();
    }
    return found;
  })()`) as Promise<string[]>;
}

async function chooseMyLanguage(page: Page, from: Locale, to: Locale): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: say(from, 'app.language.button') }).click();
  await page.getByLabel(say(from, 'app.language.mine')).selectOption({ label: LOCALE_NAMES[to] });
  await expect(page.locator('html')).toHaveAttribute('lang', new RegExp(`^${to}`));
}

/** The horizontal centre of an element, to tell which of two sits further right. */
async function centreX(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not laid out');
  return box.x + box.width / 2;
}

async function auditScreens(page: Page, snap: (name: string) => Promise<void>, locale: Locale): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: say(locale, 'app.nav.audit') }).click();
  const tabs = page.getByRole('navigation', { name: say(locale, 'audit.section.nav') });
  await expect(page.getByRole('table', { name: say(locale, 'audit.log.records') })).toBeVisible();
  // Arabic reads right to left: the first tab (the log) is the rightmost one.
  const first = await centreX(tabs.getByRole('button', { name: say(locale, 'audit.section.log') }));
  const second = await centreX(tabs.getByRole('button', { name: say(locale, 'audit.section.integrity') }));
  if (locale === 'ar') expect(first).toBeGreaterThan(second);
  else expect(first).toBeLessThan(second);
  expect(await overflowing(page)).toEqual([]);
  await snap(`screens-${locale}-audit-log`);

  await tabs.getByRole('button', { name: say(locale, 'audit.section.integrity') }).click();
  await page.getByRole('button', { name: say(locale, 'audit.integrity.verify') }).click();
  await expect(page.getByText(say(locale, 'audit.integrity.intact'), { exact: true })).toBeVisible();
  expect(await overflowing(page)).toEqual([]);
  await snap(`screens-${locale}-audit-integrity`);

  await tabs.getByRole('button', { name: say(locale, 'audit.section.anomalies') }).click();
  await expect(page.getByRole('heading', { name: say(locale, 'audit.thresholds.title') })).toBeVisible();
  await expect(page.getByLabel(say(locale, 'audit.thresholds.opensAt'))).toBeVisible();
  expect(await overflowing(page)).toEqual([]);
  await snap(`screens-${locale}-audit-anomalies`);

  await tabs.getByRole('button', { name: say(locale, 'audit.section.forwarding') }).click();
  await expect(page.getByLabel(say(locale, 'audit.forwarding.host'))).toBeVisible();
  expect(await overflowing(page)).toEqual([]);
  await snap(`screens-${locale}-audit-forwarding`);
}

async function openPatient(page: Page, locale: Locale): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: say(locale, 'app.nav.patients') }).click();
  const search = page.getByRole('search').getByRole('textbox').first();
  await search.fill(PATIENT.mrn);
  await search.press('Enter');
  await page.getByRole('button', { name: new RegExp(PATIENT.familyName) }).first().click();
  await expect(page.getByRole('region', { name: say(locale, 'consent.section.title') })).toBeVisible();
}

test('the audit and consent screens in German and Arabic at 1280×800', async ({ app }) => {
  test.setTimeout(240_000);
  const { page, snap, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);
  await registerPatient(page, PATIENT);

  let current: Locale = 'en';
  for (const locale of ['de', 'ar'] as const) {
    await chooseMyLanguage(page, current, locale);
    current = locale;
    await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await auditScreens(page, snap, locale);

    // The consent forms screen; in Arabic, an Arabic copy of the form to sign below.
    await page.getByRole('banner').getByRole('button', { name: say(locale, 'app.nav.consentForms') }).click();
    await expect(page.getByRole('heading', { name: say(locale, 'consent.policy.title') })).toBeVisible();
    expect(await overflowing(page)).toEqual([]);
    await snap(`screens-${locale}-consent-forms`);
    if (locale === 'ar') {
      await page.getByRole('button', { name: say(locale, 'consent.forms.copyEdit') }).click();
      const editor = page.locator('form.consent-editor');
      await editor.getByLabel(say(locale, 'consent.editor.name'), { exact: true }).fill(ARABIC_FORM);
      await editor.getByLabel(say(locale, 'consent.editor.language'), { exact: true }).fill('ar');
      await editor.getByLabel(say(locale, 'consent.editor.text'), { exact: true }).fill('أوافق على تصوير حالتي الجلدية في {{clinicName}} لأغراض الرعاية.');
      await editor.getByLabel(say(locale, 'consent.editor.saveAs')).selectOption('form');
      expect(await overflowing(page)).toEqual([]);
      await snap('screens-ar-consent-editor');
      await editor.getByRole('button', { name: say(locale, 'consent.editor.saveForm') }).click();
      await expect(page.getByRole('status').filter({ hasText: ARABIC_FORM })).toBeVisible();
    }

    await openPatient(page, locale);
    const section = page.getByRole('region', { name: say(locale, 'consent.section.title') });
    await expect(section.getByRole('listitem').filter({ hasText: say(locale, 'consent.scope.education') })).toContainText(say(locale, 'consent.state.none'));
    expect(await overflowing(page)).toEqual([]);
    await snap(`screens-${locale}-patient-consent`);

    await section.getByRole('button', { name: say(locale, 'consent.section.sign') }).click();
    const prepare = page.getByRole('dialog', { name: say(locale, 'consent.prepare.title') });
    await expect(prepare.getByLabel(say(locale, 'consent.prepare.form'))).not.toHaveValue('');
    await prepare.getByLabel(say(locale, 'consent.prepare.whoSigns')).selectOption('parent');
    expect(await overflowing(page)).toEqual([]);
    await snap(`screens-${locale}-consent-prepare`);
    if (locale === 'de') {
      await page.keyboard.press('Escape');
      await expect(prepare).toHaveCount(0);
      continue;
    }

    // Arabic: sign the Arabic form. Signing mode speaks the form's language, right to left.
    await prepare.getByLabel(say(locale, 'consent.prepare.form')).selectOption({ label: say('ar', 'consent.prepare.formOption', { name: ARABIC_FORM, version: 1, language: 'ar' }) });
    await prepare.getByLabel(say(locale, 'consent.prepare.whoSigns')).selectOption('patient');
    await prepare.getByRole('button', { name: say(locale, 'consent.prepare.handOver') }).click();
    const signing = page.locator('.signing');
    await expect(signing).toHaveAttribute('dir', 'rtl');
    await expect(signing.getByRole('heading', { name: say('ar', 'consent.signing.agree') })).toBeVisible();
    const group = signing.getByRole('group', { name: say('ar', 'consent.scope.clinical') });
    await expect(group.getByLabel(say('ar', 'consent.signing.yes'))).toBeVisible();
    // The form's text comes first in the grid, so right to left it is the rightmost column.
    expect(await centreX(signing.getByRole('region', { name: say('ar', 'consent.signing.text') }))).toBeGreaterThan(await centreX(signing.getByRole('heading', { name: say('ar', 'consent.signing.agree') })));
    await snap('screens-ar-consent-signing');
  }
});

test('access control, delivery and security keys in German and Arabic at 1280×800', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, snap } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);

  let current: Locale = 'en';
  for (const locale of ['de', 'ar'] as const) {
    await chooseMyLanguage(page, current, locale);
    current = locale;
    const banner = page.getByRole('banner');

    await banner.getByRole('button', { name: say(locale, 'app.nav.access') }).click();
    await expect(page.getByRole('heading', { name: say(locale, 'access.grants.title') })).toBeVisible();
    expect(await overflowing(page)).toEqual([]);
    await snap(`screens-${locale}-access`);

    await banner.getByRole('button', { name: say(locale, 'app.nav.delivery') }).click();
    await page.getByRole('button', { name: say(locale, 'delivery.targets.add') }).click();
    await expect(page.getByRole('form', { name: say(locale, 'delivery.form.add') })).toBeVisible();
    expect(await overflowing(page)).toEqual([]);
    await snap(`screens-${locale}-delivery`);

    await banner.getByRole('button', { name: say(locale, 'app.nav.keys') }).click();
    await expect(page.getByText(say(locale, 'keys.version'), { exact: true })).toBeVisible();
    expect(await overflowing(page)).toEqual([]);
    await snap(`screens-${locale}-keys`);
  }
});
