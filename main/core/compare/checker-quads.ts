// Colour-checker detection, first step (docs/compare.md, "Detecting a checker"): the square-ish
// uniform patches of a photo, found with OpenCV. A patch is a uniform colour bounded by edges on
// every side (the chart's dark frame between patches), so the photo is smoothed, its colour edges
// taken (morphological gradient, the strongest channel), and the regions free of edges at a few
// edge strengths traced as contours; convex four-sided ones of a plausible size are the candidates.
// Runs in the checker worker only: OpenCV never loads on the core's main thread.
import type { CvMat, OpenCv } from './opencv';
import type { Point } from './checker-geometry';

/** The part of OpenCV this step uses, beside what opencv.ts names for alignment. */
export interface CheckerCv extends OpenCv {
  Size: new (width: number, height: number) => unknown;
  MatVector: new () => { size(): number; get(i: number): CvMat & { data32S: Int32Array }; delete(): void };
  GaussianBlur(src: CvMat, dst: CvMat, size: unknown, sigma: number): void;
  getStructuringElement(shape: number, size: unknown): CvMat;
  morphologyEx(src: CvMat, dst: CvMat, op: number, kernel: CvMat): void;
  findContours(image: CvMat, contours: InstanceType<CheckerCv['MatVector']>, hierarchy: CvMat & { data32S: Int32Array }, mode: number, method: number): void;
  contourArea(contour: CvMat): number;
  convexHull(points: CvMat, hull: CvMat, clockwise: boolean, returnPoints: boolean): void;
  arcLength(curve: CvMat, closed: boolean): number;
  approxPolyDP(curve: CvMat, approx: CvMat & { data32S: Int32Array }, epsilon: number, closed: boolean): void;
  isContourConvex(contour: CvMat): boolean;
  CV_8UC3: number;
  MORPH_GRADIENT: number;
  MORPH_RECT: number;
  RETR_CCOMP: number;
  CHAIN_APPROX_SIMPLE: number;
}

/** A photo's pixels as the detector reads them: sRGB, three bytes a pixel, at working size. */
export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** One candidate patch: its four corners (in contour order), centre and area, in working pixels. */
export interface Quad {
  readonly corners: readonly [Point, Point, Point, Point];
  readonly centre: Point;
  readonly area: number;
}

/** Edge strengths (0–255, on the smoothed photo) whose edge-free regions are traced: a faint one for dark patches on the dark frame, stronger ones for noisy photos. */
export const EDGE_LEVELS = [6, 12, 24] as const;
/** Smallest patch side read (working pixels): below it a patch's centre holds too few pixels. */
export const MIN_PATCH_SIDE = 8;

const quadArea = (q: readonly Point[]) => Math.abs(q.reduce((s, p, i) => s + p[0] * q[(i + 1) % 4]![1] - q[(i + 1) % 4]![0] * p[1], 0)) / 2;
const dist = (p: Point, q: Point) => Math.hypot(p[0] - q[0], p[1] - q[1]);

/** A four-sided outline is patch-like when opposite sides are alike and no side is much shorter than its neighbour (perspective allowed). */
export function patchLike(q: readonly [Point, Point, Point, Point]): boolean {
  const s = [dist(q[0], q[1]), dist(q[1], q[2]), dist(q[2], q[3]), dist(q[3], q[0])];
  const ratio = (a: number, b: number) => Math.max(a, b) / Math.max(1e-9, Math.min(a, b));
  return ratio(s[0]!, s[2]!) < 1.5 && ratio(s[1]!, s[3]!) < 1.5 && ratio(s[0]! + s[2]!, s[1]! + s[3]!) < 2.2;
}

