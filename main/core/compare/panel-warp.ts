// Places photos into a comparison panel, pixel by pixel: the per-pixel part of drawing an exported
// comparison (comparison-image.ts, comparison-grid.ts), which run in the compose worker thread
// (compose-worker.ts), never on the core's. Pure and self-contained.
import type { Matrix3 } from './similarity';

/** The caption bands' and empty panel areas' colour. */
export const BACKGROUND = [24, 24, 24] as const;

export interface Rgb {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** One photo drawn into a panel. */
export interface PanelLayer {
  readonly src: Rgb;
  /** The decode's size against the photo's full resolution. */
  readonly srcScale: number;
  /** Maps a full-resolution pixel of the first photo onto this photo's full resolution. */
  readonly toSrcFull: Matrix3;
  /** Only panel columns before this one are drawn (a slider snapshot's left part); default all. */
  readonly columnsBefore?: number;
}

/** A panel showing the first photo's full frame at `panelScale`, its layers drawn in order. */
export interface PanelJob {
  readonly width: number;
  readonly height: number;
  readonly panelScale: number;
  readonly layers: readonly PanelLayer[];
}

/**
 * Resamples `layer.src` into `out` (a `width`×`height` RGB panel), bilinear; outside the photo is
 * background. Columns from `layer.columnsBefore` on are left as they are.
 */
export function warpInto(out: Uint8Array, width: number, height: number, panelScale: number, layer: PanelLayer): void {
  const { src, srcScale } = layer;
  const columns = Math.max(0, Math.min(width, layer.columnsBefore ?? width));
  const [[a, b, c], [d, e, f], [g, h, i]] = layer.toSrcFull;
  for (let y = 0; y < height; y++) {
    const fy = (y + 0.5) / panelScale - 0.5;
    for (let x = 0; x < columns; x++) {
      const fx = (x + 0.5) / panelScale - 0.5;
      const w = g * fx + h * fy + i;
      const sx = ((a * fx + b * fy + c) / w + 0.5) * srcScale - 0.5;
      const sy = ((d * fx + e * fy + f) / w + 0.5) * srcScale - 0.5;
      const o = (y * width + x) * 3;
      if (!(sx >= -0.5 && sy >= -0.5 && sx <= src.width - 0.5 && sy <= src.height - 0.5)) {
        out[o] = BACKGROUND[0];
        out[o + 1] = BACKGROUND[1];
        out[o + 2] = BACKGROUND[2];
        continue;
      }
      const x0 = Math.min(src.width - 1, Math.max(0, Math.floor(sx)));
      const y0 = Math.min(src.height - 1, Math.max(0, Math.floor(sy)));
      const x1 = Math.min(src.width - 1, x0 + 1);
      const y1 = Math.min(src.height - 1, y0 + 1);
      const tx = Math.min(1, Math.max(0, sx - x0));
      const ty = Math.min(1, Math.max(0, sy - y0));
      for (let k = 0; k < 3; k++) {
        const p00 = src.data[(y0 * src.width + x0) * 3 + k]!;
        const p10 = src.data[(y0 * src.width + x1) * 3 + k]!;
        const p01 = src.data[(y1 * src.width + x0) * 3 + k]!;
        const p11 = src.data[(y1 * src.width + x1) * 3 + k]!;
        out[o + k] = Math.round((p00 * (1 - tx) + p10 * tx) * (1 - ty) + (p01 * (1 - tx) + p11 * tx) * ty);
      }
    }
  }
}

/** Draws a whole panel: every layer in order into a new buffer. Throws on a source of the wrong size. */
export function drawPanel(job: PanelJob): Uint8Array {
  if (!(Number.isInteger(job.width) && Number.isInteger(job.height) && job.width > 0 && job.height > 0)) throw new RangeError('a panel has a positive whole size');
  for (const { src } of job.layers) {
    if (src.data.length !== src.width * src.height * 3) throw new RangeError('a layer’s pixels do not match its size');
  }
  const out = new Uint8Array(job.width * job.height * 3);
  for (const layer of job.layers) warpInto(out, job.width, job.height, job.panelScale, layer);
  return out;
}

/** `drawPanel` as a Buffer over the same memory, which sharp composites. */
export function drawPanelBuffer(job: PanelJob): Buffer {
  const pixels = drawPanel(job);
  return Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}
