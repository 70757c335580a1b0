// ECC refinement (enhanced correlation coefficient, insensitive to brightness and contrast) of a
// working-pixel warp that RANSAC found, for either model: an affine motion for the similarity (its
// nearest similarity is kept by the caller) or a full homography. Separate from register.ts so the
// pipeline reads as steps; both run on the same grey working copies.
import type { CvMat, OpenCv } from './opencv';
import type { Matrix3 } from './similarity';

export const ECC = {
  /** On the working copies (on half-size copies it lost accuracy: 1.8 px corner error against 0.6). */
  iterations: 30,
  epsilon: 1e-4,
  gaussFilterSize: 5,
} as const;

/**
 * Refines the warp from `from` working pixels to `to` working pixels (ECC's convention: template
 * `from`, input `to`); null when it diverges or leaves numbers that are not finite.
 */
export function refineEcc(cv: OpenCv, fromMat: CvMat, toMat: CvMat, fromToWorking: Matrix3, motion: 'affine' | 'homography'): Matrix3 | null {
  const projective = motion === 'homography';
  const start = projective ? fromToWorking.map((row) => row.map((v) => v / fromToWorking[2][2])).flat() : [...fromToWorking[0], ...fromToWorking[1]];
  const warp = cv.matFromArray(projective ? 3 : 2, 3, cv.CV_32FC1, start);
  const none = new cv.Mat();
  try {
    const criteria = new cv.TermCriteria(cv.TermCriteria_COUNT + cv.TermCriteria_EPS, ECC.iterations, ECC.epsilon);
    cv.findTransformECC(fromMat, toMat, warp, projective ? cv.MOTION_HOMOGRAPHY : cv.MOTION_AFFINE, criteria, none, ECC.gaussFilterSize);
    const w = warp.data32F;
    const m: Matrix3 = [
      [w[0]!, w[1]!, w[2]!],
      [w[3]!, w[4]!, w[5]!],
      projective ? [w[6]!, w[7]!, w[8]!] : [0, 0, 1],
    ];
    return m.flat().every(Number.isFinite) ? m : null;
  } catch {
    // findTransformECC throws (an OpenCV exception pointer) when the iterations diverge.
    return null;
  } finally {
    none.delete();
    warp.delete();
  }
}
