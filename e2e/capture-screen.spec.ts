// The capture screen as a clinic photographer uses it (issue 13), in the browser shell with the
// simulated camera: capture mode fits 1280 × 800 (live view or last shot, shutter, current step,
// context) without scrolling; the shutter answers Space and a learnt foot-pedal key; template steps
// have short names with a pose drawing and the SNOMED term in the details; a finished template
// has no current step and the shutter waits; the filmstrip shows each shot's verdict; the ghost
// never shows another view's photo unasked; body-map targets are at least 32 × 32 px at every zoom;
// the context bar names the encounter's provider apart from the photographer; the page does not
// scroll behind the photo viewer. Screenshots at 1280 × 800 and 1920 × 1080 go to e2e/screenshots.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { ClinicApi } from '../shared/bridge';
import { acknowledgeRecoveryCode, fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, SCREENSHOT_DIR, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Larchmont Dermatology', username: 'rbaptiste', displayName: 'Dr Rosalind Baptiste', password: 'saffron-glacier-otter-61' };
const CLINICIAN = { username: 'tnakamura', displayName: 'Dr Tomasz Nakamura', role: 'clinician' as const, initialPassword: 'quiet-meadow-lantern-88' };
const PATIENT: PatientInput = { mrn: 'LD-40417', familyName: 'Okonkwo-Hale', givenName: 'Beatrix', birthDate: '1968-09-21', sexLabel: 'Female' };

type PageWindow = { clinic: ClinicApi };
/** The few browser globals these checks use (the e2e project compiles without the DOM library). */
type Browser = {
  scrollY: number;
  document: { documentElement: unknown; activeElement: { blur(): void } | null };
  getComputedStyle(el: unknown): { overflow: string };
  requestAnimationFrame(cb: () => void): void;
};

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Every box is inside the viewport (nothing cut off, nothing below the fold). */
async function expectInViewport(page: Page, locators: Record<string, Locator>): Promise<void> {
  const { width, height } = page.viewportSize()!;
  for (const [name, l] of Object.entries(locators)) {
    const b = await l.boundingBox();
    expect(b, name).not.toBeNull();
    expect(b!.x, `${name} left`).toBeGreaterThanOrEqual(0);
    expect(b!.y, `${name} top`).toBeGreaterThanOrEqual(0);
    expect(b!.x + b!.width, `${name} right`).toBeLessThanOrEqual(width + 0.5);
    expect(b!.y + b!.height, `${name} bottom`).toBeLessThanOrEqual(height + 0.5);
  }
}

async function setUp(page: Page): Promise<void> {
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  const created = await page.evaluate((c) => (globalThis as unknown as PageWindow).clinic.users.create(c), CLINICIAN);
  expect(created.ok).toBe(true);
  await registerPatient(page, PATIENT);
}

test('capture mode fits 1280 × 800; Space, pedal, template steps, filmstrip, provider, ghost, body map', async ({ app }) => {
  const { page, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await setUp(page);

  // The administrator captures on behalf of the clinician: the provider is chosen at check-in.
  await page.getByLabel('Provider (clinician responsible)').selectOption({ label: CLINICIAN.displayName });
  await page.getByLabel('Reason for visit (optional)').fill('Facial rejuvenation baseline');
  await page.getByRole('button', { name: 'Start encounter' }).click();
  const context = page.getByRole('region', { name: 'Capture context' });
  await expect(context.getByRole('definition').nth(4)).toHaveText(CLINICIAN.displayName); // Provider
  await expect(context.getByRole('definition').nth(5)).toHaveText(ADMIN.displayName); // Photographer
  await expect(page.getByRole('radio', { name: /Facial rejuvenation baseline/ })).toHaveAccessibleName(new RegExp(CLINICIAN.displayName));

  // Capture mode: one screen, nothing scrolls.
  await page.getByRole('button', { name: 'Capture mode' }).click();
  await page.getByLabel('Capture template').selectOption({ label: 'Full face 5-view (5 shots)' });
  await page.getByRole('button', { name: 'Start template' }).click();
  const runner = page.getByRole('region', { name: 'Template: Full face 5-view' });
  await expect(runner.locator('.template-run__name')).toHaveText('Front');
  await expect(runner.locator('svg.pose')).toHaveCount(1);
  await runner.getByText('Details').click();
  await expect(runner).toContainText('Skin of face (SNOMED CT 73897004), Midline / unpaired, Anterior (front)');
  const shutter = page.getByRole('button', { name: 'Take photo' });
  const stage = page.getByRole('figure', { name: 'Framing preview' });
  await expectInViewport(page, { shutter, stage, context, step: runner.locator('.template-run__current') });
  const stageBox = (await stage.boundingBox())!;
  console.log(`[capture mode 1280×800] stage ${stageBox.width.toFixed(0)}×${stageBox.height.toFixed(0)} px`);
  // Nothing inside capture mode overflows, and the page behind it cannot scroll.
  const fit = await page.locator('.capture-ws--full').evaluate((el) => {
    const w = globalThis as unknown as Browser;
    return { overflow: el.scrollHeight - el.clientHeight, page: w.getComputedStyle(w.document.documentElement).overflow };
  });
  expect(fit).toEqual({ overflow: 0, page: 'hidden' });

  // Space takes the photo (focus on the page, not on a button).
  await page.locator('body').click({ position: { x: 2, y: 2 } }).catch(() => undefined);
  await page.evaluate(() => (globalThis as unknown as Browser).document.activeElement?.blur());
  const pressed = performance.now();
  await page.keyboard.press('Space');
  const strip = page.getByRole('region', { name: 'This encounter’s shots' });
  await expect(strip.getByRole('listitem')).toHaveCount(1, { timeout: 30_000 });
  console.log(`[timing] Space → shot in the filmstrip: ${(performance.now() - pressed).toFixed(0)} ms`);
  await expect(strip.getByRole('listitem').first()).toHaveAccessibleName('Shot 1: Front, quality checks passed');
  await expect(runner.locator('.template-run__name')).toHaveText('Right 45°');
  await expect(page.getByRole('status').filter({ hasText: 'Photo saved' })).toBeVisible();

  // The foot pedal: learnt once, then it fires even with focus on a button.
  await page.getByText('Foot pedal: not set up').click();
  await page.getByRole('button', { name: 'Set pedal key' }).click();
  await page.keyboard.press('PageDown');
  await expect(page.getByText('Foot pedal: PageDown')).toBeVisible();
  await page.getByRole('button', { name: 'Remove' }).focus();
  await page.keyboard.press('PageDown');
  await expect(strip.getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
  await expect(runner.locator('.template-run__name')).toHaveText('Right profile');
  await screenshot(page, 'capture-screen-01-capture-mode-1280x800');

  // A wide screen: the same layout with a larger stage.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectInViewport(page, { shutter, stage, context });
  await screenshot(page, 'capture-screen-02-capture-mode-1920x1080');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Finishing the template: no step is current and the shutter waits.
  for (let i = 0; i < 3; i++) {
    await expect(shutter).toBeEnabled({ timeout: 30_000 });
    await shutter.click();
    await expect(strip.getByRole('listitem')).toHaveCount(3 + i, { timeout: 30_000 });
  }
  await expect(runner.getByRole('status')).toHaveText('All 5 steps done. Choose a step to retake it, or finish the template.');
  await expect(runner.locator('[aria-current="step"]')).toHaveCount(0);
  await expect(shutter).toBeDisabled();
  await expect(page.locator('#capture-blocked')).toHaveText('Every step of the template is done. Choose a step to retake it, or finish the template.');
  await page.keyboard.press('Space');
  await expect(strip.getByRole('listitem')).toHaveCount(5);
  await screenshot(page, 'capture-screen-03-template-complete-1280x800');
  await runner.getByRole('button', { name: 'Finish template' }).click();

  // The ghost: the face has only frontal, oblique and profile photos; a close-up is offered, not shown.
  await page.getByLabel('View', { exact: true }).selectOption({ label: 'Close-up' });
  await expect(stage.getByText(/No earlier photo in this view; the latest of this site is .* not shown/)).toBeVisible();
  await expect(stage.getByRole('img', { name: /^Ghost/ })).toHaveCount(0);
  await stage.getByRole('checkbox', { name: /^Show the .* photo$/ }).check();
  await expect(stage.getByRole('img', { name: /^Ghost of an earlier photo of this site in another view/ })).toHaveCount(1);
  await page.getByLabel('View', { exact: true }).selectOption({ label: 'Anterior (front)' });
  await expect(stage.getByRole('img', { name: /^Ghost of the previous photo of this site/ })).toHaveCount(1);

  // Body map: every target at least 32 × 32 px at every zoom, front and back.
  const map = page.locator('.bodymap');
  for (const face of ['Front', 'Back']) {
    await map.getByRole('button', { name: face, exact: true }).click();
    for (const zoom of ['Whole body', 'Head', 'Trunk', 'Arms', 'Legs']) {
      await map.getByRole('button', { name: zoom, exact: true }).click();
      const boxes = await map.locator('g[role="button"]').evaluateAll((els) => els.map((el) => ({ name: el.getAttribute('aria-label'), ...el.getBoundingClientRect().toJSON() })));
      expect(boxes.length, `${face} ${zoom}`).toBeGreaterThan(0);
      for (const b of boxes) {
        expect(b.width, `${face} ${zoom}: ${b.name}`).toBeGreaterThanOrEqual(32);
        expect(b.height, `${face} ${zoom}: ${b.name}`).toBeGreaterThanOrEqual(32);
      }
      const smallest = Math.min(...boxes.map((b) => Math.min(b.width, b.height)));
      console.log(`[body map] ${face}, ${zoom}: ${boxes.length} targets, smallest side ${smallest.toFixed(1)} px`);
    }
  }
  await map.getByRole('button', { name: 'Front', exact: true }).click();
  await map.getByRole('button', { name: 'Head', exact: true }).click();
  await map.getByRole('button', { name: 'Left cheek', exact: true }).click();
  await expect(page.getByText('Body site: Skin of cheek')).toBeVisible();
  await page.getByLabel('View', { exact: true }).selectOption({ label: 'Close-up' });
  await shutter.click();
  await expect(strip.getByRole('listitem')).toHaveCount(6, { timeout: 30_000 });
  await expect(map.getByRole('button', { name: 'Left cheek, photographed' })).toBeVisible();
  await screenshot(page, 'capture-screen-04-body-map-head-1280x800');

  // Leaving capture mode.
  await page.getByRole('button', { name: 'Leave capture mode' }).click();
  await expect(page.getByRole('button', { name: 'Capture mode' })).toBeVisible();
});

test('the page does not scroll behind the open photo viewer', async ({ app }) => {
  const { page, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await setUp(page);
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await page.locator('.bodymap').getByRole('button', { name: 'Chest', exact: true }).click();
  await page.getByLabel('View', { exact: true }).selectOption({ label: 'Anterior (front)' });
  await page.getByRole('button', { name: 'Take photo' }).click();
  const thumbs = page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button');
  await expect(thumbs).toHaveCount(1, { timeout: 30_000 });
  await thumbs.first().scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => (globalThis as unknown as Browser).scrollY);
  expect(before).toBeGreaterThan(0); // the patient page is taller than the window
  await thumbs.first().click();
  const viewer = page.getByRole('dialog', { name: /^Photo taken / });
  await expect(viewer).toBeVisible();
  // The wheel over the photo and over the backdrop, and the keys that scroll a page.
  for (const [x, y] of [[640, 400], [5, 400]] as const) {
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, 600);
    await page.mouse.wheel(0, -300);
  }
  await page.keyboard.press('PageDown');
  await page.keyboard.press('End');
  // A wheel scroll, if any, is applied over the next frames: wait for a few of them.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const w = globalThis as unknown as Browser;
        let frames = 0;
        const tick = () => (++frames >= 20 ? resolve() : w.requestAnimationFrame(tick));
        w.requestAnimationFrame(tick);
      }),
  );
  expect(await page.evaluate(() => (globalThis as unknown as Browser).scrollY)).toBe(before);
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
});

test('in Arabic the capture screen reads right to left, and the stage is never mirrored', async ({ app }) => {
  const { page, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await setUp(page);
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await page.getByRole('banner').locator('.app-header__language').click();
  await page.getByLabel('My language').selectOption({ label: 'العربية' });
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('navigation').getByRole('button', { name: 'المرضى' }).click();
  await page.getByRole('rowheader').getByRole('button', { name: new RegExp(PATIENT.familyName) }).click();
  await page.locator('.capture-ws__full').click();
  await page.getByRole('button', { name: 'الرأس', exact: true }).click();
  await page.getByRole('button', { name: 'الوجنة، الجهة اليسرى', exact: true }).click();
  await expect(page.getByRole('button', { name: 'التقاط صورة' })).toBeDisabled(); // no view yet
  const stage = page.locator('.capture-ws__stage');
  await expect(stage).toHaveAttribute('dir', 'ltr');
  // The setup column is on the right (start side in RTL), the shutter on the left.
  const setup = (await page.locator('.capture-ws__setup').boundingBox())!;
  const shutter = (await page.getByRole('button', { name: 'التقاط صورة' }).boundingBox())!;
  expect(setup.x).toBeGreaterThan(shutter.x);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'capture-screen-05-arabic-1280x800.png') });
});
