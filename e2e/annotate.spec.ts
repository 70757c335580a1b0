// Annotate and measure in the browser shell with the simulated camera (issue 12): calibrate on the
// photo's millimetre ruler (found automatically, or drawn by hand), measure a lesion in
// millimetres, mark and number it, draw with every tool, undo/redo, move and delete, toggle a
// layer, save versions with a reason, open an earlier version read only, and see the same
// lesion's size listed across two visits. Screenshots at 1280×800 go to e2e/screenshots/.
import type { Locator, Page } from '@playwright/test';
import { acknowledgeRecoveryCode, chooseBodySite, fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import path from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Lakeside Dermatology', username: 'mkowalski', displayName: 'Dr Marta Kowalski', password: 'heron-basalt-quill-57' };
const PATIENT: PatientInput = { mrn: 'LD-4410-019', familyName: 'Okonkwo-Lindqvist', givenName: 'Amara', birthDate: '1968-04-22', sexLabel: 'Female' };
const W = 2400;
const H = 1600;

/** Where a point of the photo (in its pixels) is on screen: the stage keeps the photo's aspect ratio. */
async function screenPoint(stage: Locator, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await stage.boundingBox())!;
  const scale = Math.min(box.width / W, box.height / H);
  return { x: box.x + (box.width - W * scale) / 2 + x * scale, y: box.y + (box.height - H * scale) / 2 + y * scale };
}

async function drag(page: Page, stage: Locator, from: [number, number], to: [number, number]): Promise<void> {
  const a = await screenPoint(stage, ...from);
  const b = await screenPoint(stage, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 3 });
  await page.mouse.move(b.x, b.y, { steps: 3 });
  await page.mouse.up();
}

async function click(page: Page, stage: Locator, x: number, y: number): Promise<void> {
  const p = await screenPoint(stage, x, y);
  await page.mouse.click(p.x, p.y);
}

/** The window as the user sees it (1280×800), not the whole scrolled page behind the modal. */
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });

async function takePhotoAndAnnotate(page: Page, count: number): Promise<Locator> {
  await page.getByRole('button', { name: 'Take photo' }).click();
  const photos = page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button');
  await expect(photos).toHaveCount(count, { timeout: 30_000 });
  await photos.first().click();
  const viewer = page.getByRole('dialog', { name: /^Photo taken / });
  await viewer.getByRole('button', { name: 'Annotate and measure' }).click();
  const editor = page.getByRole('dialog', { name: /^Annotations — / });
  await expect(editor.getByRole('img', { name: 'Photo with its annotations' })).toBeVisible();
  return editor;
}

