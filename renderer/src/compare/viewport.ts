// Synchronised zoom and pan for every stage of the compare view, as plain arithmetic (tested
// without a browser). The state names the point of the first photo (in its full-resolution pixels)
// at the centre of each stage and a zoom relative to "fit"; every stage derives the same transform
// from it, so all stay in step whatever their mode.

export interface ViewState {
  /** 1 = the whole first photo fits the stage. */
  readonly zoom: number;
  /** The first photo's pixel at the stage's centre. */
  readonly cx: number;
  readonly cy: number;
}

export interface Frame {
  /** The first photo's full-resolution size. */
  readonly width: number;
  readonly height: number;
  /** The stage's size in CSS pixels. */
  readonly stageWidth: number;
  readonly stageHeight: number;
}

export const MIN_ZOOM = 1;
/** Up to 8 screen pixels per photo pixel, well past full resolution. */
export const MAX_SCALE = 8;
export const ZOOM_STEP = 1.25;

export const fitScale = (f: Frame): number => Math.min(f.stageWidth / f.width, f.stageHeight / f.height) || 1;

export const initialView = (f: Pick<Frame, 'width' | 'height'>): ViewState => ({ zoom: 1, cx: f.width / 2, cy: f.height / 2 });

/** Screen pixels per photo pixel, and where the photo's origin lands on the stage. */
export function transformOf(view: ViewState, f: Frame): { scale: number; tx: number; ty: number } {
  const scale = fitScale(f) * view.zoom;
  return { scale, tx: f.stageWidth / 2 - view.cx * scale, ty: f.stageHeight / 2 - view.cy * scale };
}

function clampZoom(zoom: number, f: Frame): number {
  return Math.min(Math.max(zoom, MIN_ZOOM), MAX_SCALE / fitScale(f));
}

/** Keeps the centre over the photo, so panning can never lose it off the stage. */
function clampCentre(view: ViewState, f: Frame): ViewState {
  return { zoom: view.zoom, cx: Math.min(Math.max(view.cx, 0), f.width), cy: Math.min(Math.max(view.cy, 0), f.height) };
}

/** Zooms by `factor` keeping the photo point under (sx, sy) (stage pixels) where it is. */
export function zoomAt(view: ViewState, f: Frame, factor: number, sx = f.stageWidth / 2, sy = f.stageHeight / 2): ViewState {
  const before = transformOf(view, f);
  const px = (sx - before.tx) / before.scale;
  const py = (sy - before.ty) / before.scale;
  const zoom = clampZoom(view.zoom * factor, f);
  const scale = fitScale(f) * zoom;
  return clampCentre({ zoom, cx: px - (sx - f.stageWidth / 2) / scale, cy: py - (sy - f.stageHeight / 2) / scale }, f);
}

/** One photo pixel per screen pixel, centred on the point under (sx, sy). */
export function actualPixelsAt(view: ViewState, f: Frame, sx: number, sy: number): ViewState {
  const before = transformOf(view, f);
  return clampCentre({ zoom: clampZoom(1 / fitScale(f), f), cx: (sx - before.tx) / before.scale, cy: (sy - before.ty) / before.scale }, f);
}

/** Moves the photo by (dx, dy) stage pixels. */
export function panBy(view: ViewState, f: Frame, dx: number, dy: number): ViewState {
  const { scale } = transformOf(view, f);
  return clampCentre({ zoom: view.zoom, cx: view.cx - dx / scale, cy: view.cy - dy / scale }, f);
}

/** The keyboard: + and − zoom, 0 fits, arrows pan a tenth of the stage; null for other keys. */
export function viewForKey(view: ViewState, f: Frame, key: string): ViewState | null {
  switch (key) {
    case '+':
    case '=':
      return zoomAt(view, f, ZOOM_STEP);
    case '-':
    case '−':
      return zoomAt(view, f, 1 / ZOOM_STEP);
    case '0':
      return initialView(f);
    case 'ArrowLeft':
      return panBy(view, f, f.stageWidth / 10, 0);
    case 'ArrowRight':
      return panBy(view, f, -f.stageWidth / 10, 0);
    case 'ArrowUp':
      return panBy(view, f, 0, f.stageHeight / 10);
    case 'ArrowDown':
      return panBy(view, f, 0, -f.stageHeight / 10);
    default:
      return null;
  }
}

