// Colour-checker detection on generated photos (OpenCV in this thread; the core runs it in its
// worker): a checker with the published colours in a cluttered, noisy scene, under perspective,
// rotated (0°, 15°, 90°, 180°), mirrored, small and large, through a colour cast, exposure changes
// and a tone curve no cast undoes, is found with its corners within a few pixels and its patches
// read close to what the photo holds; a scene without one, a tiled floor and a 6 × 4 grid of
// same-colour squares are "not found"; so is a frame of the simulated camera (it shows a grey
// patch and a ruler, not a checker).
import { beforeAll, describe, expect, it } from 'vitest';
import { renderClinicalScene } from '../capture/simulated-camera';
import { mulberry32 } from '../support/seeded-random';
import { detectChecker, type CheckerDetection } from './checker-detect';
import { fitToReference, mismatchedPatches } from './checker-fit';
import { fitHomography, toFullResolution, apply, type Point } from './checker-geometry';
import { findPatchCandidates, type CheckerCv } from './checker-quads';
import { CHECKER_REFERENCE_SRGB } from './checker-reference';
import { deltaE2000, srgbToLab, type Rgb } from './colour';
import { decodeRgb } from './decode';
import { loadOpenCv } from './opencv';
import { checkerScene, emptyScene, tiledFloor, type ChartPlacement, type SceneSpec } from './test-support/checker-scenes';

const WORKING_SIDE = 1600;
const W = 1800;
const H = 1200;
let cv: CheckerCv;

beforeAll(async () => {
  // The package's typings are loose; CheckerCv names the functions detection uses.
  cv = (await loadOpenCv()).cv as unknown as CheckerCv;
}, 60_000);

async function detect(jpeg: Buffer): Promise<{ result: CheckerDetection; toFull: (p: Point) => [number, number] }> {
  const image = await decodeRgb(jpeg, WORKING_SIDE);
  return { result: detectChecker(cv, image), toFull: (p) => toFullResolution(p, image.scaleX, image.scaleY) };
}

describe('fitHomography', () => {
  it('recovers a perspective map from six point pairs', () => {
    const truth = fitHomography(
      [
        [0, 0],
        [6, 0],
        [6, 4],
        [0, 4],
      ],
      [
        [100, 120],
        [700, 90],
        [650, 500],
        [140, 430],
      ],
    )!;
    const src: Point[] = [
      [0, 0],
      [3, 1],
      [5, 3],
      [1, 2],
      [6, 4],
      [2, 4],
    ];
    const fitted = fitHomography(
      src,
      src.map((p) => apply(truth, p)),
    )!;
    for (const p of [[0.5, 0.5] as Point, [5.5, 3.5] as Point]) {
      const [a, b] = [apply(truth, p), apply(fitted, p)];
      expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(1e-6);
    }
    expect(fitHomography(src.slice(0, 3), src.slice(0, 3))).toBeNull();
  });
});

describe('fitToReference', () => {
  it('is about zero for the published colours under any per-channel cast, and large for the chart read the wrong way round', () => {
    expect(fitToReference(CHECKER_REFERENCE_SRGB)).toBeLessThan(0.05);
    expect(fitToReference([...CHECKER_REFERENCE_SRGB].reverse())).toBeGreaterThan(15);
  });

  it('names the readings that are not the chart’s (skin over two patches), and no others, under a cast', () => {
    const cast = (rgb: Rgb): Rgb => [rgb[0] * 1.1, rgb[1], rgb[2] * 0.85];
    const read = CHECKER_REFERENCE_SRGB.map((rgb, k): Rgb => (k === 0 || k === 14 ? [205, 150, 125] : cast(rgb)));
    expect(mismatchedPatches(read)).toEqual([0, 14]);
    expect(mismatchedPatches(CHECKER_REFERENCE_SRGB.map(cast))).toEqual([]);
  });
});

describe('findPatchCandidates', () => {
  it('outlines each patch itself, not the hole round it in the frame’s region (patch and edge band)', async () => {
    const pitch = 60;
    const scene = await checkerScene({ width: 1200, height: 800, seed: 5 }, { centre: [600, 400], pitch, rotationDeg: 0 });
    const image = await decodeRgb(scene.jpeg, WORKING_SIDE);
    const [x0, y0] = scene.corners[0];
    const onChart = findPatchCandidates(cv, image).filter((q) => q.centre[0] > x0 && q.centre[0] < x0 + 6 * pitch && q.centre[1] > y0 && q.centre[1] < y0 + 4 * pitch);
    expect(onChart).toHaveLength(24);
    // A patch is 0.84 of a pitch square; the hole's outline would be larger than the patch.
    const patchArea = (0.84 * pitch) ** 2;
    for (const q of onChart) expect(q.area).toBeLessThan(patchArea);
  }, 60_000);
});

