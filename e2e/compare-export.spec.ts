// Export a comparison (issue 10, docs/compare.md) in the browser shell: two aligned visits of one
// site are opened in the compare view, the slider is moved to 40 %, and "Export comparison…" saves
// a slider snapshot with a purpose note as a new photo of the patient; closing the compare view,
// the gallery shows it, and its viewer opens the drawn comparison. Four visits picked in the gallery
// open as a grid, which is exported as one 2 × 2 photo the same way. Screenshots at 1280×800 go to
// e2e/screenshots for a person to look at; nothing of the patient or the note is on disk in plaintext.
import { apply } from '../main/core/compare/similarity';
import { generatePair } from '../main/core/compare/test-support/scenes';
import { unwrap } from '../main/core/test-support/fixtures';
import { compareNewest, openPatient, seedVisits, snap, withSeededShell } from './support/compare';
import { signIn } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN = { username: 'mlindqvist', displayName: 'Dr Maja Lindqvist', password: 'copper-heron-meadow-71' };
const PATIENT = { mrn: 'CMP-5120', familyName: 'Okonjo', givenName: 'Amara', birthDate: '1969-03-08', sex: 'F' as const };
const NOTE = 'Referral to plastic surgery';

/** The clinic, the patient, two (or four) captures of one site six weeks apart, the first two aligned by three point pairs. */
async function seed(dataDir: string, shots: 2 | 4 = 2): Promise<void> {
  const pair = await generatePair({ width: 1800, height: 1200, seed: 41, rotationDeg: 7, scale: 1.08, tx: 50, ty: -30, gain: 1.15 });
  const later = shots === 4 ? await generatePair({ width: 1800, height: 1200, seed: 43, rotationDeg: -4, scale: 0.95, tx: -60, ty: 40, gain: 0.9 }) : null;
  const frames = [pair.from, pair.to, ...(later ? [later.from, later.to] : [])];
  await seedVisits(dataDir, ADMIN, [{ patient: PATIENT, frames }], async (client, [ids]) => {
    const pairs = ([[500, 400], [1300, 450], [900, 900]] as const).map((to) => ({ to: [to[0], to[1]] as [number, number], from: apply(pair.truth, [to[0], to[1]]) }));
    const [first, second] = ids as [string, string];
    unwrap(await client.api.compare.alignManual({ fromPhotoId: first, toPhotoId: second, pairs }));
  });
}

test('export an aligned slider comparison as a new photo that the gallery then shows', async () => {
  test.setTimeout(240_000);
  await withSeededShell({ name: 'compare-export', seed: (dataDir) => seed(dataDir), phi: [PATIENT.familyName, PATIENT.mrn, NOTE] }, async (page) => {
    await signIn(page, ADMIN.username, ADMIN.password);
    await openPatient(page, PATIENT.familyName);
    const tiles = page.getByRole('button', { name: /^Photo taken / });
    await expect(tiles).toHaveCount(2);

    const compare = await compareNewest(page);
    await expect(compare.getByRole('status').filter({ hasText: /Aligned by 3 point pairs/ })).toBeVisible({ timeout: 30_000 });
    await compare.getByRole('radio', { name: 'Slider', exact: true }).click();
    const handle = compare.getByRole('slider', { name: 'Wipe position' });
    await handle.focus();
    for (let i = 0; i < 5; i++) await handle.press('ArrowLeft');
    await expect(handle).toHaveAttribute('aria-valuenow', '40');

    await compare.getByRole('button', { name: 'Export comparison…' }).click();
    const form = compare.getByRole('form', { name: 'Export this comparison as a new photo' });
    await expect(form.getByRole('radio', { name: 'Slider snapshot at 40%' })).toBeChecked();
    await form.getByLabel('Purpose (optional)').fill(NOTE);
    await snap(page, 'compare-export-01-form');
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(compare.getByRole('status').filter({ hasText: 'Saved as a new photo of this patient' })).toBeVisible({ timeout: 60_000 });
    await snap(page, 'compare-export-02-saved');

    await page.keyboard.press('Escape');
    await expect(compare).toBeHidden();
    // Back in the gallery: the comparison is the newest photo of the patient.
    await page.keyboard.press('Escape');
    await expect(tiles).toHaveCount(3, { timeout: 30_000 });
    // The two captures are dated September and October; the comparison is dated when it was made.
    await page.getByRole('button', { name: /^Photo taken (?!1 Sept 2026|13 Oct 2026)/ }).click();
    const viewer = page.getByRole('dialog', { name: /^Photo taken / });
    await expect(viewer).toContainText('Comparison exported from the compare view');
    // The slider snapshot: the first photo's frame (1800 px wide) with the caption band below it.
    const sizeOf = () =>
      viewer.locator('img').evaluateAll((imgs) => imgs.map((i) => i as unknown as { naturalWidth: number; naturalHeight: number }).map((i) => `${i.naturalWidth}x${i.naturalHeight > 1200 ? 'taller' : i.naturalHeight}`));
    await expect.poll(sizeOf, { timeout: 30_000 }).toContain('1800xtaller');
    await viewer.locator('img').evaluateAll((imgs) => Promise.all(imgs.map((i) => (i as unknown as { decode(): Promise<void> }).decode().catch(() => undefined))));
    await expect(viewer.locator('img').filter({ visible: true }).first()).toBeVisible();
    await snap(page, 'compare-export-03-new-photo');
  });
});

