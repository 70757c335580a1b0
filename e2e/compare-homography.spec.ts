// A pair taken from another angle (issue 10, the homography model) in the real browser shell: the
// second capture is the first seen by a camera turned by 10° (generated with a known perspective),
// aligned automatically; the view says the perspective was corrected and draws the second photo
// through a CSS matrix3d, so in the difference mode the same skin cancels out: the stage's middle
// is dark, where an affine placement of the same matrix leaves the texture standing out.
import sharp from 'sharp';
import { loadOpenCv } from '../main/core/compare/opencv';
import { apply } from '../main/core/compare/similarity';
import { generatePerspectivePair, perspectiveTransform } from '../main/core/compare/test-support/perspective-scenes';
import { loadedImages, openCompare, seedVisits, snap, withSeededShell } from './support/compare';
import { signIn } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN = { username: 'mlindqvist', displayName: 'Dr Maja Lindqvist', password: 'copper-heron-meadow-71' };
const PATIENT = { mrn: 'CMP-4410', familyName: 'Haddad', givenName: 'Leila', birthDate: '1972-06-14', sex: 'F' as const };

/** Two captures of one site six weeks apart, the second from a camera turned by 10° and 4°. */
async function seed(dataDir: string): Promise<void> {
  const { cv } = await loadOpenCv();
  // Turning the camera also moves the view (by f·tan 10°, a fifth of the width): moved back so the
  // photos overlap in the middle, as a person re-framing the same site would.
  const turned = { width: 3000, height: 2000, seed: 41, rotationDeg: 3, scale: 1.04, tx: 0, ty: 0, gain: 1, tiltXDeg: 10, tiltYDeg: -4 };
  const [cx, cy] = apply(perspectiveTransform(turned), [1500, 1000]);
  const pair = await generatePerspectivePair(cv, { ...turned, tx: 1500 - cx, ty: 1000 - cy });
  await seedVisits(dataDir, ADMIN, [{ patient: PATIENT, frames: [pair.from, pair.to] }]);
}

/** Mean of every channel over the middle half of a screenshot (0 = black). */
async function meanOfMiddle(png: Buffer): Promise<number> {
  const { width, height } = await sharp(png).metadata();
  const middle = await sharp(png)
    .extract({ left: Math.round(width / 4), top: Math.round(height / 4), width: Math.round(width / 2), height: Math.round(height / 2) })
    .removeAlpha()
    .raw()
    .toBuffer();
  return middle.reduce((sum, v) => sum + v, 0) / middle.length;
}

test('a pair from another angle is aligned by a homography and cancels out in the difference mode', async () => {
  test.setTimeout(240_000);
  await withSeededShell({ name: 'homography', seed }, async (page) => {
    await signIn(page, ADMIN.username, ADMIN.password);
    const compare = await openCompare(page, PATIENT.familyName);
    await expect.poll(() => loadedImages(compare), { timeout: 30_000 }).toBe(2);

    await compare.getByRole('button', { name: 'Align automatically' }).click();
    await expect(compare.getByRole('status').filter({ hasText: /Aligned automatically, perspective corrected: \d+ matching points, error [\d.]+ px/ })).toBeVisible({ timeout: 90_000 });
    await compare.getByRole('radio', { name: 'Difference', exact: true }).click();
    const placed = compare.locator('.compare-second.is-difference .compare-placed');
    await expect(placed).toHaveCount(1);
    // The difference mode draws the second photo anew: wait until its image has loaded.
    await expect.poll(() => loadedImages(placed), { timeout: 30_000 }).toBeGreaterThan(0);
    const transform = await placed.evaluate((el) => (el as unknown as { style: { transform: string } }).style.transform);
    expect(transform).toMatch(/^matrix3d\(/);
    const stage = compare.locator('.compare-stage');
    const aligned = await meanOfMiddle(await stage.screenshot());
    // After the measurement: a screenshot taken the moment the image loaded could precede its paint.
    await snap(page, 'compare-10-difference-homography');

    // The same matrix drawn as if it were affine (its perspective row dropped): the skin no longer cancels.
    await placed.evaluate((el, css) => {
      (el as unknown as { style: { transform: string } }).style.transform = css;
    }, affineOf(transform));
    const affine = await meanOfMiddle(await stage.screenshot());
    console.log(`difference mode, mean of the stage's middle: homography ${aligned.toFixed(1)}, same matrix drawn affine ${affine.toFixed(1)}`);
    // Measured: 0.6 against 7.8 (JPEG noise and resampling keep the aligned pair off pure black).
    expect(aligned).toBeLessThan(3);
    expect(affine).toBeGreaterThan(aligned + 4);
  });
});

/** matrix3d(a, d, 0, g, b, e, 0, h, 0, 0, 1, 0, c, f, 0, i) → matrix(a, d, b, e, c, f): the perspective dropped. */
function affineOf(css: string): string {
  const m = /^matrix3d\((.*)\)$/.exec(css)![1]!.split(',').map(Number);
  return `matrix(${m[0]}, ${m[1]}, ${m[4]}, ${m[5]}, ${m[12]}, ${m[13]})`;
}
