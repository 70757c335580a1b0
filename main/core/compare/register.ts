// The registration pipeline: AKAZE features on downscaled grey copies, a 0.8 ratio test, RANSAC
// for a similarity and for a homography on the same matches, ECC refinement on the same grey copies,
// and the homography kept only when it is clearly better (align-model.ts). Pure computation on pixels already
// decoded (decode.ts does that in the core, upright); the alignment worker and the bench's bare
// pipeline both call `register`, so the bench compares the app against exactly this code.
import { ECC, refineEcc } from './align-ecc';
import { HOMOGRAPHY_MARGIN, selectModel, type ModelComparison } from './align-model';
import { homographyProblem, ransacHomography } from './homography';
import type { CvMat, OpenCv } from './opencv';
import { apply, cornerErrors, fitSimilarity, invert, multiply, nearestSimilarity, ransacSimilarity, rmsError, type Matrix3, type Point } from './similarity';

/** A grey image at working size; `scaleX`/`scaleY`: full-resolution pixels per working pixel. */
export interface GreyImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly scaleX: number;
  readonly scaleY: number;
  /** The full-resolution (upright) size, for the corner check. */
  readonly fullWidth: number;
  readonly fullHeight: number;
}

export interface Registration {
  /** Maps a full-resolution upright pixel of the `to` photo onto the `from` photo. */
  readonly matrix: Matrix3;
  readonly model: 'similarity' | 'homography';
  readonly inliers: number;
  readonly matches: number;
  /** RMS reprojection error of the inlier matches, in full-resolution pixels of `from`. */
  readonly rmsPx: number;
  readonly refined: boolean;
  /** How the two models compared on the same matches (stored with the alignment's parameters). */
  readonly comparison: ModelComparison;
}

/** Why a pair could not be aligned: too few features or consistent matches (different site, too little overlap). */
export class RegistrationRefused extends Error {
  override readonly name = 'RegistrationRefused';
  constructor(
    readonly reason: 'few-features' | 'few-inliers',
    readonly inliers: number,
  ) {
    super(reason === 'few-features' ? 'too few features to align' : `too few consistent matches (${inliers})`);
  }
}

export const REGISTRATION = {
  /** Longest side of the grey copies, in pixels. */
  workingSide: 1600,
  ratio: 0.8,
  ransacThresholdWorkingPx: 2.5,
  ransacIterations: 2000,
  minInliers: 20,
  /** ECC's result is kept only if it moves no corner further than this from RANSAC's (working px). */
  eccMaxShiftWorkingPx: 8,
  eccIterations: ECC.iterations,
  /** A homography replaces the similarity only with a score at most this share of its (align-model.ts). */
  homographyMargin: HOMOGRAPHY_MARGIN,
} as const;

/** Working pixel → full-resolution pixel, pixel centres aligned (centre of pixel i is at i). */
const toFull = (image: GreyImage): Matrix3 => [
  [image.scaleX, 0, 0.5 * image.scaleX - 0.5],
  [0, image.scaleY, 0.5 * image.scaleY - 0.5],
  [0, 0, 1],
];

function toMat(cv: OpenCv, image: GreyImage): CvMat {
  const mat = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  mat.data.set(image.data);
  return mat;
}

function features(cv: OpenCv, mat: CvMat): { points: Point[]; descriptors: CvMat } {
  const detector = new cv.AKAZE();
  const keypoints = new cv.KeyPointVector();
  const descriptors = new cv.Mat();
  const none = new cv.Mat();
  try {
    detector.detectAndCompute(mat, none, keypoints, descriptors);
    const points: Point[] = [];
    for (let k = 0; k < keypoints.size(); k++) {
      const { pt } = keypoints.get(k);
      points.push([pt.x, pt.y]);
    }
    return { points, descriptors };
  } finally {
    none.delete();
    keypoints.delete();
    detector.delete();
  }
}

/** Pairs (to point, from point) that pass the ratio test, in working pixels of each image. */
function ratioMatches(cv: OpenCv, to: { points: Point[]; descriptors: CvMat }, from: { points: Point[]; descriptors: CvMat }): Array<[Point, Point]> {
  const matcher = new cv.BFMatcher(cv.NORM_HAMMING, false);
  const knn = new cv.DMatchVectorVector();
  try {
    matcher.knnMatch(to.descriptors, from.descriptors, knn, 2);
    const pairs: Array<[Point, Point]> = [];
    for (let k = 0; k < knn.size(); k++) {
      const candidates = knn.get(k);
      if (candidates.size() >= 2) {
        const best = candidates.get(0);
        const second = candidates.get(1);
        if (best.distance < REGISTRATION.ratio * second.distance) pairs.push([to.points[best.queryIdx]!, from.points[best.trainIdx]!]);
      }
      candidates.delete();
    }
    return pairs;
  } finally {
    knn.delete();
    matcher.delete();
  }
}