test('export a grid of four visits as one new 2 × 2 photo', async () => {
  test.setTimeout(240_000);
  await withSeededShell({ name: 'compare-grid', seed: (dataDir) => seed(dataDir, 4), phi: [PATIENT.familyName, PATIENT.mrn, NOTE] }, async (page) => {
    await signIn(page, ADMIN.username, ADMIN.password);
    await openPatient(page, PATIENT.familyName);
    const tiles = page.getByRole('button', { name: /^Photo taken / });
    await expect(tiles).toHaveCount(4);
    const picks = page.getByRole('checkbox', { name: /^Select photo/ });
    for (let i = 0; i < 4; i++) await picks.nth(i).check();
    await page.getByRole('toolbar', { name: 'Selected photos' }).getByRole('button', { name: 'Compare 4 photos' }).click();

    const compare = page.getByRole('dialog', { name: 'Compare photos' });
    await expect(compare.locator('.compare-stage')).toHaveCount(4);
    // The grid shows what the export draws: the second photo on its stored alignment (turned 7°), the others fitted.
    const turned = () => compare.locator('.compare-placed').evaluateAll((els) => els.map((el) => /^matrix\([^,]+, 0, 0,/.test((el as unknown as { style: { transform: string } }).style.transform) ? 'fit' : 'aligned'));
    await expect.poll(turned, { timeout: 30_000 }).toEqual(['aligned', 'fit', 'fit']);
    await compare.getByRole('button', { name: 'Export comparison…' }).click();
    const form = compare.getByRole('form', { name: 'Export this comparison as a new photo' });
    // Landscape photos: two rows of two, the only layout offered for four.
    await expect(form.getByRole('radio', { name: 'Grid, 2 × 2' })).toBeChecked();
    await expect(form.getByRole('radio')).toHaveCount(1);
    await form.getByLabel('Purpose (optional)').fill(NOTE);
    await snap(page, 'compare-export-04-grid-form');
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(compare.getByRole('status').filter({ hasText: 'Saved as a new photo of this patient' })).toBeVisible({ timeout: 90_000 });
    await snap(page, 'compare-export-05-grid-saved');

    await page.keyboard.press('Escape');
    await expect(compare).toBeHidden();
    // Made outside a visit, the grid is listed apart from the visits: all photos, newest first, show it first.
    await page.getByRole('radio', { name: 'All, newest first' }).check();
    await expect(tiles).toHaveCount(5, { timeout: 30_000 });
    // The four captures are dated September to January; the grid is dated when it was made.
    await page.getByRole('button', { name: /^Photo taken (?!1 Sept 2026|13 Oct 2026|24 Nov 2026|5 Jan 2027)/ }).click();
    const viewer = page.getByRole('dialog', { name: /^Photo taken / });
    await expect(viewer).toContainText('Comparison exported from the compare view');
    // Two panels of the first photo's frame (1800 px) side by side, two rows with their caption bands.
    const sizeOf = () =>
      viewer.locator('img').evaluateAll((imgs) => imgs.map((i) => i as unknown as { naturalWidth: number; naturalHeight: number }).map((i) => `${i.naturalWidth}x${i.naturalHeight > 2400 ? 'taller' : i.naturalHeight}`));
    await expect.poll(sizeOf, { timeout: 30_000 }).toContain('3600xtaller');
    await viewer.locator('img').evaluateAll((imgs) => Promise.all(imgs.map((i) => (i as unknown as { decode(): Promise<void> }).decode().catch(() => undefined))));
    await snap(page, 'compare-export-06-grid-photo');
  });
});
