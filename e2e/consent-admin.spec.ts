// The administrator's side of photo consent, end to end in real Chromium: the "Consent forms"
// screen lists the shipped template, "Copy and edit" opens the editor, the core's validation shows
// under the field, saving makes version 2 beside an unchanged version 1; the policy "Capture needs a
// signed photo consent" turns off the shutter for a patient without one (the reason and a "Sign
// consent" button beside it) until a consent granting clinical use is recorded; a delivery target names its purpose. Screenshots at 1280×800 of the
// screen, the editor, both versions and the blocked shutter go to e2e/screenshots.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { renderClinicalScene } from '../main/core/capture/simulated-camera';
import { fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, SCREENSHOT_DIR, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Lakeside Dermatology', username: 'aokafor', displayName: 'Dr Adaeze Okafor', password: 'granite-osprey-meadow-52' };
const PATIENT: PatientInput = { mrn: 'LD-3307-118', familyName: 'Verhoeven-Castillo', givenName: 'Marisol', birthDate: '1986-04-19', sexLabel: 'Female' };
const ADDED = 'Photos of the face are shown in teaching only with the eyes covered.';

/** The element lies wholly inside the 1280×800 viewport: nothing to scroll to. */
async function inViewport(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  expect(box, 'element has a box').not.toBeNull();
  expect(viewport).toEqual({ width: 1280, height: 800 });
  if (!box || !viewport) return;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });

test('an administrator versions a consent form, requires consent for capture, and names a target purpose', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await fillSetup(page, ADMIN);
  const banner = page.getByRole('banner');

  // The screen lists the shipped template, version 1, and shows its exact text.
  await banner.getByRole('button', { name: 'Consent forms' }).click();
  await expect(page.getByRole('heading', { name: 'Consent forms', level: 1 })).toBeVisible();
  const versions = page.getByRole('region', { name: 'Forms and versions' });
  await expect(versions.getByRole('button', { name: /^Show .* version 1$/ })).toHaveCount(1);
  const text = page.getByLabel('Exact text of this version');
  await expect(text).toContainText('{{clinicName}}');
  const policy = page.getByRole('region', { name: 'Consent policy' });
  await expect(policy.getByLabel('Capture needs a signed photo consent')).not.toBeChecked();
  await expect(policy.getByRole('radio', { name: /Allowed for care without a consent/ })).toBeChecked();
  await inViewport(page, page.getByRole('button', { name: 'Copy and edit' }));
  await shot(page, 'consent-admin-01-forms');

  // Copy and edit: the editor says saving makes a new version; the core's validation shows under the field.
  await page.getByRole('button', { name: 'Copy and edit' }).click();
  const editor = page.getByRole('form', { name: /^Edit a copy of / });
  await expect(editor).toContainText('Saving creates a new version. Saved versions are never changed');
  await expect(editor).toContainText('{{clinicName}}');
  const original = await editor.getByLabel('Text').inputValue();
  await editor.getByLabel('Language').fill('english');
  await editor.getByLabel('Text').fill(`${original}\n${ADDED}`);
  await editor.getByRole('button', { name: 'Save new version' }).click();
  await expect(editor.getByText('Language must be a language tag such as en or fr-CA.')).toBeVisible();
  await expect(editor.getByLabel('Language')).toHaveAttribute('aria-invalid', 'true');
  await editor.getByLabel('Language').fill('en');
  await shot(page, 'consent-admin-02-editor');
  await inViewport(page, editor.getByRole('button', { name: 'Save new version' }));
  await editor.getByRole('button', { name: 'Save new version' }).click();

  // Both versions are listed; version 2 is current and holds the edit, version 1 is unchanged.
  await expect(page.getByRole('status').filter({ hasText: /Saved .* version 2\. Earlier versions are unchanged\./ })).toBeVisible();
  await expect(versions.getByRole('button', { name: /^Show .* version \d$/ })).toHaveCount(2);
  await expect(text).toContainText(ADDED);
  const v2Row = versions.getByRole('row').filter({ has: page.getByRole('button', { name: /version 2$/ }) });
  await expect(v2Row).toContainText('current');
  await expect(v2Row).toContainText(ADMIN.displayName);
  await versions.getByRole('button', { name: /version 1$/ }).click();
  await expect(page.getByRole('region', { name: 'Clinical photography consent' })).toContainText('Version 1 ·');
  await expect(text).not.toContainText(ADDED);
  expect(await text.textContent()).toBe(original);
  await shot(page, 'consent-admin-04-two-versions');
  await inViewport(page, policy.getByRole('button', { name: 'Save policy' }));

  // The policy: capture now needs a signed photo consent.
  await policy.getByLabel('Capture needs a signed photo consent').check();
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByRole('status')).toHaveText('Consent policy saved.');

  // A patient without a consent: the shutter is off, the reason and "Sign consent" stand beside it.
  await banner.getByRole('button', { name: 'Patients' }).click();
  await registerPatient(page, PATIENT);
  await page.getByRole('button', { name: 'Start encounter' }).click();
  const capture = page.getByRole('region', { name: 'Capture' });
  const shutter = capture.getByRole('button', { name: 'Take photo' });
  await expect(shutter).toBeDisabled();
  await expect(shutter).toHaveAccessibleDescription(/only with a signed photo consent.*no consent in force for clinical record and care \(none recorded\)/);
  const signHere = capture.getByRole('button', { name: 'Sign consent' });
  await expect(signHere).toBeVisible();
  await shutter.scrollIntoViewIfNeeded();
  await shot(page, 'consent-admin-03-capture-blocked');
  await signHere.click();
  await expect(page.getByRole('dialog', { name: 'Sign photo consent' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Sign photo consent' }).getByRole('button', { name: 'Close' }).click();

  // A scanned paper consent granting clinical use frees the shutter at once (no wait for the poll).
  await page.getByRole('region', { name: 'Photo consent' }).getByRole('button', { name: 'Record paper consent' }).click();
  const paper = page.getByRole('dialog', { name: 'Record paper consent' });
  await paper.getByLabel('Scanned form (PDF, JPEG or PNG)').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: await renderClinicalScene(800, 600, 1) });
  await paper.getByLabel('Clinical record and care').selectOption('grant');
  await paper.getByRole('button', { name: 'Record paper consent' }).click();
  await expect(paper).toHaveCount(0);
  await expect(shutter).not.toHaveAccessibleDescription(/signed photo consent/, { timeout: 3_000 });
  await expect(signHere).toHaveCount(0);

  // A delivery target names its purpose; the list shows it and an edit keeps it.
  await banner.getByRole('button', { name: 'Delivery' }).click();
  await page.getByRole('button', { name: 'Add a target' }).click();
  const form = page.getByRole('form', { name: 'Add a delivery target' });
  await expect(form.getByLabel('Purpose')).toHaveValue('clinical');
  await expect(form.getByLabel('Purpose').getByRole('option')).toHaveCount(7);
  await form.getByLabel('Name', { exact: true }).fill('Teaching archive');
  await form.getByLabel('Base URL').fill('http://127.0.0.1:9/dicom-web');
  await form.getByLabel('Authentication').selectOption({ label: 'None' });
  await form.getByLabel('Purpose').selectOption({ label: 'Internal teaching' });
  await form.getByLabel('Deliver new photos to this target').uncheck();
  await form.getByRole('button', { name: 'Add target' }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'Teaching archive' });
  await expect(row).toContainText('purpose: Internal teaching');
  await row.getByRole('button', { name: 'Edit Teaching archive' }).click();
  await expect(page.getByRole('form', { name: 'Edit Teaching archive' }).getByLabel('Purpose')).toHaveValue('education');
});