/** Keeps an ECC result only if it moves no corner of `to` further than the limit from RANSAC's. */
function closeEnough(candidate: Matrix3, working: Matrix3, to: GreyImage): boolean {
  return Math.max(...cornerErrors(candidate, working, to.width, to.height)) <= REGISTRATION.eccMaxShiftWorkingPx;
}

/** Row-major, scaled so the last entry is 1 (how a projective matrix is stored and read). */
const normalised = (m: Matrix3): Matrix3 => m.map((row) => row.map((v) => v / m[2][2])) as Matrix3;

/** Aligns `to` onto `from`. Throws RegistrationRefused when the photos cannot be aligned. */
export function register(cv: OpenCv, from: GreyImage, to: GreyImage, random: () => number = Math.random): Registration {
  const fromMat = toMat(cv, from);
  const toMatrix = toMat(cv, to);
  const fromFeatures = features(cv, fromMat);
  const toFeatures = features(cv, toMatrix);
  try {
    if (fromFeatures.points.length < REGISTRATION.minInliers || toFeatures.points.length < REGISTRATION.minInliers) throw new RegistrationRefused('few-features', 0);
    const pairs = ratioMatches(cv, toFeatures, fromFeatures);
    // RANSAC in working pixels of `to` → working pixels of `from`.
    const src = pairs.map(([p]) => p);
    const dst = pairs.map(([, q]) => q);
    const ransac = { thresholdPx: REGISTRATION.ransacThresholdWorkingPx, iterations: REGISTRATION.ransacIterations, random };
    // Both models on the same matches; the choice is made on RANSAC's fits (align-model.ts).
    const selection = selectModel({
      similarity: ransacSimilarity(src, dst, ransac),
      homography: ransacHomography(src, dst, ransac),
      src,
      dst,
      thresholdPx: REGISTRATION.ransacThresholdWorkingPx,
      minInliers: REGISTRATION.minInliers,
      width: to.width,
      height: to.height,
    });
    if (selection.model === null) throw new RegistrationRefused('few-inliers', selection.inliers);
    // Then ECC refines the chosen model only. RANSAC's matrix maps working `to` → working `from`;
    // ECC wants `from` → `to`.
    const { fit } = selection;
    let chosen = { working: fit.matrix, inliers: fit.inliers, refined: false };
    if (selection.model === 'homography') {
      const ecc = refineEcc(cv, fromMat, toMatrix, invert(fit.matrix), 'homography');
      const candidate = ecc ? normalised(invert(ecc)) : null;
      if (candidate && closeEnough(candidate, fit.matrix, to) && !homographyProblem(candidate, to.width, to.height)) chosen = { ...chosen, working: candidate, refined: true };
    } else {
      const ecc = refineEcc(cv, fromMat, toMatrix, invert(fit.matrix), 'affine');
      const candidate = ecc ? nearestSimilarity(invert(ecc)) : null;
      if (candidate && closeEnough(candidate, fit.matrix, to)) chosen = { ...chosen, working: candidate, refined: true };
    }
    const inlierSrc = chosen.inliers.map((k) => src[k]!);
    const inlierDst = chosen.inliers.map((k) => dst[k]!);
    const full = normalised(multiply(multiply(toFull(from), chosen.working), invert(toFull(to))));
    const fullSrc = inlierSrc.map((p) => apply(toFull(to), p));
    const fullDst = inlierDst.map((p) => apply(toFull(from), p));
    return {
      matrix: full,
      model: selection.model,
      inliers: chosen.inliers.length,
      matches: pairs.length,
      rmsPx: rmsError(full, fullSrc, fullDst),
      refined: chosen.refined,
      comparison: selection.comparison,
    };
  } finally {
    fromFeatures.descriptors.delete();
    toFeatures.descriptors.delete();
    fromMat.delete();
    toMatrix.delete();
  }
}

/** The manual fallback: the similarity through three (or more) point pairs a person picked, in full pixels. */
export function fromPointPairs(toPoints: readonly Point[], fromPoints: readonly Point[]): { matrix: Matrix3; rmsPx: number } | null {
  if (toPoints.length < 3 || toPoints.length !== fromPoints.length) return null;
  const matrix = fitSimilarity(toPoints, fromPoints);
  return matrix ? { matrix, rmsPx: rmsError(matrix, toPoints, fromPoints) } : null;
}
