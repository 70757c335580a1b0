// Plane geometry for colour-checker detection, in plain numbers (testable without OpenCV): a
// least-squares homography through four or more point pairs (the direct linear transform with
// Hartley's normalisation), used to map the chart's patch grid onto the photo under perspective.
import { apply, invert, multiply, type Matrix3, type Point } from './similarity';

/** Solves A·x = b (n×n, dense) by Gaussian elimination with partial pivoting; null when singular. */
export function solveLinear(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const k = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= k * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

/** Moves the points' centroid to the origin and their mean distance to √2 (conditioning for the DLT). */
function normaliser(points: readonly Point[]): Matrix3 {
  const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const cy = points.reduce((s, p) => s + p[1], 0) / points.length;
  const mean = points.reduce((s, p) => s + Math.hypot(p[0] - cx, p[1] - cy), 0) / points.length;
  const k = mean > 1e-12 ? Math.SQRT2 / mean : 1;
  return [
    [k, 0, -k * cx],
    [0, k, -k * cy],
    [0, 0, 1],
  ];
}

/** The homography H with H·src ≈ dst in the least-squares sense (h₃₃ = 1); null when the points are degenerate. */
export function fitHomography(src: readonly Point[], dst: readonly Point[]): Matrix3 | null {
  if (src.length < 4 || src.length !== dst.length) return null;
  const Ts = normaliser(src);
  const Td = normaliser(dst);
  const s = src.map((p) => apply(Ts, p));
  const d = dst.map((p) => apply(Td, p));
  // Two equations per pair in the eight unknowns h11…h32: normal equations AᵀA·h = Aᵀb.
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const atb = new Array<number>(8).fill(0);
  const add = (row: number[], rhs: number) => {
    for (let i = 0; i < 8; i++) {
      atb[i]! += row[i]! * rhs;
      for (let j = 0; j < 8; j++) ata[i]![j]! += row[i]! * row[j]!;
    }
  };
  s.forEach(([x, y], i) => {
    const [u, v] = d[i]!;
    add([x, y, 1, 0, 0, 0, -u * x, -u * y], u);
    add([0, 0, 0, x, y, 1, -v * x, -v * y], v);
  });
  const h = solveLinear(ata, atb);
  if (!h) return null;
  const Hn: Matrix3 = [
    [h[0]!, h[1]!, h[2]!],
    [h[3]!, h[4]!, h[5]!],
    [h[6]!, h[7]!, 1],
  ];
  let H: Matrix3;
  try {
    H = multiply(invert(Td), multiply(Hn, Ts));
  } catch {
    return null;
  }
  const scale = H[2][2];
  if (Math.abs(scale) < 1e-12) return null;
  return H.map((row) => row.map((v) => v / scale)) as Matrix3;
}

export { apply, type Matrix3, type Point };

/** A working-size pixel (centres at integers) in the full-resolution photo's pixels (centres at integers). */
export const toFullResolution = ([x, y]: Point, scaleX: number, scaleY: number): [number, number] => [(x + 0.5) * scaleX - 0.5, (y + 0.5) * scaleY - 0.5];
