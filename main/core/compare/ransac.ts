// The RANSAC loop alignment's two models share (similarity.ts, homography.ts): minimal samples
// scored by reprojection error, an adaptive stop once an all-inlier sample has most likely been
// drawn, then refits on the inliers until they stop changing. What differs between the models
// (how a sample is drawn, the fit, a check that a sample's matrix is plausible) is passed in.
import type { Matrix3, Point } from './similarity';
import { squaredError } from './similarity';

export interface RansacResult {
  readonly matrix: Matrix3;
  readonly inliers: number[];
}

export interface RansacOptions {
  readonly thresholdPx: number;
  readonly iterations: number;
  /** Injectable so tests are repeatable. */
  readonly random?: () => number;
}

export interface RansacModel {
  /** Points a minimal sample holds; fewer inliers than this is no answer. */
  readonly sampleSize: number;
  /** The adaptive stop never ends the search before this many samples. */
  readonly minIterations: number;
  /** The indices of one minimal sample of `n` pairs, or null to spend this iteration drawing nothing. */
  sample(n: number, random: () => number): number[] | null;
  /** The least-squares matrix through the pairs, or null where they are degenerate. */
  fit(src: readonly Point[], dst: readonly Point[]): Matrix3 | null;
  /** False for a sample's matrix no camera move gives (checked against the sample's source points). */
  plausible?(m: Matrix3, sampleSrc: readonly Point[]): boolean;
  /**
   * A refit on the inliers that turns out degenerate: 'fail' answers null, 'keep' keeps the last
   * good refit. (The similarity has always failed, the homography kept; kept as they were.)
   */
  readonly degenerateRefit: 'fail' | 'keep';
}

export function ransac(model: RansacModel, src: readonly Point[], dst: readonly Point[], options: RansacOptions): RansacResult | null {
  const n = src.length;
  const { sampleSize } = model;
  if (n < sampleSize) return null;
  const random = options.random ?? Math.random;
  const t2 = options.thresholdPx ** 2;
  const inliersOf = (m: Matrix3): number[] => {
    const out: number[] = [];
    for (let k = 0; k < n; k++) if (squaredError(m, src[k]!, dst[k]!) <= t2) out.push(k);
    return out;
  };
  const fitOn = (picked: readonly number[]) =>
    model.fit(
      picked.map((k) => src[k]!),
      picked.map((k) => dst[k]!),
    );
  let best: number[] = [];
  let iterations = options.iterations;
  for (let it = 0; it < iterations; it++) {
    const picked = model.sample(n, random);
    if (!picked) continue;
    const m = fitOn(picked);
    if (!m || (model.plausible && !model.plausible(m, picked.map((k) => src[k]!)))) continue;
    const inliers = inliersOf(m);
    if (inliers.length > best.length) {
      best = inliers;
      // Adaptive stop: enough samples that an all-inlier one was drawn with 99.9 % confidence.
      const w = inliers.length / n;
      const needed = Math.ceil(Math.log(0.001) / Math.log(Math.max(1e-9, 1 - w ** sampleSize)));
      iterations = Math.min(options.iterations, Math.max(needed, model.minIterations));
    }
  }
  if (best.length < sampleSize) return null;
  let matrix: Matrix3 | null = null;
  for (let round = 0; round < 5; round++) {
    const next = fitOn(best);
    if (!next) {
      if (model.degenerateRefit === 'fail') return null;
      break;
    }
    matrix = next;
    const again = inliersOf(matrix);
    if (again.length < sampleSize || (again.length === best.length && again.every((k, idx) => k === best[idx]))) break;
    best = again;
  }
  return matrix ? { matrix, inliers: best } : null;
}
