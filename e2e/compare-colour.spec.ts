// Colour normalisation and annotations in the compare view (issues 10 and 12), in the browser
// shell: two captures of one site, the second moved by a known shift and seen through a known
// colour cast (per-channel gains in linear light), aligned by three point pairs; each carries a
// rectangle round the grey card. The annotations are drawn on both stages and, in overlay mode,
// the second photo's lies on the first's (it follows the alignment); a layer can be switched off.
// The grey card picked in both photos matches the colour: the core's ΔE2000 falls below 3, and the
// screen itself (read back from a screenshot) shows the two cards alike; the same in Arabic (the
// toolbar right to left, the photos never mirrored). Screenshots at 1280×800.
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { deltaE2000, srgbToLab, type Rgb } from '../main/core/compare/colour';
import { castSceneLayout, generateCastPair } from '../main/core/compare/test-support/colour-scenes';
import { unwrap } from '../main/core/test-support/fixtures';
import { translator } from '../shared/i18n/intl';
import { loadedImages, openCompare, seedVisits, snap, withSeededShell } from './support/compare';
import { signIn } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN = { username: 'aferreira', displayName: 'Dr Ana Ferreira', password: 'amber-kestrel-harbour-58' };
const PATIENT = { mrn: 'COL-4410', familyName: 'Nakamura', givenName: 'Yui', birthDate: '1972-06-21', sex: 'F' as const };
const W = 1600;
const H = 1200;
const SHIFT = { dx: 120, dy: 60 };
const CARD = castSceneLayout(W, H).grey;

const rectangle = (id: string, name: string, dx: number, dy: number) => ({
  calibration: null,
  layers: [{ id, name, shapes: [{ id: `${id}-card`, kind: 'rectangle' as const, from: { x: CARD.x + dx, y: CARD.y + dy }, to: { x: CARD.x + CARD.w + dx, y: CARD.y + CARD.h + dy } }] }],
});

/** Two visits six weeks apart, the second shifted and colour-cast; aligned; one rectangle each round the card. */
async function seed(dataDir: string): Promise<void> {
  const pair = await generateCastPair({ width: W, height: H, cast: [1.3, 1.0, 0.7], ...SHIFT });
  await seedVisits(dataDir, ADMIN, [{ patient: PATIENT, frames: [pair.from, pair.to] }], async (client, [ids]) => {
    const [first, second] = ids as [string, string];
    unwrap(await client.api.annotations.save({ photoId: first, baseVersion: null, document: rectangle('baseline', 'Baseline', 0, 0) }));
    unwrap(await client.api.annotations.save({ photoId: second, baseVersion: null, document: rectangle('followup', 'Follow-up', SHIFT.dx, SHIFT.dy) }));
    const pairs = [
      [200, 200],
      [1300, 300],
      [700, 1000],
    ].map(([x, y]) => ({ from: [x!, y!] as [number, number], to: [x! + SHIFT.dx, y! + SHIFT.dy] as [number, number] }));
    unwrap(await client.api.compare.alignManual({ fromPhotoId: first, toPhotoId: second, pairs }));
  });
}

/** Where a point of the first photo's frame is on a stage at zoom 1 (fitted and centred), in page pixels. */
async function onPage(stage: Locator, [x, y]: readonly [number, number]) {
  const b = (await stage.boundingBox())!;
  const s = Math.min(b.width / W, b.height / H);
  return { x: b.x + (b.width - W * s) / 2 + x * s, y: b.y + (b.height - H * s) / 2 + y * s, local: { x: (b.width - W * s) / 2 + x * s, y: (b.height - H * s) / 2 + y * s } };
}

