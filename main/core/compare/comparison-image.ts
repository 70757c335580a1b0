// Draws a comparison of two photos as one new image, in the core and in memory only: side by side
// (each photo in the first photo's frame) or a slider snapshot (the first photo left of the split,
// the second right of it), the second placed by its stored alignment when there is one and fitted
// in the frame otherwise, exactly as the compare view shows it. Under each photo a caption band
// carries the words the caller passes (date, site, side, view, interval, already in the user's
// language), so the image says what it shows wherever it goes. Longest side at most 4096 px.
// Runs in the compose worker thread (the core asks its ComposeService, compose-service.ts),
// so neither the pixel loops nor the decoded pixels' memory are ever on the core's thread.
import sharp, { type OverlayOptions } from 'sharp';
import { escapeXml } from '../support/escape-xml';
import { BACKGROUND, drawPanelBuffer, type PanelLayer, type Rgb } from './panel-warp';
import { invert, type Matrix3 } from './similarity';

export { BACKGROUND } from './panel-warp';

/** The longest side of the whole comparison, caption bands included. */
export const COMPARISON_MAX_EDGE = 4096;
const MAX_PIXELS = 120_000_000;

export interface ComparisonInput {
  /** Sealed originals as decrypted: the earlier (reference) photo first. */
  readonly first: Uint8Array;
  readonly second: Uint8Array;
  /** Maps a full-resolution upright pixel of the second photo onto the first's; null: fit. */
  readonly matrix: Matrix3 | null;
  readonly mode: 'side-by-side' | 'slider';
  /** Slider: the split, 0 (all second photo) to 1 (all first photo), across the width. */
  readonly position: number;
  /** One caption per photo, lines of already-translated text. */
  readonly captions: readonly [readonly string[], readonly string[]];
  readonly direction: 'ltr' | 'rtl';
}

/** A photo's upright size (EXIF orientation applied) at full resolution, from its header alone. */
export async function uprightSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS }).metadata();
  return { width: meta.autoOrient.width, height: meta.autoOrient.height };
}

export async function decodeUpright(bytes: Uint8Array, maxEdge: number): Promise<Rgb & { fullWidth: number; fullHeight: number }> {
  const meta = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS }).metadata();
  const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS })
    .autoOrient()
    .resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, fullWidth: meta.autoOrient.width, fullHeight: meta.autoOrient.height };
}

/** The fit the compare view uses before alignment: the second photo centred, inside the first's frame. */
export function fitMatrix(firstW: number, firstH: number, secondW: number, secondH: number): Matrix3 {
  const s = Math.min(firstW / secondW, firstH / secondH);
  // Second → first: scale, then centre.
  return [
    [s, 0, (firstW - secondW * s) / 2],
    [0, s, (firstH - secondH * s) / 2],
    [0, 0, 1],
  ];
}

/**
 * One font size for every caption, so all read alike: as large as the band's height allows for
 * the most lines, and small enough that the longest line fits its width (DejaVu Sans averages
 * about 0.62 em per character; Arabic runs narrower).
 */
export function captionFont(width: number, bandH: number, captions: ReadonlyArray<readonly string[]>): number {
  const lines = Math.max(...captions.map((c) => c.length));
  const longest = Math.max(...captions.flat().map((l) => [...l].length), 1);
  return Math.max(10, Math.floor(Math.min(bandH / (lines + 0.9), (width * 0.94) / (longest * 0.62))));
}

