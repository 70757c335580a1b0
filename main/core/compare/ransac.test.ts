// The RANSAC loop both alignment models share, driven by a scripted model: the refits follow the
// inliers until they settle, a sample the model calls implausible is never kept, and a degenerate
// refit ends the search as the model says ('fail': no answer; 'keep': the last good refit).
import { describe, expect, it } from 'vitest';
import { ransac, type RansacModel } from './ransac';
import type { Matrix3, Point } from './similarity';

const shift = (dx: number): Matrix3 => [
  [1, 0, dx],
  [0, 1, 0],
  [0, 0, 1],
];
// Pairs 0–2 do not move; pairs 3 and 4 move 5 px to the right.
const src: Point[] = [
  [0, 0],
  [100, 0],
  [0, 100],
  [100, 100],
  [50, 50],
];
const dst: Point[] = src.map(([x, y], k): Point => (k < 3 ? [x, y] : [x + 5, y]));

/** Samples pairs 0 and 1; then fits, in order, what `answers` lists (null: degenerate). */
function scripted(answers: (Matrix3 | null)[], extra: Partial<RansacModel> = {}): RansacModel {
  return { sampleSize: 2, minIterations: 1, sample: () => [0, 1], fit: () => answers.shift() ?? null, degenerateRefit: 'fail', ...extra };
}
const once = { thresholdPx: 1, iterations: 1 };

describe('ransac', () => {
  it('refits on the inliers until they stop changing', () => {
    // The sample's fit keeps 0–2; the first refit moves to 3–4; the second agrees with it.
    expect(ransac(scripted([shift(0), shift(5), shift(5)]), src, dst, once)).toEqual({ matrix: shift(5), inliers: [3, 4] });
  });

  it('answers nothing when every sample is implausible', () => {
    expect(ransac(scripted([shift(0), shift(0)], { plausible: () => false }), src, dst, once)).toBeNull();
  });

  it("a degenerate refit: 'fail' answers nothing, 'keep' keeps the last good refit", () => {
    expect(ransac(scripted([shift(0), shift(5), null]), src, dst, once)).toBeNull();
    expect(ransac(scripted([shift(0), shift(5), null], { degenerateRefit: 'keep' }), src, dst, once)).toEqual({ matrix: shift(5), inliers: [3, 4] });
  });

  it('answers nothing with fewer pairs than a sample needs', () => {
    expect(ransac(scripted([shift(0)], { sampleSize: 6 }), src, dst, once)).toBeNull();
  });
});
