// The plane geometry alignment rests on: a similarity recovered exactly from clean pairs, RANSAC
// keeping it under 40 % wrong matches, the manual three-pair fallback, and the corner error.
import { describe, expect, it } from 'vitest';
import { fromPointPairs } from './register';
import { apply, cornerErrors, fitSimilarity, invert, multiply, ransacSimilarity, type Matrix3, type Point } from './similarity';
import { pairTransform, seeded } from './test-support/scenes';

const truth: Matrix3 = pairTransform({ width: 6000, height: 4000, seed: 0, rotationDeg: 12, scale: 1.2, tx: 150, ty: -80, gain: 1 });

describe('similarity geometry', () => {
  it('recovers a similarity from clean pairs', () => {
    const rnd = seeded(1);
    const src: Point[] = Array.from({ length: 30 }, () => [rnd() * 6000, rnd() * 4000]);
    const fitted = fitSimilarity(src, src.map((p) => apply(truth, p)));
    expect(Math.max(...cornerErrors(fitted!, truth, 6000, 4000))).toBeLessThan(1e-6);
  });

  it('inverts and multiplies back to the identity', () => {
    const m = multiply(truth, invert(truth));
    expect(apply(m, [1234, 567]).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1234, 567]);
  });

  it('keeps the model under 40 % outliers and names the inliers', () => {
    const rnd = seeded(2);
    const src: Point[] = Array.from({ length: 200 }, () => [rnd() * 6000, rnd() * 4000]);
    const dst = src.map((p, k): Point => (k % 5 < 2 ? [rnd() * 6000, rnd() * 4000] : apply(truth, p)));
    const found = ransacSimilarity(src, dst, { thresholdPx: 2, iterations: 1000, random: seeded(3) });
    expect(found!.inliers.length).toBe(120);
    expect(Math.max(...cornerErrors(found!.matrix, truth, 6000, 4000))).toBeLessThan(1e-3);
  });

  it('fits three picked point pairs and refuses coincident points', () => {
    const picked: Point[] = [
      [100, 100],
      [5000, 300],
      [2500, 3800],
    ];
    const manual = fromPointPairs(picked, picked.map((p) => apply(truth, p)));
    expect(manual!.rmsPx).toBeLessThan(1e-6);
    expect(fromPointPairs([picked[0]!, picked[0]!, picked[0]!], picked)).toBeNull();
    expect(fromPointPairs(picked.slice(0, 2), picked.slice(0, 2))).toBeNull();
  });
});
