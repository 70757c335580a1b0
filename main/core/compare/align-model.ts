// Which model an automatic alignment keeps: the similarity unless a homography is clearly better on
// the same matches. Both are scored alike over every ratio-test match: an inlier costs its squared
// reprojection error, inflated by 2n / (2n − k) for the k parameters the model fitted (a homography's
// eight absorb more noise than a similarity's four), an outlier costs the RANSAC threshold squared.
// A homography wins only with a score at most `HOMOGRAPHY_MARGIN` of the similarity's and no
// implausible shape (homography.ts); otherwise the similarity, which cannot bend, stays.
import { homographyProblem, type HomographyProblem } from './homography';
import { squaredError, type Matrix3, type Point, type RansacResult } from './similarity';

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

/** Both models' scores (working px) and why the similarity was kept, stored with the alignment. */
export interface ModelComparison {
  readonly similarity: ModelScore | null;
  readonly homography: ModelScore | null;
  readonly why: string | null;
}

export type Selection =
  | { readonly model: 'similarity' | 'homography'; readonly fit: RansacResult; readonly comparison: ModelComparison }
  | { readonly model: null; readonly inliers: number };

/**
 * The model to refine and keep from both RANSAC results on the same matches (`to` → `from`), or
 * null with the most inliers either reached when neither model has `minInliers`: a homography
 * with enough inliers aligns a pair whose perspective leaves too few for any similarity.
 */
export function selectModel(input: {
  readonly similarity: RansacResult | null;
  readonly homography: RansacResult | null;
  readonly src: readonly Point[];
  readonly dst: readonly Point[];
  readonly thresholdPx: number;
  readonly minInliers: number;
  readonly width: number;
  readonly height: number;
}): Selection {
  const { similarity, homography, src, dst, thresholdPx, minInliers } = input;
  const most = Math.max(similarity?.inliers.length ?? 0, homography?.inliers.length ?? 0);
  const enough = (fit: RansacResult | null): fit is RansacResult => fit !== null && fit.inliers.length >= minInliers;
  const similarityScore = similarity ? scoreModel(similarity.matrix, src, dst, thresholdPx, 4) : null;
  const homographyScore = enough(homography) ? scoreModel(homography.matrix, src, dst, thresholdPx, 8) : null;
  // Without a similarity every match is an outlier to it: the worst score there is.
  const baseline = similarityScore ?? { inliers: 0, rmsPx: 0, score: thresholdPx ** 2 };
  const choice = chooseModel(baseline, enough(homography) && homographyScore ? { matrix: homography.matrix, score: homographyScore } : null, input.width, input.height);
  const comparison = { similarity: similarityScore, homography: homographyScore, why: choice.model === 'similarity' ? choice.why : null };
  if (choice.model === 'homography' && enough(homography)) return { model: 'homography', fit: homography, comparison };
  if (enough(similarity)) return { model: 'similarity', fit: similarity, comparison };
  return { model: null, inliers: most };
}
