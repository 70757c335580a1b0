// A 24-patch colour checker by its four corners, picked by hand or detected by the core (issue 10,
// "Colour"): the centres of its 6 × 4 patches, and a reading radius that stays inside each patch.
// The corners come in the same order in both photos (from the corner at the brown "dark skin"
// patch, round the chart), so patch i of one photo is patch i of the other whatever the chart's
// rotation. The chart is flat: the four corners fix the perspective that carries its grid into the
// photo exactly, so a tilted chart's centres stay on its patches.
export type Point = readonly [number, number];

export const CHECKER_COLS = 6;
export const CHECKER_ROWS = 4;

/** Solves the 8 × 8 system for the perspective map through four point pairs (Gaussian elimination); null when three corners are in line. */
function perspective(from: readonly Point[], to: readonly Point[]): ((p: Point) => [number, number]) | null {
  const rows: number[][] = [];
  from.forEach(([x, y], i) => {
    const [u, v] = to[i]!;
    rows.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    rows.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  });
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    if (Math.abs(rows[pivot]![col]!) < 1e-12) return null;
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const k = rows[r]![col]! / rows[col]![col]!;
      for (let c = col; c <= 8; c++) rows[r]![c]! -= k * rows[col]![c]!;
    }
  }
  const h = rows.map((row, i) => row[8]! / row[i]!);
  return ([x, y]) => {
    const w = h[6]! * x + h[7]! * y + 1;
    return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
  };
}

/** Bilinear between the corners: the fallback when the corners do not span a plane (three in line). */
const bilinear =
  ([a, b, c, d]: readonly [Point, Point, Point, Point]) =>
  ([u, v]: Point): [number, number] => [
    (1 - u) * (1 - v) * a[0] + u * (1 - v) * b[0] + u * v * c[0] + (1 - u) * v * d[0],
    (1 - u) * (1 - v) * a[1] + u * (1 - v) * b[1] + u * v * c[1] + (1 - u) * v * d[1],
  ];

/** Centres row by row from the first corner; corners are [first, along the long side, opposite, along the short side]. */
export function checkerCentres(corners: readonly [Point, Point, Point, Point]): [number, number][] {
  const unit: Point[] = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ];
  const place = perspective(unit, corners) ?? bilinear(corners);
  const centres: [number, number][] = [];
  for (let row = 0; row < CHECKER_ROWS; row++) {
    for (let col = 0; col < CHECKER_COLS; col++) centres.push(place([(col + 0.5) / CHECKER_COLS, (row + 0.5) / CHECKER_ROWS]));
  }
  return centres;
}

/** A quarter of the smaller patch pitch: the read square stays clear of the chart's frame. */
export function checkerRadius([a, b, c, d]: readonly [Point, Point, Point, Point]): number {
  const dist = (p: Point, q: Point) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const pitch = Math.min(dist(a, b) / CHECKER_COLS, dist(d, c) / CHECKER_COLS, dist(a, d) / CHECKER_ROWS, dist(b, c) / CHECKER_ROWS);
  return pitch / 4;
}
