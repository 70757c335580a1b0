// The projective geometry behind the homography model: exact recovery from clean pairs, RANSAC under
// 40 % wrong matches, the shape checks that refuse what no camera move produces, and the model
// choice: a perspective keeps the homography, a similarity keeps the similarity, a degenerate
// homography is refused however well it fits, and a pair is refused only when neither model has
// enough inliers (a perspective can leave too few for any similarity).
import { describe, expect, it } from 'vitest';
import { chooseModel, scoreModel, selectModel } from './align-model';
import { fitHomography, homographyProblem, ransacHomography } from './homography';
import { apply, cornerErrors, multiply, ransacSimilarity, type Matrix3, type Point } from './similarity';
import { perspectiveTransform } from './test-support/perspective-scenes';
import { pairTransform, seeded } from './test-support/scenes';

const W = 1600;
const H = 1067;
const base = { width: W, height: H, seed: 0, rotationDeg: 6, scale: 1.07, tx: 30, ty: -20, gain: 1 };
const tilted = perspectiveTransform({ ...base, tiltXDeg: 10, tiltYDeg: -5 });
const rectangle: Point[] = [
  [0, 0],
  [W, 0],
  [W, H],
  [0, H],
];

/** `count` matches under `truth` with Gaussian-like noise of about `noise` px, every fifth one wrong. */
function matches(truth: Matrix3, count: number, noise: number, seed: number): { src: Point[]; dst: Point[] } {
  const rnd = seeded(seed);
  const jitter = () => (rnd() + rnd() + rnd() - 1.5) * noise * 2;
  const src: Point[] = Array.from({ length: count }, () => [rnd() * W, rnd() * H]);
  const dst = src.map((p, k): Point => {
    if (k % 5 === 0) return [rnd() * W, rnd() * H];
    const [x, y] = apply(truth, p);
    return [x + jitter(), y + jitter()];
  });
  return { src, dst };
}

const ransac = (seed: number) => ({ thresholdPx: 2.5, iterations: 2000, random: seeded(seed) });

