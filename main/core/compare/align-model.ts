// Which model an automatic alignment keeps: the similarity unless a homography is clearly better on
// the same matches. Both are scored alike over every ratio-test match: an inlier costs its squared
// reprojection error, inflated by 2n / (2n − k) for the k parameters the model fitted (a homography's
// eight absorb more noise than a similarity's four), an outlier costs the RANSAC threshold squared.
// A homography wins only with a score at most `HOMOGRAPHY_MARGIN` of the similarity's and no
// implausible shape (homography.ts); otherwise the similarity, which cannot bend, stays.
import { homographyProblem, type HomographyProblem } from './homography';
import { squaredError, type Matrix3, type Point } from './similarity';

/** "Clearly better": the homography's score must be at most this share of the similarity's. */
export const HOMOGRAPHY_MARGIN = 0.7;

export interface ModelScore {
  readonly inliers: number;
  /** RMS reprojection error over the inliers, in the matches' pixels. */
  readonly rmsPx: number;
  /** Mean cost per match (px²): lower is better. */
  readonly score: number;
}

export function scoreModel(m: Matrix3, src: readonly Point[], dst: readonly Point[], thresholdPx: number, parameters: 4 | 8): ModelScore {
  const t2 = thresholdPx ** 2;
  let inliers = 0;
  let sum = 0;
  for (let k = 0; k < src.length; k++) {
    const e2 = squaredError(m, src[k]!, dst[k]!);
    if (e2 <= t2) {
      inliers++;
      sum += e2;
    }
  }
  const outliers = src.length - inliers;
  // Each inlier gives two equations; with fewer than the parameters' worth the fit explains nothing.
  const freedom = 2 * inliers - parameters;
  const inflated = freedom > 0 ? (sum * 2 * inliers) / freedom : inliers * t2;
  return { inliers, rmsPx: inliers > 0 ? Math.sqrt(sum / inliers) : 0, score: src.length > 0 ? (inflated + outliers * t2) / src.length : Infinity };
}

export type ModelChoice =
  | { readonly model: 'similarity'; readonly why: 'not-better' | HomographyProblem | 'no-homography' }
  | { readonly model: 'homography' };

/**
 * The model to keep, given both matrices (in the matches' pixels, `to` → `from`) scored over the
 * same matches; `width`/`height`: the `to` image in those pixels, for the shape check.
 */
export function chooseModel(similarity: ModelScore, homography: { matrix: Matrix3; score: ModelScore } | null, width: number, height: number): ModelChoice {
  if (!homography) return { model: 'similarity', why: 'no-homography' };
  const problem = homographyProblem(homography.matrix, width, height);
  if (problem) return { model: 'similarity', why: problem };
  const better = homography.score.inliers >= similarity.inliers && homography.score.score <= HOMOGRAPHY_MARGIN * similarity.score;
  return better ? { model: 'homography' } : { model: 'similarity', why: 'not-better' };
}