const CAST: Rgb = [1.25, 1.0, 0.8];
const times = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k];
const FOUND_CASES: ReadonlyArray<{ name: string; spec: SceneSpec; place: ChartPlacement }> = [
  { name: 'square-on, cast', spec: { width: W, height: H, seed: 11, cast: CAST, noise: 5 }, place: { centre: [700, 650], pitch: 70, rotationDeg: 0 } },
  { name: '15°, tilted, darker (×0.6)', spec: { width: W, height: H, seed: 12, cast: times(CAST, 0.6), noise: 6 }, place: { centre: [1000, 600], pitch: 80, rotationDeg: 15, tilt: 0.2 } },
  { name: '180°, tilted, brighter (×1.3)', spec: { width: W, height: H, seed: 13, cast: times([1, 0.95, 1.1], 1.3), noise: 5 }, place: { centre: [900, 700], pitch: 60, rotationDeg: 180, tilt: 0.1 } },
  { name: '90°, small (pitch 34 px)', spec: { width: W, height: H, seed: 14, cast: CAST, noise: 5 }, place: { centre: [1300, 500], pitch: 34, rotationDeg: 90, tilt: 0.1 } },
  { name: '−30°, large, strong perspective', spec: { width: W, height: H, seed: 15, cast: [0.8, 1.0, 1.3], noise: 5 }, place: { centre: [900, 600], pitch: 120, rotationDeg: -30, tilt: 0.3 } },
  { name: 'a camera tone curve (γ 0.75) and a cast', spec: { width: W, height: H, seed: 17, cast: [0.9, 1.0, 1.2], gamma: 0.75, noise: 5 }, place: { centre: [1000, 700], pitch: 65, rotationDeg: -12, tilt: 0.15 } },
  { name: 'mirrored, 8°', spec: { width: W, height: H, seed: 16, cast: CAST, noise: 5 }, place: { centre: [900, 600], pitch: 70, rotationDeg: 8, mirrored: true } },
];

describe('detectChecker finds a checker', () => {
  it.each(FOUND_CASES)('$name', async ({ spec, place }) => {
    const scene = await checkerScene(spec, place);
    const { result, toFull } = await detect(scene.jpeg);
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.confidence).toBeGreaterThan(spec.gamma ? 0.6 : 0.9);
    expect(result.squares).toBeGreaterThanOrEqual(20);
    // Corners in the same order as the truth (dark-skin corner first), each within 4 % of a pitch
    // (the scene's pixel centres are at +0.5, the answer's at integers).
    const errors = result.corners.map((c, i) => {
      const [x, y] = toFull(c);
      return Math.hypot(x - (scene.corners[i]![0] - 0.5), y - (scene.corners[i]![1] - 0.5));
    });
    expect(Math.max(...errors)).toBeLessThan(0.04 * place.pitch + 1);
    // Each patch read close to what the photo holds there (the published colour through the cast).
    const dE = result.patches.map((p, i) => deltaE2000(srgbToLab(p), srgbToLab(scene.patches[i]!)));
    expect(Math.max(...dE)).toBeLessThan(2);
    expect(result.mismatched).toEqual([]);
    expect(result.orientation.mirrored).toBe(place.mirrored ?? false);
    const turn = (((result.orientation.rotationDeg - place.rotationDeg) % 360) + 540) % 360 - 180;
    expect(Math.abs(turn)).toBeLessThan(6);
  }, 90_000);
});

describe('detectChecker with fingers over the chart', () => {
  it('still finds it, and names the covered patches so a match leaves them out', async () => {
    // Chart coordinates in pitches: one finger over the dark-skin patch (0), one over the blue (12) and the area beside it.
    const place: ChartPlacement = { centre: [900, 600], pitch: 80, rotationDeg: 10, tilt: 0.1, covered: [{ x: 0.4, y: 0.5, r: 0.6 }, { x: 0.3, y: 2.5, r: 0.7 }] };
    const scene = await checkerScene({ width: W, height: H, seed: 61, cast: CAST, noise: 5 }, place);
    const { result } = await detect(scene.jpeg);
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.mismatched).toEqual([0, 12]);
  }, 60_000);
});

describe('detectChecker does not guess', () => {
  it('finds nothing in a cluttered scene without a checker', async () => {
    const { result } = await detect(await emptyScene({ width: W, height: H, seed: 21, noise: 5 }));
    expect(result).toMatchObject({ found: false });
  }, 60_000);

  it('a tiled floor (square tiles, dark grout, in perspective) is not a checker', async () => {
    const floor = await tiledFloor({ width: W, height: H, seed: 22, noise: 5 }, { centre: [900, 600], pitch: 110, rotationDeg: 10, tilt: 0.2 }, 14, 9);
    const { result } = await detect(floor);
    expect(result.found).toBe(false);
    expect(result.confidence).toBeLessThan(0.5);
  }, 60_000);

  it('a 6 × 4 grid of same-colour squares in a checker’s frame is not a checker', async () => {
    const grid = await tiledFloor({ width: W, height: H, seed: 23, cast: CAST, noise: 5 }, { centre: [900, 600], pitch: 80, rotationDeg: 0 }, 6, 4, [120, 140, 90]);
    const { result } = await detect(grid);
    expect(result).toMatchObject({ found: false, reason: 'not-a-checker' });
  }, 60_000);

  it('a 6 × 4 grid of other colours (a quilt), and a checker’s own colours shuffled, are not a checker', async () => {
    const rnd = mulberry32(24);
    const quilt: Rgb[] = Array.from({ length: 24 }, () => [30 + rnd() * 200, 30 + rnd() * 200, 30 + rnd() * 200]);
    // The published colours in another order: the right colours, the wrong places.
    const shuffled = CHECKER_REFERENCE_SRGB.map((_, k) => CHECKER_REFERENCE_SRGB[(k * 7 + 5) % 24]!);
    for (const colours of [quilt, shuffled]) {
      const grid = await tiledFloor({ width: W, height: H, seed: 24, noise: 5 }, { centre: [900, 600], pitch: 80, rotationDeg: 5 }, 6, 4, (col, row) => colours[row * 6 + col]!);
      const { result } = await detect(grid);
      expect(result.found).toBe(false);
    }
  }, 60_000);

  it('the simulated camera’s frames hold no checker (a grey patch and a ruler): not found', async () => {
    for (const shot of [1, 2]) {
      const { result } = await detect(await renderClinicalScene(2400, 1600, shot, 1234));
      expect(result.found).toBe(false);
    }
  }, 60_000);
});