describe('homography geometry', () => {
  it('recovers a homography exactly from four and from many clean pairs', () => {
    const rnd = seeded(4);
    const src: Point[] = Array.from({ length: 40 }, () => [rnd() * W, rnd() * H]);
    const dst = src.map((p) => apply(tilted, p));
    expect(Math.max(...cornerErrors(fitHomography(src, dst)!, tilted, W, H))).toBeLessThan(1e-6);
    expect(Math.max(...cornerErrors(fitHomography(rectangle, rectangle.map((p) => apply(tilted, p)))!, tilted, W, H))).toBeLessThan(1e-6);
    expect(fitHomography(src.slice(0, 3), dst.slice(0, 3))).toBeNull();
  });

  it('keeps the homography under 20 % wrong matches and names the inliers', () => {
    const { src, dst } = matches(tilted, 300, 0, 5);
    const found = ransacHomography(src, dst, ransac(6));
    expect(found!.inliers).toHaveLength(240);
    expect(Math.max(...cornerErrors(found!.matrix, tilted, W, H))).toBeLessThan(1e-6);
  });

  it('accepts a camera turned by 10°, refuses what no camera move between two photos produces', () => {
    expect(homographyProblem(tilted, W, H)).toBeNull();
    expect(homographyProblem(pairTransform(base), W, H)).toBeNull();
    const mirror: Matrix3 = [
      [-1, 0, W],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(homographyProblem(mirror, W, H)).toBe('flipped');
    const tiny: Matrix3 = [
      [0.2, 0, 0],
      [0, 0.2, 0],
      [0, 0, 1],
    ];
    expect(homographyProblem(tiny, W, H)).toBe('collapsed');
    expect(homographyProblem(perspectiveTransform({ ...base, tiltXDeg: 35, tiltYDeg: 0 }), W, H)).toBe('perspective');
    // The corners onto a bow tie and onto an arrowhead: the horizon runs through the photo.
    const onto = (quad: Point[]) => fitHomography(rectangle, quad)!;
    expect(homographyProblem(onto([[0, 0], [W, 0], [0, H], [W, H]]), W, H)).toBe('folded');
    expect(homographyProblem(onto([[0, 0], [W, 0], [W * 0.3, H * 0.3], [0, H]]), W, H)).toBe('folded');
  });
});

describe('model choice', () => {
  const both = (truth: Matrix3, seed: number) => {
    const { src, dst } = matches(truth, 300, 0.4, seed);
    const similarity = ransacSimilarity(src, dst, ransac(seed + 1))!;
    const homography = ransacHomography(src, dst, ransac(seed + 2))!;
    return {
      similarity: scoreModel(similarity.matrix, src, dst, 2.5, 4),
      homography: { matrix: homography.matrix, score: scoreModel(homography.matrix, src, dst, 2.5, 8) },
    };
  };

  it('keeps the homography for a perspective', () => {
    const { similarity, homography } = both(tilted, 10);
    expect(chooseModel(similarity, homography, W, H)).toEqual({ model: 'homography' });
    expect(homography.score.inliers).toBeGreaterThan(similarity.inliers);
  });

  it('keeps the similarity for a similarity, although the homography fits its noise a little closer', () => {
    for (const seed of [20, 30, 40]) {
      const { similarity, homography } = both(pairTransform(base), seed);
      expect(homography.score.rmsPx).toBeLessThanOrEqual(similarity.rmsPx + 1e-9);
      expect(chooseModel(similarity, homography, W, H)).toEqual({ model: 'similarity', why: 'not-better' });
    }
  });

  it('refuses a degenerate homography however well it fits, and keeps the similarity', () => {
    // A camera turned by 35°: RANSAC finds the homography, far better than any similarity, and it is refused.
    const steep = both(perspectiveTransform({ ...base, tiltXDeg: 35, tiltYDeg: 0 }), 50);
    expect(steep.homography.score.score).toBeLessThan(0.5 * steep.similarity.score);
    expect(chooseModel(steep.similarity, steep.homography, W, H)).toEqual({ model: 'similarity', why: 'perspective' });
    // A mirror image: RANSAC skips flipping samples, so the exact fit through the true matches stands in.
    const mirror = multiply(tilted, [
      [-1, 0, W],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const { src, dst } = matches(mirror, 300, 0.4, 60);
    const kept = src.map((_, k) => k).filter((k) => k % 5 !== 0);
    const fitted = fitHomography(
      kept.map((k) => src[k]!),
      kept.map((k) => dst[k]!),
    )!;
    const similarity = scoreModel(ransacSimilarity(src, dst, ransac(61))!.matrix, src, dst, 2.5, 4);
    const homography = { matrix: fitted, score: scoreModel(fitted, src, dst, 2.5, 8) };
    expect(homography.score.score).toBeLessThan(0.5 * similarity.score);
    expect(chooseModel(similarity, homography, W, H)).toEqual({ model: 'similarity', why: 'flipped' });
    expect(ransacHomography(src, dst, ransac(62))?.inliers.length ?? 0).toBeLessThan(20);
    expect(chooseModel(similarity, null, W, H)).toEqual({ model: 'similarity', why: 'no-homography' });
  });
});

describe('model selection on RANSAC results', () => {
  const select = (truth: Matrix3, count: number, seed: number) => {
    const { src, dst } = matches(truth, count, 0.4, seed);
    const similarity = ransacSimilarity(src, dst, ransac(seed + 1));
    const homography = ransacHomography(src, dst, ransac(seed + 2));
    return { similarity, homography, selection: selectModel({ similarity, homography, src, dst, thresholdPx: 2.5, minInliers: 20, width: W, height: H }) };
  };

  it('aligns by the homography a pair whose perspective leaves too few matches for any similarity', () => {
    const { similarity, selection } = select(perspectiveTransform({ ...base, tiltXDeg: 20, tiltYDeg: 0 }), 80, 70);
    expect(similarity!.inliers.length).toBeLessThan(20);
    expect(selection.model).toBe('homography');
    if (selection.model === null) return;
    expect(selection.fit.inliers.length).toBeGreaterThanOrEqual(60);
    expect(selection.comparison.homography!.score).toBeLessThan(0.7 * selection.comparison.similarity!.score);
  });

  it('refuses (no model) when neither reaches the minimum, and keeps a similarity over a refused homography', () => {
    const unrelated = matches(tilted, 80, 0, 80);
    const scrambled = { src: unrelated.src, dst: [...unrelated.dst].reverse() };
    const none = selectModel({ similarity: ransacSimilarity(scrambled.src, scrambled.dst, ransac(81)), homography: ransacHomography(scrambled.src, scrambled.dst, ransac(82)), ...scrambled, thresholdPx: 2.5, minInliers: 20, width: W, height: H });
    expect(none.model).toBeNull();
    if (none.model === null) expect(none.inliers).toBeLessThan(20);
    const steep = select(perspectiveTransform({ ...base, tiltXDeg: 30, tiltYDeg: 0 }), 1000, 90);
    expect(steep.similarity!.inliers.length).toBeGreaterThanOrEqual(20);
    expect(steep.selection.model).toBe('similarity');
    if (steep.selection.model !== null) expect(steep.selection.comparison.why).toBe('perspective');
  });
});
