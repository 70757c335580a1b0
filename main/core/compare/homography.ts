// Projective plane geometry for alignment, in plain numbers like similarity.ts: the least-squares
// homography through point pairs (normalised DLT), RANSAC over four-point samples, and the checks
// that refuse a homography no camera move between two photos of one skin site produces (flipped,
// collapsed, folded or strongly foreshortened). Two photos of a roughly flat site taken from a
// slightly different angle differ by a homography, which a similarity cannot undo.
import { ransac, type RansacModel, type RansacOptions, type RansacResult } from './ransac';
import { apply, multiply, type Matrix3, type Point } from './similarity';

/** Hartley normalisation: centroid to the origin, mean distance √2; returns the 3×3 that does it. */
function normaliser(points: readonly Point[]): Matrix3 {
  let cx = 0;
  let cy = 0;
  for (const [x, y] of points) {
    cx += x;
    cy += y;
  }
  cx /= points.length;
  cy /= points.length;
  let mean = 0;
  for (const [x, y] of points) mean += Math.hypot(x - cx, y - cy);
  mean /= points.length;
  const s = mean > 1e-12 ? Math.SQRT2 / mean : 1;
  return [
    [s, 0, -s * cx],
    [0, s, -s * cy],
    [0, 0, 1],
  ];
}

/** Eigenvector of the smallest eigenvalue of a symmetric matrix (cyclic Jacobi; 9×9 here). */
function smallestEigenvector(input: number[][]): number[] {
  const n = input.length;
  const a = input.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (a[i]![i]! < a[best]![best]!) best = i;
  return v.map((row) => row[best]!);
}

/** The homography that best maps `src` onto `dst` (algebraic least squares on normalised points); null if degenerate. */
export function fitHomography(src: readonly Point[], dst: readonly Point[]): Matrix3 | null {
  const n = src.length;
  if (n < 4 || dst.length !== n) return null;
  const ts = normaliser(src);
  const td = normaliser(dst);
  const ata = Array.from({ length: 9 }, () => new Array<number>(9).fill(0));
  const add = (row: readonly number[]) => {
    for (let i = 0; i < 9; i++) for (let j = i; j < 9; j++) ata[i]![j]! += row[i]! * row[j]!;
  };
  for (let k = 0; k < n; k++) {
    const [x, y] = apply(ts, src[k]!);
    const [u, v] = apply(td, dst[k]!);
    add([-x, -y, -1, 0, 0, 0, u * x, u * y, u]);
    add([0, 0, 0, -x, -y, -1, v * x, v * y, v]);
  }
  for (let i = 0; i < 9; i++) for (let j = 0; j < i; j++) ata[i]![j] = ata[j]![i]!;
  const h = smallestEigenvector(ata);
  const normalised: Matrix3 = [
    [h[0]!, h[1]!, h[2]!],
    [h[3]!, h[4]!, h[5]!],
    [h[6]!, h[7]!, h[8]!],
  ];
  const tdInverse: Matrix3 = [
    [1 / td[0][0], 0, -td[0][2] / td[0][0]],
    [0, 1 / td[1][1], -td[1][2] / td[1][1]],
    [0, 0, 1],
  ];
  const m = multiply(multiply(tdInverse, normalised), ts);
  const last = m[2][2];
  if (!Number.isFinite(last) || Math.abs(last) < 1e-12) return null;
  const scaled = m.map((row) => row.map((value) => value / last)) as Matrix3;
  return scaled.flat().every(Number.isFinite) ? scaled : null;
}

/** The limits `homographyProblem` checks; a camera tilted by 25° on a normal lens stays well inside. */
export const HOMOGRAPHY_LIMITS = {
  /** Largest ratio of the projective divisor w between two corners (how strongly foreshortened). */
  maxPerspective: 1.5,
  /** Local area scale at every corner within [1/maxAreaScale, maxAreaScale]. */
  maxAreaScale: 16,
} as const;

export type HomographyProblem = 'folded' | 'flipped' | 'collapsed' | 'perspective';

/**
 * Why a homography over a width × height image is implausible for two photos of one site, or null
 * when it is acceptable: its horizon (w = 0) crosses the photo, so the corners land on a folded,
 * self-intersecting or non-convex quad (`folded`: a homography that keeps all four corners on one
 * side of its horizon maps the rectangle onto a convex quad, so this one test covers both); a
 * mirror image (`flipped`); an area scaled to almost nothing or enormously (`collapsed`); or strong
 * foreshortening (`perspective`).
 */
export function homographyProblem(m: Matrix3, width: number, height: number): HomographyProblem | null {
  const corners: Point[] = [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
  ];
  const ws = corners.map(([x, y]) => m[2][0] * x + m[2][1] * y + m[2][2]);
  // The sign of w is arbitrary for a homography; what matters is that all corners share it.
  const sign = Math.sign(ws[0]!);
  if (sign === 0 || ws.some((w) => Math.sign(w) !== sign || Math.abs(w) < 1e-12)) return 'folded';
  const abs = ws.map(Math.abs);
  // Local area scale (Jacobian determinant) at a point: det(M) / w³, whatever M's overall scale.
  const jacobians = ws.map((w) => determinant(m) / w ** 3);
  if (jacobians.some((j) => j <= 0)) return 'flipped';
  if (jacobians.some((j) => j < 1 / HOMOGRAPHY_LIMITS.maxAreaScale || j > HOMOGRAPHY_LIMITS.maxAreaScale)) return 'collapsed';
  if (Math.max(...abs) / Math.min(...abs) > HOMOGRAPHY_LIMITS.maxPerspective) return 'perspective';
  return null;
}

function determinant([[a, b, c], [d, e, f], [g, h, i]]: Matrix3): number {
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}

/** Four distinct points a sample; one whose matrix folds or flips them is skipped. */
const HOMOGRAPHY: RansacModel = {
  sampleSize: 4,
  minIterations: 100,
  sample(n, random) {
    const sample = new Set<number>();
    while (sample.size < 4) sample.add(Math.floor(random() * n));
    return [...sample];
  },
  fit: fitHomography,
  // A sample whose four points fold onto each other gives a matrix no photo pair has.
  plausible: (m, points) => orientationKept(m, points),
  degenerateRefit: 'keep',
};

/**
 * RANSAC for a homography: four-point samples (a sample that folds or flips is skipped), the
 * reprojection error against `thresholdPx`, then refits on the inliers until they stop changing.
 */
export function ransacHomography(src: readonly Point[], dst: readonly Point[], options: RansacOptions): RansacResult | null {
  return ransac(HOMOGRAPHY, src, dst, options);
}

/** True when `m` keeps the turning direction at every sampled point (no mirror, no fold through them). */
function orientationKept(m: Matrix3, points: readonly Point[]): boolean {
  const det = determinant(m);
  return points.every(([x, y]) => det / (m[2][0] * x + m[2][1] * y + m[2][2]) ** 3 > 0);
}