/** The mean colour the screen shows in a 7×7 square about a page point. */
async function shownColour(page: Page, at: { x: number; y: number }): Promise<Rgb> {
  const { data, info } = await sharp(await page.screenshot()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.round(at.y) - 3; y <= Math.round(at.y) + 3; y++) {
    for (let x = Math.round(at.x) - 3; x <= Math.round(at.x) + 3; x++) {
      for (let c = 0; c < 3; c++) sum[c]! += data[(y * info.width + x) * info.channels + c]!;
      n++;
    }
  }
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

test('compare view: colour matched by the grey card, annotations following the alignment', async () => {
  test.setTimeout(240_000);
  await withSeededShell({ name: 'colour', seed }, async (page) => {
    await signIn(page, ADMIN.username, ADMIN.password);
    const compare = await openCompare(page, PATIENT.familyName);
    await expect(compare.getByRole('status').filter({ hasText: /Aligned by 3 point pairs/ })).toBeVisible({ timeout: 30_000 });
    const loaded = () => expect.poll(() => loadedImages(compare), { timeout: 30_000 }).toBe(2);
    await loaded();

    // Side by side: each stage shows its photo's rectangle round the card, in the same place.
    const stages = compare.locator('.compare-stage');
    const rectOn = (stage: Locator) => stage.locator('.annotate-shape--rectangle rect').first();
    await expect(rectOn(stages.nth(0))).toBeVisible();
    await expect(rectOn(stages.nth(1))).toBeVisible();
    const cardCorner = await onPage(stages.nth(0), [CARD.x, CARD.y]);
    const cardFar = await onPage(stages.nth(0), [CARD.x + CARD.w, CARD.y + CARD.h]);
    const drawn = (await rectOn(stages.nth(0)).boundingBox())!;
    expect(Math.abs(drawn.x - cardCorner.x)).toBeLessThan(3);
    expect(Math.abs(drawn.y + drawn.height - cardFar.y)).toBeLessThan(3);
    const firstRel = { x: drawn.x - (await stages.nth(0).boundingBox())!.x, y: drawn.y - (await stages.nth(0).boundingBox())!.y };
    const secondBox = (await rectOn(stages.nth(1)).boundingBox())!;
    const secondRel = { x: secondBox.x - (await stages.nth(1).boundingBox())!.x, y: secondBox.y - (await stages.nth(1).boundingBox())!.y };
    expect(Math.abs(firstRel.x - secondRel.x)).toBeLessThan(3);
    expect(Math.abs(firstRel.y - secondRel.y)).toBeLessThan(3);
    await snap(page, 'compare-colour-01-annotations-side-by-side');

    // Overlay: one stage, both photos' annotations; the second's (shifted in its own photo) lies on the first's.
    await compare.getByRole('radio', { name: 'Overlay', exact: true }).click();
    await loaded();
    const baseline = compare.locator('.compare-annotations--start .annotate-shape--rectangle rect');
    const followUp = compare.locator('.compare-annotations--end .annotate-shape--rectangle rect');
    const [a, b] = [(await baseline.boundingBox())!, (await followUp.boundingBox())!];
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(a[k] - b[k])).toBeLessThan(3);
    await snap(page, 'compare-colour-02-annotations-overlay');
    await compare.getByRole('checkbox', { name: 'Show Follow-up' }).uncheck();
    await expect(followUp).toHaveCount(0);
    await expect(baseline).toHaveCount(1);
    await compare.getByRole('checkbox', { name: 'Show Follow-up' }).check();

    // Colour: the card picked in the first photo, then in the second (drawn on its alignment).
    await compare.getByRole('radio', { name: 'Side by side', exact: true }).click();
    await loaded();
    const centre: [number, number] = [CARD.x + CARD.w / 2, CARD.y + CARD.h / 2];
    const before = [await shownColour(page, await onPage(stages.nth(0), centre)), await shownColour(page, await onPage(stages.nth(1), centre))] as const;
    const shownBefore = deltaE2000(srgbToLab(before[0]), srgbToLab(before[1]));
    expect(shownBefore).toBeGreaterThan(5);

    await compare.getByRole('button', { name: 'Match colour' }).click();
    const picking = compare.locator('.compare-stage');
    await picking.nth(0).click({ position: (await onPage(picking.nth(0), centre)).local });
    await picking.nth(1).click({ position: (await onPage(picking.nth(1), centre)).local });
    await expect(compare.getByRole('status').filter({ hasText: '1 patch picked' })).toBeVisible();
    await snap(page, 'compare-colour-03-picking');
    await compare.getByRole('button', { name: 'Apply colour match' }).click();
    const delta = compare.getByRole('status').filter({ hasText: /ΔE2000/ });
    await expect(delta).toBeVisible({ timeout: 30_000 });
    const [, deBefore, deAfter] = /ΔE2000 ([\d.]+) before, ([\d.]+) after/.exec((await delta.textContent()) ?? '')!;
    expect(Number(deAfter)).toBeLessThan(Number(deBefore));
    expect(Number(deAfter)).toBeLessThan(3);
    // One decimal, through Intl.
    expect(deBefore).toMatch(/^\d+\.\d$/);

    // What the screen shows: the second card now looks like the first.
    await expect.poll(async () => deltaE2000(srgbToLab(await shownColour(page, await onPage(stages.nth(0), centre))), srgbToLab(await shownColour(page, await onPage(stages.nth(1), centre)))), { timeout: 10_000 }).toBeLessThan(3);
    // The coloured patches were not picked: under a cast that is a gain in linear light, one grey
    // card corrects them too, as the screen shows.
    const shownDelta = async (box: { x: number; y: number; w: number; h: number }) => {
      const c: [number, number] = [box.x + box.w / 2, box.y + box.h / 2];
      return deltaE2000(srgbToLab(await shownColour(page, await onPage(stages.nth(0), c))), srgbToLab(await shownColour(page, await onPage(stages.nth(1), c))));
    };
    const heldOutAfter = await Promise.all(castSceneLayout(W, H).patches.map(shownDelta));
    for (const d of heldOutAfter) expect(d).toBeLessThan(3);
    await snap(page, 'compare-colour-04-matched');
    // Switched off, the cast is back; display-only, nothing else changed.
    await compare.getByRole('checkbox', { name: 'Show matched colour' }).uncheck();
    await expect.poll(async () => deltaE2000(srgbToLab(await shownColour(page, await onPage(stages.nth(0), centre))), srgbToLab(await shownColour(page, await onPage(stages.nth(1), centre)))), { timeout: 10_000 }).toBeGreaterThan(5);
    const heldOutBefore = await Promise.all(castSceneLayout(W, H).patches.map(shownDelta));
    expect(Math.max(...heldOutBefore)).toBeGreaterThan(5);
    // The numbers docs/compare.md quotes.
    test.info().annotations.push({ type: 'measured', description: `core ΔE2000 ${deBefore} -> ${deAfter}; screen, held-out patches ${heldOutBefore.map((d) => d.toFixed(1)).join('/')} -> ${heldOutAfter.map((d) => d.toFixed(1)).join('/')}` });
    console.log(test.info().annotations.at(-1)?.description);
    await compare.getByRole('checkbox', { name: 'Show matched colour' }).check();
    await compare.getByRole('radio', { name: 'Slider', exact: true }).click();
    await loaded();
    await snap(page, 'compare-colour-05-slider-matched');

    // The colour checker by its four corners, picked in the same order in both photos: its 24
    // patches (the clipped ones left out and said so) fit a matrix; the grey card, not among them,
    // comes out matched on screen.
    await compare.getByRole('button', { name: 'Match colour' }).click();
    await compare.getByRole('radio', { name: 'Colour checker' }).click();
    const chart = castSceneLayout(W, H).checker;
    const corners: [number, number][] = [
      [chart.x, chart.y],
      [chart.x + chart.w, chart.y],
      [chart.x + chart.w, chart.y + chart.h],
      [chart.x, chart.y + chart.h],
    ];
    for (const corner of corners) {
      await picking.nth(0).click({ position: (await onPage(picking.nth(0), corner)).local });
      await picking.nth(1).click({ position: (await onPage(picking.nth(1), corner)).local });
    }
    await expect(compare.getByRole('status').filter({ hasText: '4 of 4 corners picked' })).toBeVisible();
    await snap(page, 'compare-colour-06-checker-corners');
    await compare.getByRole('button', { name: 'Apply colour match' }).click();
    const checkerDelta = compare.getByRole('status').filter({ hasText: /on \d+ patches: ΔE2000/ });
    await expect(checkerDelta).toBeVisible({ timeout: 30_000 });
    const [, patchCount, chBefore, chAfter, leftOut] = /on (\d+) patches: ΔE2000 ([\d.]+) before, ([\d.]+) after \((\d+) patches left out/.exec((await checkerDelta.textContent()) ?? '')!;
    expect(Number(patchCount) + Number(leftOut)).toBe(24);
    expect(Number(chAfter)).toBeLessThan(Number(chBefore));
    expect(Number(chAfter)).toBeLessThan(3);
    await compare.getByRole('radio', { name: 'Side by side', exact: true }).click();
    await loaded();
    await expect.poll(() => shownDelta(CARD), { timeout: 10_000 }).toBeLessThan(3);
    test.info().annotations.push({ type: 'measured', description: `checker: ${patchCount} patches used, ${leftOut} left out, core ΔE2000 ${chBefore} -> ${chAfter}; grey card on screen ${(await shownDelta(CARD)).toFixed(1)}` });
    console.log(test.info().annotations.at(-1)?.description);
    await snap(page, 'compare-colour-07-checker-matched');
  });
});

test('colour matching in Arabic: the toolbar and the order right to left, the photos not mirrored', async () => {
  test.setTimeout(120_000);
  const t = translator('ar').t;
  await withSeededShell({ name: 'colour-ar', seed, locale: 'ar' }, async (page) => {
    await page.getByLabel(t('session.username')).fill(ADMIN.username);
    await page.getByLabel(t('session.password')).fill(ADMIN.password);
    await page.getByRole('button', { name: t('session.signIn') }).click();
    await page.getByText(PATIENT.familyName).first().click();
    await page.locator('.gallery__item .thumb').first().click();
    await page.getByRole('button', { name: t('viewer.compareWith') }).click();
    const compare = page.getByRole('dialog', { name: t('compare.title') });
    await expect(compare).toBeVisible();
    const stages = compare.locator('.compare-stage');
    await expect(stages.first()).toHaveAttribute('dir', 'ltr');
    await expect.poll(() => loadedImages(compare), { timeout: 30_000 }).toBe(2);
    await compare.getByRole('button', { name: t('compare.colour.match') }).click();
    const centre: [number, number] = [CARD.x + CARD.w / 2, CARD.y + CARD.h / 2];
    await stages.nth(0).click({ position: (await onPage(stages.nth(0), centre)).local });
    await stages.nth(1).click({ position: (await onPage(stages.nth(1), centre)).local });
    await compare.getByRole('button', { name: t('compare.colour.apply') }).click();
    const status = compare.getByRole('status').filter({ hasText: 'ΔE2000' });
    await expect(status).toBeVisible({ timeout: 30_000 });
    // Reading order: the earlier photo at the start of the line, on the right in Arabic; each
    // stage stays left to right, so the images themselves are never mirrored.
    const [earlier, later] = [(await stages.nth(0).boundingBox())!, (await stages.nth(1).boundingBox())!];
    expect(earlier.x).toBeGreaterThan(later.x);
    await expect(stages.nth(1)).toHaveAttribute('dir', 'ltr');
    await snap(page, 'compare-colour-08-arabic');
  });
});
