// A 24-patch colour checker picked by its four corners (issue 10, "Colour"): the centres of its
// 6 × 4 patches, and a reading radius that stays inside each patch. The corners are clicked in the
// same order in both photos (from the corner at the brown "dark skin" patch, round the chart), so
// patch i of one photo is patch i of the other whatever the chart's rotation.
export type Point = readonly [number, number];

export const CHECKER_COLS = 6;
export const CHECKER_ROWS = 4;

/** Centres row by row from the first corner; corners are [first, along the long side, opposite, along the short side]. */
export function checkerCentres([a, b, c, d]: readonly [Point, Point, Point, Point]): [number, number][] {
  const centres: [number, number][] = [];
  for (let row = 0; row < CHECKER_ROWS; row++) {
    for (let col = 0; col < CHECKER_COLS; col++) {
      // Bilinear between the corners: exact for a chart seen square-on, close for a slight tilt.
      const u = (col + 0.5) / CHECKER_COLS;
      const v = (row + 0.5) / CHECKER_ROWS;
      centres.push([
        (1 - u) * (1 - v) * a[0] + u * (1 - v) * b[0] + u * v * c[0] + (1 - u) * v * d[0],
        (1 - u) * (1 - v) * a[1] + u * (1 - v) * b[1] + u * v * c[1] + (1 - u) * v * d[1],
      ]);
    }
  }
  return centres;
}

/** A quarter of the smaller patch pitch: the read square stays clear of the chart's frame. */
export function checkerRadius([a, b, c, d]: readonly [Point, Point, Point, Point]): number {
  const dist = (p: Point, q: Point) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const pitch = Math.min(dist(a, b) / CHECKER_COLS, dist(d, c) / CHECKER_COLS, dist(a, d) / CHECKER_ROWS, dist(b, c) / CHECKER_ROWS);
  return pitch / 4;
}