test('calibrate, measure, mark a lesion, draw, save versions and follow the lesion across visits', async ({ app }) => {
  const { page, phi } = app;
  const snap = (name: string) => shot(page, name);
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn, 'Naevus above the left brow', 'Recheck in three months');
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  await registerPatient(page, PATIENT);
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await chooseBodySite(page);

  // First visit.
  let editor = await takePhotoAndAnnotate(page, 1);
  let stage = editor.getByRole('img', { name: 'Photo with its annotations' });
  const calibration = editor.getByTestId('calibration-state');
  await expect(calibration).toHaveText('Not calibrated: measurements are in pixels.');

  // Automatic calibration on the simulated camera's ruler: 12 px per mm at 2400 px.
  await editor.getByRole('button', { name: 'Find the ruler' }).click();
  await expect(calibration).toHaveText(/^12\.0+ ± 0\.0+\d pixels per millimetre \(ruler\)$/);

  // A 6.2 mm lesion (74.4 px at 12 px/mm) measured with the ruler tool.
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Ruler (length)', exact: true }).click();
  await drag(page, stage, [1000, 700], [1074.4, 700]);
  const measurements = editor.getByTestId('measurement');
  await expect(measurements).toHaveCount(1);
  await expect(measurements.first()).toHaveText(/^6\.[12]\d* ± 0\.\d+ mm \(ruler\)$/);

  // Number the lesion and mark it: the marker measures the ruler it sits on.
  await editor.getByLabel('New lesion label').fill('Naevus above the left brow');
  await editor.getByRole('button', { name: 'Number this lesion' }).click();
  await expect(editor.getByRole('combobox', { name: 'Lesion' })).toHaveValue(/[0-9a-f]{32}/);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Lesion marker', exact: true }).click();
  await click(page, stage, 1037, 690);
  await expect(editor.getByRole('heading', { name: 'Selected shape: Lesion marker' })).toBeVisible();
  await expect(editor.getByRole('checkbox', { name: /^Ruler \(length\): 6\./ })).toBeChecked();
  await expect(stage.getByText('Lesion 1: Naevus above the left brow')).toBeVisible();
  await snap('annotate-01-calibrated-measured-marked');

  // The other tools, by toolbar and by keyboard.
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Arrow', exact: true }).click();
  await drag(page, stage, [700, 400], [950, 640]);
  await editor.getByLabel('Label', { exact: true }).fill('Injection site');
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Ellipse', exact: true }).click();
  await drag(page, stage, [1300, 500], [1600, 720]);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Rectangle', exact: true }).click();
  await drag(page, stage, [1700, 250], [1950, 420]);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Freehand', exact: true }).click();
  await drag(page, stage, [400, 300], [560, 420]);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Angle', exact: true }).click();
  for (const [x, y] of [[1300, 1000], [1100, 1000], [1100, 800]] as const) await click(page, stage, x, y);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Area (polygon)', exact: true }).click();
  for (const [x, y] of [[500, 900], [650, 880], [680, 1020], [520, 1050]] as const) await click(page, stage, x, y);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Area (polygon)', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(measurements).toHaveCount(3);
  await expect(measurements.nth(1)).toHaveText(/^(89|90)\.\d° ± \d\.\d°$/);
  await expect(measurements.nth(2)).toHaveText(/ mm² \(ruler\)$/);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Text label', exact: true }).click();
  await click(page, stage, 200, 150);
  await editor.getByLabel('Text', { exact: true }).fill('Recheck in three months');

  // Undo and redo the text, by keyboard.
  const texts = stage.locator('[data-shape-id^="text"]');
  await expect(texts).toHaveCount(1);
  await stage.click({ position: { x: 5, y: 5 }, trial: true });
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Select and move' }).click();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(texts).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+y');
  await expect(texts).toHaveCount(1);
  await snap('annotate-02-every-tool');

  // Select and move the rectangle, then delete the freehand stroke with the Delete key.
  const rect = stage.locator('[data-shape-id="rectangle1"] rect');
  const before = await rect.getAttribute('x');
  await drag(page, stage, [1700, 330], [1600, 330]);
  await expect.poll(() => rect.getAttribute('x')).not.toBe(before);
  await click(page, stage, 400, 300);
  await expect(editor.getByRole('heading', { name: 'Selected shape: Freehand' })).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(stage.locator('[data-shape-id^="freehand"]')).toHaveCount(0);

  // Layers: hiding the markings hides the arrow, not the measurements.
  await editor.getByRole('checkbox', { name: 'Show Markings' }).uncheck();
  await expect(stage.locator('[data-shape-id^="arrow"]')).toHaveCount(0);
  await expect(stage.locator('[data-shape-id^="ruler"]')).toHaveCount(1);
  await snap('annotate-03-markings-hidden');
  await editor.getByRole('checkbox', { name: 'Show Markings' }).check();

  // Save version 1 with a reason; the lesion's history lists its size.
  await editor.getByLabel(/^Reason for the change/).fill('Baseline');
  await editor.getByRole('button', { name: 'Save version' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();
  await expect(editor.getByText(`Version 1 · ${ADMIN.displayName}`)).toBeVisible();
  const history = editor.locator('.annotate-history');
  await expect(history.getByRole('row')).toHaveCount(1);

  // Version 2 without the arrow; version 1 stays readable, read only.
  await click(page, stage, 950, 640);
  await page.keyboard.press('Delete');
  await editor.getByRole('button', { name: 'Save version' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Saved as version 2.' })).toBeVisible();
  await editor.getByRole('listitem').filter({ hasText: 'Version 1 ·' }).getByRole('button', { name: 'View' }).click();
  await expect(editor.getByText('Version 1 of 2, read only.')).toBeVisible();
  await expect(stage.locator('[data-shape-id^="arrow"]')).toHaveCount(1);
  await expect(editor.getByRole('button', { name: 'Save version' })).toHaveCount(0);
  await snap('annotate-04-earlier-version-read-only');
  await editor.getByRole('button', { name: 'Back to the current version' }).click();
  await expect(stage.locator('[data-shape-id^="arrow"]')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Close' }).first().click();

  // The viewer shows the current version over the photo, a switch per layer.
  const viewer = page.getByRole('dialog', { name: /^Photo taken / });
  const overlay = viewer.getByRole('group', { name: 'Annotations, version 2' });
  await expect(overlay).toBeVisible();
  await expect(viewer.locator('.annotation-overlay [data-shape-id="ruler1"]')).toHaveCount(1);
  await overlay.getByRole('checkbox', { name: 'Show Measurements' }).uncheck();
  await expect(viewer.locator('.annotation-overlay [data-shape-id="ruler1"]')).toHaveCount(0);
  await overlay.getByRole('checkbox', { name: 'Show Measurements' }).check();
  await snap('annotate-07-viewer-overlay');
  await viewer.getByRole('button', { name: 'Close' }).first().click();

  // Second visit: calibrate by hand on the ruler (10 mm between the first and the eleventh tick),
  // then the lesion has grown to 7.5 mm (90 px).
  editor = await takePhotoAndAnnotate(page, 2);
  stage = editor.getByRole('img', { name: 'Photo with its annotations' });
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Calibrate on a ruler', exact: true }).click();
  await drag(page, stage, [192, 1380], [312, 1380]);
  await editor.getByLabel('Known length (mm)').fill('10');
  await editor.getByRole('button', { name: 'Use this calibration' }).click();
  await expect(editor.getByTestId('calibration-state')).toHaveText(/pixels per millimetre \(manual calibration\)$/);
  await snap('annotate-05-manual-calibration');
  await editor.getByRole('button', { name: 'Find the ruler' }).click();
  await expect(editor.getByTestId('calibration-state')).toHaveText(/\(ruler\)$/);
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Ruler (length)', exact: true }).click();
  await drag(page, stage, [900, 600], [990, 600]);
  await editor.getByRole('combobox', { name: 'Lesion' }).selectOption({ label: 'Lesion 1: Naevus above the left brow' });
  await editor.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Lesion marker', exact: true }).click();
  await click(page, stage, 945, 590);
  await editor.getByRole('button', { name: 'Save version' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();
  const rows = editor.locator('.annotate-history').getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(/6\.[12]\d* ± 0\.\d+ mm \(ruler\)/);
  await expect(rows.nth(1)).toContainText(/7\.[45]\d* ± 0\.\d+ mm \(ruler\)/);
  await snap('annotate-06-lesion-across-visits');

  // Right to left (as in Arabic): the panels change sides, the photo and its shapes do not mirror.
  // A string, run in the page: the e2e project compiles without the DOM's types.
  await page.evaluate("document.documentElement.dir = 'rtl'");
  const panel = editor.locator('.annotate__panel');
  await expect.poll(async () => (await panel.boundingBox())!.x < (await stage.boundingBox())!.x).toBe(true);
  expect(await stage.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(el).direction)).toBe('ltr');
  const ruler = (await stage.locator('[data-shape-id="ruler1"] line').boundingBox())!;
  const image = (await stage.boundingBox())!;
  // The ruler was drawn from x = 900 to 990 of 2400: still in the left half of the photo.
  expect(ruler.x - image.x).toBeLessThan(image.width / 2);
  await snap('annotate-08-right-to-left-layout');
});