/**
 * Where a photo sits in the first one's pixels, row-major 3×3 as nine numbers
 * [a, b, c, d, e, f, g, h, i]: (x, y) ↦ ((a x + b y + c) / w, (d x + e y + f) / w), w = g x + h y + i.
 * A similarity or the fit has g = h = 0 and i = 1; a homography (alignment from another angle) does not.
 */
export type Placement = readonly [number, number, number, number, number, number, number, number, number];

/** True when the placement has no perspective part, so a 2-D affine transform draws it exactly. */
export function isAffine(p: Placement): boolean {
  return Math.abs(p[6]) < 1e-12 && Math.abs(p[7]) < 1e-12 && Math.abs(p[8] - 1) < 1e-12;
}

/**
 * The CSS transform placing the second photo in the first one's pixels (transform-origin 0 0):
 * `matrix()` for a similarity or the fit, `matrix3d()` for a homography. matrix3d is column-major
 * 4×4; the photo lies in z = 0, so its third row and column are the identity's and the homography's
 * last row becomes the 4×4's perspective row (the browser divides by w, as the homography does).
 */
export function placement(matrix: readonly (readonly number[])[] | null, first: { width: number; height: number }, second: { width: number; height: number }): string {
  return cssTransform(placementOf(matrix, first, second));
}

export function cssTransform(p: Placement): string {
  const [a, b, c, d, e, f, g, h, i] = p;
  if (isAffine(p)) return `matrix(${a}, ${d}, ${b}, ${e}, ${c}, ${f})`;
  return `matrix3d(${a}, ${d}, 0, ${g}, ${b}, ${e}, 0, ${h}, 0, 0, 1, 0, ${c}, ${f}, 0, ${i})`;
}

/** The second photo's placement: its alignment (row-major 3×3 mapping its pixels onto the first's) or fitted and centred. */
export function placementOf(matrix: readonly (readonly number[])[] | null, first: { width: number; height: number }, second: { width: number; height: number }): Placement {
  if (matrix) {
    const [[a = 1, b = 0, c = 0] = [], [d = 0, e = 1, f = 0] = [], [g = 0, h = 0, i = 1] = []] = matrix;
    return [a, b, c, d, e, f, g, h, i];
  }
  const k = Math.min(first.width / second.width, first.height / second.height);
  return [k, 0, (first.width - k * second.width) / 2, 0, k, (first.height - k * second.height) / 2, 0, 0, 1];
}

/** p after q: the placement that applies q first, then p (3×3 product p · q). */
export function compose(p: Placement, q: Placement): Placement {
  const at = (r: number, c: number) => p[3 * r]! * q[c]! + p[3 * r + 1]! * q[3 + c]! + p[3 * r + 2]! * q[6 + c]!;
  return [at(0, 0), at(0, 1), at(0, 2), at(1, 0), at(1, 1), at(1, 2), at(2, 0), at(2, 1), at(2, 2)];
}

/** Where a placement puts a point of the photo it places. */
export function place(p: Placement, x: number, y: number): [number, number] {
  const w = p[6] * x + p[7] * y + p[8];
  return [(p[0] * x + p[1] * y + p[2]) / w, (p[3] * x + p[4] * y + p[5]) / w];
}

/** The second photo's own pixel under a point of the first photo's frame, through a placement. */
export function unplace(p: Placement, x: number, y: number): [number, number] {
  const [a, b, c, d, e, f, g, h, i] = p;
  // The inverse up to scale (the adjugate), which a homography's point mapping ignores.
  const inverse: Placement = [e * i - f * h, c * h - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * h - e * g, b * g - a * h, a * e - b * d];
  return place(inverse, x, y);
}

/** How much a placement enlarges the photo around (x, y), as a length ratio: √ of the local area scale. */
export function localScale(p: Placement, x: number, y: number): number {
  const [a, b, c, d, e, f, g, h, i] = p;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return Math.sqrt(Math.abs(det / (g * x + h * y + i) ** 3));
}

/** How many screen pixels wide a photo is drawn: past its rendition's width, the original is worth loading. */
export function needsOriginal(displayedWidth: number, renditionWidth: number, originalWidth: number): boolean {
  return renditionWidth < originalWidth && displayedWidth > renditionWidth * 1.05;
}