/** The strongest channel's morphological gradient of the smoothed photo: 0 inside a uniform patch, high on its border. */
function edgeStrength(cv: CheckerCv, image: RgbPixels): Uint8Array {
  const src = new cv.Mat(image.height, image.width, cv.CV_8UC3);
  const smooth = new cv.Mat();
  const gradient = new cv.Mat();
  const kernel = cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3));
  try {
    src.data.set(image.data);
    cv.GaussianBlur(src, smooth, new cv.Size(5, 5), 1.2);
    cv.morphologyEx(smooth, gradient, cv.MORPH_GRADIENT, kernel);
    const g = gradient.data;
    const out = new Uint8Array(image.width * image.height);
    for (let i = 0, j = 0; i < out.length; i++, j += 3) out[i] = Math.max(g[j]!, g[j + 1]!, g[j + 2]!);
    return out;
  } finally {
    for (const m of [src, smooth, gradient, kernel]) m.delete();
  }
}

/** Four-sided convex regions free of edges at one edge strength. */
function quadsAtLevel(cv: CheckerCv, edges: Uint8Array, image: RgbPixels, level: number): Quad[] {
  const mask = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat() as CvMat & { data32S: Int32Array };
  const found: Quad[] = [];
  const minArea = MIN_PATCH_SIDE * MIN_PATCH_SIDE;
  // A patch is at most a fifth of the photo's shorter side: the chart's 6 × 4 must fit in the frame.
  const maxArea = (Math.min(image.width, image.height) / 5) ** 2;
  try {
    const m = mask.data;
    for (let i = 0; i < edges.length; i++) m[i] = edges[i]! < level ? 255 : 0;
    // Two levels: regions' outer outlines, and the outlines of their holes. A patch is a region of
    // its own inside a hole of the frame's region; the hole's outline (the patch plus the edge band
    // round it) is not a patch, so only outer outlines (no parent) are kept.
    cv.findContours(mask, contours, hierarchy, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE);
    for (let i = 0; i < contours.size(); i++) {
      if (hierarchy.data32S[i * 4 + 3] !== -1) continue;
      const contour = contours.get(i);
      const hull = new cv.Mat();
      const approx = new cv.Mat() as CvMat & { data32S: Int32Array };
      try {
        const area = cv.contourArea(contour);
        if (area < minArea || area > maxArea) continue;
        cv.convexHull(contour, hull, false, true);
        // A patch's outline is convex: a notched or L-shaped region (frame, text, skin) is not one.
        if (area / Math.max(1, cv.contourArea(hull)) < 0.9) continue;
        cv.approxPolyDP(hull, approx, 0.06 * cv.arcLength(hull, true), true);
        if (approx.rows !== 4 || !cv.isContourConvex(approx)) continue;
        const p = approx.data32S;
        const corners: [Point, Point, Point, Point] = [
          [p[0]!, p[1]!],
          [p[2]!, p[3]!],
          [p[4]!, p[5]!],
          [p[6]!, p[7]!],
        ];
        if (!patchLike(corners) || area / Math.max(1, quadArea(corners)) < 0.85) continue;
        const centre: Point = [(p[0]! + p[2]! + p[4]! + p[6]!) / 4, (p[1]! + p[3]! + p[5]! + p[7]!) / 4];
        found.push({ corners, centre, area });
      } finally {
        contour.delete();
        hull.delete();
        approx.delete();
      }
    }
    return found;
  } finally {
    mask.delete();
    contours.delete();
    hierarchy.delete();
  }
}

/** Every candidate patch over the edge strengths, one per place (the largest outline found there). */
export function findPatchCandidates(cv: CheckerCv, image: RgbPixels): Quad[] {
  const edges = edgeStrength(cv, image);
  const all = EDGE_LEVELS.flatMap((level) => quadsAtLevel(cv, edges, image, level)).sort((a, b) => b.area - a.area);
  const kept: Quad[] = [];
  for (const q of all) {
    // The same patch at another edge strength: about the same place and size. (The chart's whole
    // frame is also a convex quad, around the patches: it must not hide them.)
    const near = kept.some((k) => k.area < 2 * q.area && dist(k.centre, q.centre) < 0.35 * Math.sqrt(q.area));
    if (!near) kept.push(q);
  }
  return kept;
}
