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
 * CSS matrix() placing the second photo in the first one's pixels: its alignment when there is one
 * (row-major 3×3 mapping its pixels onto the first's; a similarity, so the last row is 0 0 1),
 * otherwise fitted and centred in the first photo's frame.
 */
export function placement(matrix: readonly (readonly number[])[] | null, first: { width: number; height: number }, second: { width: number; height: number }): string {
  const [a, b, c, d, e, g] = placementOf(matrix, first, second);
  return `matrix(${a}, ${d}, ${b}, ${e}, ${c}, ${g})`;
}

/** The same placement as [a, b, c, d, e, f]: (x, y) of the second photo ↦ (a x + b y + c, d x + e y + f). */
export function placementOf(matrix: readonly (readonly number[])[] | null, first: { width: number; height: number }, second: { width: number; height: number }): [number, number, number, number, number, number] {
  if (matrix) {
    const [[a = 1, b = 0, c = 0] = [], [d = 0, e = 1, g = 0] = []] = matrix;
    return [a, b, c, d, e, g];
  }
  const k = Math.min(first.width / second.width, first.height / second.height);
  return [k, 0, (first.width - k * second.width) / 2, 0, k, (first.height - k * second.height) / 2];
}

/** The second photo's own pixel under a point of the first photo's frame, through a placement. */
export function unplace([a, b, c, d, e, f]: readonly number[], x: number, y: number): [number, number] {
  const det = (a ?? 1) * (e ?? 1) - (b ?? 0) * (d ?? 0);
  const dx = x - (c ?? 0);
  const dy = y - (f ?? 0);
  return [((e ?? 1) * dx - (b ?? 0) * dy) / det, (-(d ?? 0) * dx + (a ?? 1) * dy) / det];
}

/** How many screen pixels wide a photo is drawn: past its rendition's width, the original is worth loading. */
export function needsOriginal(displayedWidth: number, renditionWidth: number, originalWidth: number): boolean {
  return renditionWidth < originalWidth && displayedWidth > renditionWidth * 1.05;
}
