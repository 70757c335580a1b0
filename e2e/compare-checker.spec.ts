// Automatic colour-checker detection in the compare view (issue 10, "Colour"), in the browser
// shell: two captures of one site, each with a 24-patch checker (the second under a warm cast,
// turned 180°, elsewhere in the frame, a finger over one patch). "Detect automatically" finds it
// in both, puts the four numbered corners on both photos, says the covered patch is left out, and
// the colour match from the rest brings ΔE2000 down; for a patient whose second photo holds no
// checker, the view says so and leaves the corners to pick.
// Screenshots at 1280×800.
import type { Page } from '@playwright/test';
import { checkerScene, emptyScene } from '../main/core/compare/test-support/checker-scenes';
import { openCompare, seedVisits, snap, withSeededShell } from './support/compare';
import { signIn } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN = { username: 'aferreira', displayName: 'Dr Ana Ferreira', password: 'amber-kestrel-harbour-58' };
const WITH_CHART = { mrn: 'CHK-2201', familyName: 'Lindqvist', givenName: 'Maja', birthDate: '1981-04-09', sex: 'F' as const };
const WITHOUT = { mrn: 'CHK-2202', familyName: 'Abara', givenName: 'Chidi', birthDate: '1975-12-30', sex: 'M' as const };
const W = 2000;
const H = 1400;

/** Two visits six weeks apart per patient; the first patient's both with a checker, the second's second without. */
async function seed(dataDir: string): Promise<void> {
  await seedVisits(dataDir, ADMIN, [
    {
      patient: WITH_CHART,
      frames: [
        (await checkerScene({ width: W, height: H, seed: 41, noise: 4 }, { centre: [800, 650], pitch: 80, rotationDeg: 3 })).jpeg,
        (await checkerScene({ width: W, height: H, seed: 42, cast: [1.3, 1.0, 0.7], noise: 4 }, { centre: [1150, 750], pitch: 75, rotationDeg: 182, tilt: 0.12, covered: [{ x: 2.5, y: 1.5, r: 0.55 }] })).jpeg,
      ],
    },
    {
      patient: WITHOUT,
      frames: [(await checkerScene({ width: W, height: H, seed: 43, noise: 4 }, { centre: [800, 650], pitch: 80, rotationDeg: 0 })).jpeg, await emptyScene({ width: W, height: H, seed: 44, noise: 4 })],
    },
  ]);
}

/** The compare view of the patient's newest photo, colour matching by the checker's corners. */
async function openCheckerMatch(page: Page, familyName: string) {
  const compare = await openCompare(page, familyName);
  await compare.getByRole('button', { name: 'Match colour' }).click();
  await compare.getByRole('radio', { name: 'Colour checker' }).click();
  return compare;
}

test('compare view: the colour checker detected in both photos, matched; not found says so', async () => {
  test.setTimeout(240_000);
  await withSeededShell({ name: 'checker', seed }, async (page) => {
    await signIn(page, ADMIN.username, ADMIN.password);

    let compare = await openCheckerMatch(page, WITH_CHART.familyName);
    await compare.getByRole('button', { name: 'Detect automatically' }).click();
    // The finger over the moderate red patch in the second photo: said, and left out of the match.
    await expect(compare.getByRole('status').filter({ hasText: /Colour checker found in both photos/ })).toContainText('1 patch is covered or glaring in one of the photos and will be left out.', { timeout: 60_000 });
    await expect(compare.getByRole('status').filter({ hasText: '4 of 4 corners picked' })).toBeVisible();
    // Four numbered corners on each photo.
    await expect(compare.getByLabel('Corner 1')).toHaveCount(2);
    await expect(compare.getByLabel('Corner 4')).toHaveCount(2);
    await snap(page, 'compare-checker-01-detected');
    await compare.getByRole('button', { name: 'Apply colour match' }).click();
    const delta = compare.getByRole('status').filter({ hasText: /ΔE2000/ });
    await expect(delta).toBeVisible({ timeout: 30_000 });
    const [, deBefore, deAfter] = /ΔE2000 ([\d.]+) before, ([\d.]+) after/.exec((await delta.textContent()) ?? '')!;
    expect(Number(deBefore)).toBeGreaterThan(5);
    expect(Number(deAfter)).toBeLessThan(1.5);
    // 24 less the covered one less those clipped under the cast (said in the same status).
    const [, used, clipped] = /on (\d+) patches: .*\((\d+) patches left out/.exec((await delta.textContent()) ?? '')!;
    expect(Number(used) + Number(clipped)).toBe(23);
    test.info().annotations.push({ type: 'measured', description: `detected checker: core ΔE2000 ${deBefore} -> ${deAfter}; ${(await delta.textContent()) ?? ''}` });
    console.log(test.info().annotations.at(-1)?.description);
    await snap(page, 'compare-checker-02-matched');
    // Back to the patient list: the compare view, then the viewer, closed.
    await page.keyboard.press('Escape');
    await expect(compare).toBeHidden();
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();

    compare = await openCheckerMatch(page, WITHOUT.familyName);
    await compare.getByRole('button', { name: 'Detect automatically' }).click();
    await expect(compare.getByRole('status').filter({ hasText: 'No colour checker found in the second photo. Click its four corners instead.' })).toBeVisible({ timeout: 60_000 });
    await expect(compare.getByRole('status').filter({ hasText: '0 of 4 corners picked' })).toBeVisible();
    await snap(page, 'compare-checker-03-not-found');
  });
});
