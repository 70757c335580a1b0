// Draws a comparison of three or four photos as one new image, in the core and in memory only: a
// grid of panels (2 × 2, or all in one row, whichever shows the panels larger: shared/compare-grid.ts),
// each panel the first photo's frame with one photo in it, a later photo placed by its stored
// alignment onto the first when there is one and fitted in the frame otherwise, as the two-photo
// side by side does. Under each panel a caption band carries its words (date, site, side, view,
// interval, aligned or not, already in the user's language). Earlier photos come first in reading
// order (so from the right in Arabic); the photos themselves are never mirrored. Longest side at
// most 4096 px, panels never larger than the first photo. Runs in the compose worker thread (the
// core asks its ComposeService, compose-service.ts), never on the core's thread.
import sharp, { type OverlayOptions } from 'sharp';
import { gridLayout, type GridLayout } from '../../../shared/compare-grid';
import { BACKGROUND, captionFont, captionSvg, COMPARISON_MAX_EDGE, decodeUpright, fitMatrix, uprightSize, type ComparisonImage } from './comparison-image';
import { drawPanelBuffer } from './panel-warp';
import { invert, type Matrix3 } from './similarity';

export interface GridInput {
  /** Sealed originals as decrypted, earliest (the reference frame) first; three or four. */
  readonly photos: readonly Uint8Array[];
  /** Per photo: maps its full-resolution upright pixel onto the first photo's; null: fit. The first's is ignored. */
  readonly matrices: ReadonlyArray<Matrix3 | null>;
  /** Per photo, lines of already-translated text. */
  readonly captions: ReadonlyArray<readonly string[]>;
  readonly direction: 'ltr' | 'rtl';
}

const IDENTITY: Matrix3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

/** Where panel `index` goes: rows filled in reading order, a short last row centred. */
function panelOrigin(index: number, count: number, layout: GridLayout, cell: { width: number; height: number }, direction: 'ltr' | 'rtl'): { left: number; top: number } {
  const row = Math.floor(index / layout.columns);
  const column = index % layout.columns;
  const inRow = Math.min(layout.columns, count - row * layout.columns);
  const offset = Math.round(((layout.columns - inRow) * cell.width) / 2);
  const slot = direction === 'rtl' ? inRow - 1 - column : column;
  return { left: offset + slot * cell.width, top: row * cell.height };
}

/** In the compose worker (each photo is placed into its panel by a JavaScript loop). */
export async function renderGrid(input: GridInput): Promise<ComparisonImage & { layout: GridLayout }> {
  const count = input.photos.length;
  if (count < 3 || count > 4 || input.matrices.length !== count || input.captions.length !== count) throw new RangeError('a grid is three or four photos, each with its placement and caption');
  const frame = await uprightSize(input.photos[0]!);
  const aspect = frame.width / frame.height;
  const layout = gridLayout(count, aspect);
  const lineCount = Math.max(...input.captions.map((c) => c.length));
  const bandShare = 0.028 * (lineCount + 1);
  // The band is at most bandShare of the panel's longest side: size the panel so every row fits.
  const maxPanelH = Math.floor(COMPARISON_MAX_EDGE / (layout.rows * (1 + bandShare * Math.max(aspect, 1))));
  const panelW = Math.max(1, Math.floor(Math.min(frame.width, COMPARISON_MAX_EDGE / layout.columns, maxPanelH * aspect)));
  const panelH = Math.max(1, Math.floor(panelW / aspect));
  const bandMax = Math.max(48, Math.floor(Math.max(panelW, panelH) * bandShare));
  const font = captionFont(panelW, bandMax, input.captions);
  const bandH = Math.min(bandMax, Math.ceil(font * (lineCount + 1)));
  const panelScale = panelW / frame.width;
  const decodeEdge = Math.ceil(Math.max(panelW, panelH) * 1.5);
  const raw = { width: panelW, height: panelH, channels: 3 as const };
  const layers: OverlayOptions[] = [];
  // One photo decoded at a time, so four 24-megapixel originals never sit in memory together.
  for (let i = 0; i < count; i++) {
    const photo = await decodeUpright(input.photos[i]!, decodeEdge);
    const toFirst = i === 0 ? IDENTITY : (input.matrices[i] ?? fitMatrix(frame.width, frame.height, photo.fullWidth, photo.fullHeight));
    const panel = drawPanelBuffer({ width: panelW, height: panelH, panelScale, layers: [{ src: photo, srcScale: photo.width / photo.fullWidth, toSrcFull: i === 0 ? IDENTITY : invert(toFirst) }] });
    const { left, top } = panelOrigin(i, count, layout, { width: panelW, height: panelH + bandH }, input.direction);
    layers.push({ input: panel, raw, left, top });
    layers.push({ input: captionSvg(panelW, bandH, font, input.captions[i]!, input.direction), left, top: top + panelH });
  }
  const width = panelW * layout.columns;
  const height = (panelH + bandH) * layout.rows;
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: BACKGROUND[0], g: BACKGROUND[1], b: BACKGROUND[2] } } })
    .composite(layers)
    .jpeg({ quality: 92, chromaSubsampling: '4:2:0' })
    .toBuffer();
  return { jpeg, width, height, layout };
}
