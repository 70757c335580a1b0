// Plane geometry for alignment, in plain numbers so it is testable without OpenCV: least-squares
// similarity from point pairs (Umeyama in 2-D), RANSAC over two-point samples, 3×3 matrices and
// the corner error the bench and the tests measure. A similarity (rotation, uniform scale,
// translation) is what moving a camera square-on to the same skin produces; it cannot shear, so a
// few wrong matches cannot bend it into a plausible-looking distortion.

import { ransac, type RansacModel, type RansacOptions, type RansacResult } from './ransac';

export type Point = readonly [number, number];
/** Row-major 3×3: (x, y) ↦ ((a x + b y + c) / w, (d x + e y + f) / w), w = g x + h y + i. */
export type Matrix3 = [[number, number, number], [number, number, number], [number, number, number]];

export const identity = (): Matrix3 => [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

export function apply(m: Matrix3, [x, y]: Point): [number, number] {
  const w = m[2][0] * x + m[2][1] * y + m[2][2];
  return [(m[0][0] * x + m[0][1] * y + m[0][2]) / w, (m[1][0] * x + m[1][1] * y + m[1][2]) / w];
}

export function multiply(p: Matrix3, q: Matrix3): Matrix3 {
  const row = ([a, b, c]: Matrix3[number]): Matrix3[number] => [a * q[0][0] + b * q[1][0] + c * q[2][0], a * q[0][1] + b * q[1][1] + c * q[2][1], a * q[0][2] + b * q[1][2] + c * q[2][2]];
  return [row(p[0]), row(p[1]), row(p[2])];
}

export function invert(m: Matrix3): Matrix3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) throw new Error('singular matrix');
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

/** Scales a matrix that works in downscaled pixels to one in full pixels: S_dst · m · S_src⁻¹. */
export function rescale(m: Matrix3, srcScale: number, dstScale: number): Matrix3 {
  return multiply(
    multiply(
      [
        [dstScale, 0, 0],
        [0, dstScale, 0],
        [0, 0, 1],
      ],
      m,
    ),
    [
      [1 / srcScale, 0, 0],
      [0, 1 / srcScale, 0],
      [0, 0, 1],
    ],
  );
}

/** The similarity that best maps `src` onto `dst` in the least-squares sense (Umeyama, 2-D). */
export function fitSimilarity(src: readonly Point[], dst: readonly Point[]): Matrix3 | null {
  const n = src.length;
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  let dx = 0;
  let dy = 0;
  for (let k = 0; k < n; k++) {
    sx += src[k]![0];
    sy += src[k]![1];
    dx += dst[k]![0];
    dy += dst[k]![1];
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  // With centred points p, q: scale·cosθ = Σ(p·q)/Σ|p|², scale·sinθ = Σ(p×q)/Σ|p|².
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let k = 0; k < n; k++) {
    const px = src[k]![0] - sx;
    const py = src[k]![1] - sy;
    const qx = dst[k]![0] - dx;
    const qy = dst[k]![1] - dy;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
    norm += px * px + py * py;
  }
  if (norm < 1e-9) return null;
  const a = dot / norm;
  const b = cross / norm;
  return [
    [a, -b, dx - a * sx + b * sy],
    [b, a, dy - b * sx - a * sy],
    [0, 0, 1],
  ];
}

/** The similarity nearest to an affine matrix (rotation and scale averaged; shear dropped). */
export function nearestSimilarity(m: Matrix3): Matrix3 {
  const a = (m[0][0] + m[1][1]) / 2;
  const b = (m[1][0] - m[0][1]) / 2;
  return [
    [a, -b, m[0][2]],
    [b, a, m[1][2]],
    [0, 0, 1],
  ];
}

export function squaredError(m: Matrix3, src: Point, dst: Point): number {
  const [x, y] = apply(m, src);
  return (x - dst[0]) ** 2 + (y - dst[1]) ** 2;
}

export type { RansacResult } from './ransac';

/** Two-point samples (a pair drawn twice spends its iteration); a similarity needs no other check. */
const SIMILARITY: RansacModel = {
  sampleSize: 2,
  minIterations: 50,
  sample(n, random) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    return i === j ? null : [i, j];
  },
  fit: fitSimilarity,
  degenerateRefit: 'fail',
};

/**
 * RANSAC for a similarity: two-point samples, `thresholdPx` on the reprojection error, then refits
 * on the inliers until they stop changing. `random` is injectable so tests are repeatable.
 */
export function ransacSimilarity(src: readonly Point[], dst: readonly Point[], options: RansacOptions): RansacResult | null {
  return ransac(SIMILARITY, src, dst, options);
}

/** Root-mean-square reprojection error of `m` over the given pairs. */
export function rmsError(m: Matrix3, src: readonly Point[], dst: readonly Point[]): number {
  if (src.length === 0) return 0;
  let sum = 0;
  for (let k = 0; k < src.length; k++) sum += squaredError(m, src[k]!, dst[k]!);
  return Math.sqrt(sum / src.length);
}

/** How far apart the two matrices put the four corners of a width × height image (max, px). */
export function cornerErrors(estimated: Matrix3, truth: Matrix3, width: number, height: number): number[] {
  const corners: Point[] = [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
  ];
  return corners.map((c) => {
    const [x1, y1] = apply(estimated, c);
    const [x2, y2] = apply(truth, c);
    return Math.hypot(x1 - x2, y1 - y2);
  });
}