export function captionSvg(width: number, height: number, font: number, lines: readonly string[], direction: 'ltr' | 'rtl'): Buffer {
  const pad = Math.round(font * 0.5);
  const anchorX = direction === 'rtl' ? width - pad : pad;
  const text = lines.map((line, i) => `<text x="${anchorX}" y="${pad + font * (i + 0.85)}">${escapeXml(line)}</text>`).join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="rgb(${BACKGROUND.join(',')})"/>
    <g font-family="DejaVu Sans, Noto Sans, sans-serif" font-size="${font}" fill="#ffffff" direction="${direction}" text-anchor="start">${text}</g>
  </svg>`);
}

export interface ComparisonImage {
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
}

const IDENTITY: Matrix3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

/** In the compose worker (the photos are placed into their panels by JavaScript loops). */
export async function renderComparison(input: ComparisonInput): Promise<ComparisonImage> {
  const panels = input.mode === 'side-by-side' ? 2 : 1;
  const lineCount = Math.max(input.captions[0].length, input.captions[1].length);
  const first = await decodeUpright(input.first, COMPARISON_MAX_EDGE);
  // The panel: the first photo's frame, as large as fits (never larger than the first photo).
  const aspect = first.fullWidth / first.fullHeight;
  const bandShare = 0.028 * (lineCount + 1);
  const maxPanelW = Math.min(first.fullWidth, COMPARISON_MAX_EDGE / panels, (COMPARISON_MAX_EDGE / (1 + bandShare)) * aspect);
  const panelW = Math.max(1, Math.floor(maxPanelW));
  const panelH = Math.max(1, Math.round(panelW / aspect));
  const bandMax = Math.max(48, Math.round(Math.max(panelW * panels, panelH) * bandShare));
  // The band shrinks to the font the captions fit their column with.
  const font = captionFont(input.mode === 'side-by-side' ? panelW : Math.floor(panelW / 2), bandMax, input.captions);
  const bandH = Math.min(bandMax, Math.ceil(font * (lineCount + 1)));
  const panelScale = panelW / first.fullWidth;
  const second = await decodeUpright(input.second, Math.ceil(Math.max(panelW, panelH) * 1.5));
  const secondToFirst = input.matrix ?? fitMatrix(first.fullWidth, first.fullHeight, second.fullWidth, second.fullHeight);
  const firstLayer: PanelLayer = { src: first, srcScale: first.width / first.fullWidth, toSrcFull: IDENTITY };
  const secondLayer: PanelLayer = { src: second, srcScale: second.width / second.fullWidth, toSrcFull: invert(secondToFirst) };
  const panel = { width: panelW, height: panelH, panelScale };
  const raw = { width: panelW, height: panelH, channels: 3 as const };
  const width = panelW * panels;
  const height = panelH + bandH;
  const layers: OverlayOptions[] = [];
  if (input.mode === 'side-by-side') {
    const firstPanel = drawPanelBuffer({ ...panel, layers: [firstLayer] });
    const secondPanel = drawPanelBuffer({ ...panel, layers: [secondLayer] });
    // Earlier photo at the reading start: left in a left-to-right language, right in Arabic.
    const [startX, endX] = input.direction === 'rtl' ? [panelW, 0] : [0, panelW];
    layers.push({ input: firstPanel, raw, left: startX, top: 0 }, { input: secondPanel, raw, left: endX, top: 0 });
    layers.push({ input: captionSvg(panelW, bandH, font, input.captions[0], input.direction), left: startX, top: panelH });
    layers.push({ input: captionSvg(panelW, bandH, font, input.captions[1], input.direction), left: endX, top: panelH });
  } else {
    // The photos themselves are never mirrored: the first photo is left of the split in every language.
    // One panel: the second photo, then the first over the columns left of the split.
    const split = Math.round(panelW * input.position);
    const composed = drawPanelBuffer({ ...panel, layers: [secondLayer, { ...firstLayer, columnsBefore: split }] });
    const line = Math.max(2, Math.round(panelW / 800));
    layers.push({ input: composed, raw, left: 0, top: 0 });
    if (split > 0 && split < panelW) {
      layers.push({ input: { create: { width: line, height: panelH, channels: 3, background: '#ffffff' } }, left: Math.min(panelW - line, Math.max(0, split - Math.floor(line / 2))), top: 0 });
    }
    const half = Math.floor(panelW / 2);
    layers.push({ input: captionSvg(half, bandH, font, input.captions[0], input.direction), left: 0, top: panelH });
    layers.push({ input: captionSvg(panelW - half, bandH, font, input.captions[1], input.direction), left: half, top: panelH });
  }
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: BACKGROUND[0], g: BACKGROUND[1], b: BACKGROUND[2] } } })
    .composite(layers)
    .jpeg({ quality: 92, chromaSubsampling: '4:2:0' })
    .toBuffer();
  return { jpeg, width, height };
}
