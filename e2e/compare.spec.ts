// The compare view (issue 10) in the browser shell: two captures of the same site, side and view
// (generated with a known rotation, scale and brightness change) are opened from the viewer's
// "Compare with…", aligned automatically and by three point pairs, and shown in every mode; zoom
// is synchronised and reaches actual pixels. Screenshots of each mode at 1280×800 go to
// e2e/screenshots for a person to look at.
import { apply, type Matrix3 } from '../main/core/compare/similarity';
import { generatePair } from '../main/core/compare/test-support/scenes';
import { compareNewest, loadedImages, openPatient, seedVisits, snap, withSeededShell } from './support/compare';
import { signIn } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN = { username: 'mlindqvist', displayName: 'Dr Maja Lindqvist', password: 'copper-heron-meadow-71' };
const PATIENT = { mrn: 'CMP-2231', familyName: 'Okonjo', givenName: 'Amara', birthDate: '1969-03-08', sex: 'F' as const };

/** A data directory with the clinic, the patient and two captures of one site six weeks apart; the generator's truth. */
async function seed(dataDir: string): Promise<Matrix3> {
  const pair = await generatePair({ width: 3000, height: 2000, seed: 31, rotationDeg: 9, scale: 1.12, tx: 80, ty: -50, gain: 1.18 });
  await seedVisits(dataDir, ADMIN, [{ patient: PATIENT, frames: [pair.from, pair.to] }]);
  return pair.truth;
}

test('compare two visits in every mode, aligned, zoomed to actual pixels', async () => {
  test.setTimeout(240_000);
  await withSeededShell({ name: 'compare', seed, phi: [PATIENT.familyName, PATIENT.mrn] }, async (page, truth) => {
    await signIn(page, ADMIN.username, ADMIN.password);
    await openPatient(page, PATIENT.familyName);

    // The newest photo first in the gallery; its viewer offers "Compare with…".
    const compare = await compareNewest(page);
    await expect(compare).toContainText('+42 days');
    await expect(compare).toContainText('Not aligned');
    await expect(compare.locator('.compare-layer__img[src]')).toHaveCount(2, { timeout: 30_000 });
    await expect.poll(() => loadedImages(compare), { timeout: 30_000 }).toBe(2);
    await snap(page, 'compare-01-side-by-side-unaligned');

    await compare.getByRole('button', { name: 'Align automatically' }).click();
    await expect(compare.getByRole('status').filter({ hasText: /Aligned automatically: \d+ matching points, error [\d.]+ px/ })).toBeVisible({ timeout: 90_000 });
    await snap(page, 'compare-02-side-by-side-aligned');

    const mode = (name: string) => compare.getByRole('radio', { name, exact: true });
    await mode('Slider').click();
    const handle = compare.getByRole('slider', { name: 'Wipe position' });
    await handle.focus();
    for (let i = 0; i < 5; i++) await handle.press('ArrowLeft');
    await expect(handle).toHaveAttribute('aria-valuenow', '40');
    await snap(page, 'compare-03-slider-vertical');
    const box = (await compare.locator('.compare-stage').boundingBox())!;
    await handle.dragTo(compare.locator('.compare-stage'), { targetPosition: { x: box.width * 0.7, y: box.height / 2 } });
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBeGreaterThan(55);
    await mode('Horizontal wipe').click();
    await snap(page, 'compare-04-slider-horizontal');

    await mode('Overlay').click();
    await snap(page, 'compare-05-overlay');
    await mode('Flicker').click();
    await snap(page, 'compare-06-flicker');
    await mode('Difference').click();
    await expect(compare.locator('.compare-second.is-difference')).toHaveCount(1);
    await snap(page, 'compare-07-difference');

    // The manual fallback: three pairs picked on the unaligned photos (the second drawn fitted, here
    // at its own size), at points whose correspondence the generator knows.
    await compare.getByRole('button', { name: 'Align by points' }).click();
    const picking = compare.locator('.compare-stage');
    const [left, right] = [(await picking.nth(0).boundingBox())!, (await picking.nth(1).boundingBox())!];
    const onStage = (b: { width: number; height: number }, [x, y]: readonly [number, number]) => {
      const scale = Math.min(b.width / 3000, b.height / 2000);
      return { x: (b.width - 3000 * scale) / 2 + x * scale, y: (b.height - 2000 * scale) / 2 + y * scale };
    };
    for (const to of [
      [900, 700],
      [2100, 800],
      [1500, 1400],
    ] as const) {
      await picking.nth(0).click({ position: onStage(left, apply(truth, to)) });
      await picking.nth(1).click({ position: onStage(right, to) });
    }
    await expect(compare.getByRole('status').filter({ hasText: '3 pairs picked' })).toBeVisible();
    await snap(page, 'compare-09-manual-points');
    await compare.getByRole('button', { name: 'Apply' }).click();
    await expect(compare.getByRole('status').filter({ hasText: /Aligned by 3 point pairs, error [\d.]+ px/ })).toBeVisible({ timeout: 30_000 });

    // Synchronised zoom: back to side by side, zoom with the keyboard, then 1:1 by double-click;
    // past the rendition's pixels the originals are fetched (audited views) and drawn.
    await mode('Side by side').click();
    const stages = compare.locator('.compare-stage');
    await stages.first().focus();
    await stages.first().press('+');
    await stages.first().press('+');
    const transforms = await compare.locator('.compare-content').evaluateAll((els) => els.map((el) => (el as unknown as { style: { transform: string } }).style.transform));
    expect(transforms[0]).toBe(transforms[1]);
    await stages.first().dblclick();
    await expect(compare.locator('.compare-layer__detail.is-shown')).toHaveCount(2, { timeout: 30_000 });
    const scale = await compare.locator('.compare-content').first().evaluate((el) => /scale\(([\d.]+)\)/.exec((el as unknown as { style: { transform: string } }).style.transform)?.[1]);
    expect(Number(scale)).toBeCloseTo(1, 5);
    await snap(page, 'compare-08-actual-pixels');
    await stages.first().press('0');
  });
});
