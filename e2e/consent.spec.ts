// Photo consent, end to end in real Chromium: staff prepare a signing on the patient screen and hand
// over the screen; the patient answers each use and signs on the pad with the mouse and with a pen
// (pressure and tilt through the DevTools protocol); signing mode shows no app chrome and Escape
// does not leave it; handing back locks the session, so only the staff password returns to the
// patient. The stored PDF opens through its handle and passes `qpdf --check`, its embedded strokes
// are the ones drawn (the mouse's pressure absent, the pen's kept), and an export for a refused use
// is refused by the gate. Screenshots of signing mode at 1280×800 and 1920×1080 go to e2e/screenshots.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ClinicApi } from '../shared/bridge';
import { photoUrl } from '../shared/contract';
import type { SignaturePoint } from '../shared/consent';
import { renderClinicalScene } from '../main/core/capture/simulated-camera';
import { signedIn } from '../main/core/access/test-staff';
import { fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, SCREENSHOT_DIR, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Harbour Skin Clinic', username: 'mkaur', displayName: 'Dr Meera Kaur', password: 'saltmarsh-heron-quartz-41' };
const PATIENT: PatientInput = { mrn: 'HS-5512-903', familyName: 'Lindqvist-Oyelaran', givenName: 'Saoirse', birthDate: '1979-11-02', sexLabel: 'Female' };

/** A mouse stroke through `points` (pad-relative CSS px), slow enough to be a real signature. */
async function mouseStroke(page: Page, origin: { x: number; y: number }, points: readonly [number, number][]): Promise<void> {
  const [first, ...rest] = points;
  if (!first) return;
  await page.mouse.move(origin.x + first[0], origin.y + first[1]);
  await page.mouse.down();
  for (const [x, y] of rest) {
    await page.mouse.move(origin.x + x, origin.y + y, { steps: 4 });
    await page.waitForTimeout(25);
  }
  await page.mouse.up();
}

/** A pen stroke with pressure and tilt, as a digitizer sends it (CDP Input.dispatchMouseEvent). */
async function penStroke(page: Page, origin: { x: number; y: number }, points: readonly [number, number][]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const send = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', x: number, y: number, force: number) =>
    cdp.send('Input.dispatchMouseEvent', { type, x: origin.x + x, y: origin.y + y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1, pointerType: 'pen', force, tiltX: 25, tiltY: -10 });
  const [first, ...rest] = points;
  if (!first) return;
  await send('mousePressed', first[0], first[1], 0.3);
  let i = 0;
  for (const [x, y] of rest) {
    await send('mouseMoved', x, y, 0.3 + (0.5 * ++i) / rest.length);
    await page.waitForTimeout(15);
  }
  const last = rest.at(-1) ?? first;
  await send('mouseReleased', last[0], last[1], 0);
  await cdp.detach();
}

/** Where the whole element sits, asserting it is inside the viewport (nothing to scroll to). */
async function fullyVisible(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  expect(box && viewport).toBeTruthy();
  if (!box || !viewport) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

test('a patient signs on the pad in signing mode; leaving needs the password; the PDF is valid; a refused use cannot be exported', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, shell, snap, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await fillSetup(page, ADMIN);
  await registerPatient(page, PATIENT);
  const section = page.getByRole('region', { name: 'Photo consent' });
  await expect(section).toBeVisible();
  await expect(section.getByRole('listitem').filter({ hasText: 'Internal teaching' })).toContainText('Not asked');

  // Staff prepare: the patient signs for themself, identity by photo ID.
  await section.getByRole('button', { name: 'Sign consent' }).click();
  const prepare = page.getByRole('dialog', { name: 'Sign photo consent' });
  await expect(prepare.getByLabel('Form')).not.toHaveValue('');
  await prepare.getByLabel('Identity checked by').selectOption({ label: 'Photo identification' });
  // A mistyped expiry is refused, not read as "until withdrawn" (an empty field's meaning).
  const holdUntil = prepare.getByLabel('Granted uses hold until (optional)');
  await holdUntil.fill('31/13/2027');
  await prepare.getByRole('button', { name: 'Hand the screen to the signer' }).click();
  await expect(holdUntil).toBeFocused();
  await expect(holdUntil).toHaveAttribute('aria-invalid', 'true');
  await expect(prepare).toContainText('Not a date: type it as');
  await holdUntil.fill('');
  await prepare.getByRole('button', { name: 'Hand the screen to the signer' }).click();

  // Signing mode: the form and the pad, nothing else of the app.
  const signing = page.getByRole('main');
  await expect(signing.getByRole('region', { name: 'Consent form text' })).toContainText(ADMIN.clinicName);
  await expect(page.getByRole('banner')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Back to patients/ })).toHaveCount(0);
  await expect(page.getByText(PATIENT.mrn)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(signing).toBeVisible();

  const pad = page.getByRole('img', { name: /Signature pad/ });
  const sign = page.getByRole('button', { name: 'Sign', exact: true });
  await fullyVisible(page, pad);
  await fullyVisible(page, sign);
  // At 1280×800 the form continues below its box, and the screen says so until it is read.
  await expect(page.getByText('Scroll down to read the whole form')).toBeVisible();

  const choose = (use: string, answer: 'Yes' | 'No') => signing.getByRole('group', { name: use }).getByLabel(answer).check();
  await choose('Clinical record and care', 'Yes');
  await choose('Internal teaching', 'Yes');
  await choose('Publication in journals or talks', 'Yes');
  await choose("The clinic's website and marketing", 'No');
  await choose('Social media', 'No');
  await choose('Training of AI models', 'No');
  await choose('Sharing with named third parties', 'No');
  await choose('My face may be visible', 'Yes');

  // An empty pad and a short dash are refused; Undo takes the dash away.
  await sign.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Please sign in the box.' })).toBeVisible();
  const box = await pad.boundingBox();
  if (!box) throw new Error('no pad');
  const origin = { x: box.x, y: box.y };
  await mouseStroke(page, origin, [[40, 60], [70, 62]]);
  await sign.click();
  await expect(page.getByRole('alert').filter({ hasText: 'too short' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo last stroke' }).click();
  await expect(pad).toHaveAccessibleName(/Empty\./);

  // The signature: a mouse stroke, then a pen stroke with pressure.
  const y0 = box.height * 0.55;
  await mouseStroke(page, origin, [[60, y0], [110, y0 - 60], [150, y0 + 20], [200, y0 - 50], [250, y0 + 10], [320, y0 - 30], [380, y0]]);
  await penStroke(page, origin, Array.from({ length: 24 }, (_, i): [number, number] => [420 + i * 14, y0 - 30 * Math.sin(i / 3)]));
  await expect(pad).toHaveAccessibleName(/2 strokes drawn/);
  await snap('consent-signing-1280x800');

  // The same screen on a 1920×1080 second monitor: still everything in view.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await fullyVisible(page, pad);
  await fullyVisible(page, sign);
  await snap('consent-signing-1920x1080');

  await sign.click();
  await expect(page.getByRole('heading', { name: 'Thank you, your consent is recorded.' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Thank you, your consent is recorded.' })).toBeVisible();

  // Handing back locks: a wrong password keeps the lock, the staff password returns to the patient.
  await page.getByRole('button', { name: 'Hand back to staff' }).first().click();
  await expect(page.getByRole('heading', { name: 'Session locked' })).toBeVisible();
  await page.getByLabel('Password').fill('not-the-password-at-all');
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByText('The password is incorrect.')).toBeVisible();
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByRole('banner')).toContainText(ADMIN.displayName);
  await page.setViewportSize({ width: 1280, height: 800 });
  const after = page.getByRole('region', { name: 'Photo consent' });
  await expect(after.getByRole('listitem').filter({ hasText: 'Internal teaching' })).toContainText('Granted');
  await expect(after.getByRole('listitem').filter({ hasText: "The clinic's website and marketing" })).toContainText('Refused');

  await snap('consent-patient-section');

  // The stored PDF, fetched the way the renderer would (a handle, the app's own origin).
  const pdfBase64 = await page.evaluate(async (prefix) => {
    const api = (globalThis as unknown as { clinic: ClinicApi }).clinic;
    const patients = await api.patients.search({ query: 'HS-5512-903' });
    if (!patients.ok || !patients.value.patients[0]) throw new Error('patient not found');
    const list = await api.consent.list({ patientId: patients.value.patients[0].id });
    if (!list.ok || !list.value[0]) throw new Error('no consent');
    const opened = await api.consent.open({ consentId: list.value[0].id });
    if (!opened.ok) throw new Error(opened.error.code);
    const bytes = new Uint8Array(await (await fetch(`${prefix}${opened.value.handle}`)).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }, photoUrl(''));
  const pdf = Buffer.from(pdfBase64, 'base64');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-e2e-'));
  const file = path.join(dir, 'consent.pdf');
  writeFileSync(file, pdf);
  expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors found');
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toMatch(/marketing\)\s+REFUSED/);
  expect(text).toMatch(/education\)\s+GRANTED/);
  // The signature's heading is never left alone at the foot of a page: its box follows it.
  const pages = text.split('\f');
  const withHeading = pages.findIndex((p) => /^Signature$/m.test(p));
  expect(withHeading).toBeGreaterThanOrEqual(0);
  expect(pages[withHeading]).toContain('the raw strokes are attached as signature-strokes.json');
  // The record's pages as images beside the screenshots, to look at.
  execFileSync('pdftoppm', ['-png', '-r', '80', file, path.join(dir, 'page')]);
  for (const page of readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f))) {
    writeFileSync(path.join(SCREENSHOT_DIR, `consent-pdf-${page}`), readFileSync(path.join(dir, page)));
  }
  execFileSync('pdfdetach', ['-save', '1', '-o', path.join(dir, 'strokes.json'), file]);
  const strokes = JSON.parse(readFileSync(path.join(dir, 'strokes.json'), 'utf8')).strokes as SignaturePoint[][];
  expect(strokes).toHaveLength(2);
  const [mouse = [], pen = []] = strokes;
  expect(mouse.length).toBeGreaterThan(10);
  expect(mouse.every((p) => p.pointerType === 'mouse' && p.pressure === null && p.tiltX === null)).toBe(true);
  expect(pen.every((p) => p.pointerType === 'pen' && p.pressure !== null)).toBe(true);
  expect(Math.max(...pen.map((p) => p.pressure ?? 0))).toBeGreaterThan(0.6);
  expect(pen.some((p) => p.tiltX === 25 && p.tiltY === -10)).toBe(true);

  // The gate: an export for the refused use is refused and names it; a granted use leaves.
  const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
  try {
    const imported = await cli.api.photos.import({ mrn: PATIENT.mrn, bytes: await renderClinicalScene(800, 600, 1), device: 'e2e' });
    if (!imported.ok) throw new Error(imported.error.code);
    const refused = await cli.api.photos.export({ photoId: imported.value.photoId, format: 'dicom', purpose: 'marketing' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONSENT_REFUSED' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/marketing/);
    const allowed = await cli.api.photos.export({ photoId: imported.value.photoId, format: 'dicom', purpose: 'education' });
    expect(allowed.ok).toBe(true);
  } finally {
    await cli.disconnect();
  }

  // A paper form from before (a scanned PDF, dated today) granting social media is recorded and
  // listed, but the newer signature still decides: social media stays refused.
  await after.getByRole('button', { name: 'Record paper consent' }).click();
  const paper = page.getByRole('dialog', { name: 'Record paper consent' });
  await paper.getByLabel('Scanned form (PDF, JPEG or PNG)').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf });
  await paper.getByLabel('Social media').selectOption('grant');
  await paper.getByRole('button', { name: 'Record paper consent' }).click();
  await expect(paper).toHaveCount(0);
  await expect(after.getByRole('listitem').filter({ hasText: 'Paper form' })).toBeVisible();
  await expect(after.getByRole('listitem').filter({ hasText: 'Social media' })).toContainText('Refused');

  // The patient withdraws internal teaching from the signed consent.
  await after.getByRole('listitem').filter({ hasText: 'Signed on the pad' }).getByRole('button', { name: 'Withdraw…' }).click();
  const withdraw = page.getByRole('dialog', { name: 'Withdraw consent' });
  for (const use of ['Clinical record and care', 'Publication in journals or talks']) await withdraw.getByLabel(use).uncheck();
  await withdraw.getByLabel('Reason (optional)').fill('changed mind');
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expect(withdraw.getByRole('status')).toContainText('Withdrawn. 0 queued deliveries were cancelled.');
  await withdraw.getByRole('button', { name: 'Close' }).click();
  await expect(after.getByRole('listitem').filter({ hasText: 'Internal teaching' })).toContainText('Withdrawn');
  await expect(after.getByRole('listitem').filter({ hasText: 'Publication in journals' })).toContainText('Granted');
  await snap('consent-patient-section-withdrawn');
});
