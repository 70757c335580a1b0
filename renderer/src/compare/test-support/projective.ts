// For the compare view's tests of a homography placement: what the browser does with a CSS
// matrix3d, and a matrix like the one the alignment stores for a pair taken from another angle.

/** What the browser does with a CSS matrix3d (column-major 4×4) to a point of the plane z = 0. */
export function applyMatrix3d(css: string, x: number, y: number): [number, number] {
  const m = /^matrix3d\((.*)\)$/.exec(css)![1]!.split(',').map(Number);
  const w = m[3]! * x + m[7]! * y + m[15]!;
  return [(m[0]! * x + m[4]! * y + m[12]!) / w, (m[1]! * x + m[5]! * y + m[13]!) / w];
}

/** A homography from another angle (9° to the side): what the alignment stores for such a pair. */
export const tiltedMatrix = [
  [1.02, 0.03, 40],
  [-0.01, 1.05, -25],
  [2.1e-5, -6e-6, 1],
];
