// Decodes a photo for alignment, in the core and in memory only: upright (EXIF orientation
// applied, as the viewer shows it), grey, scaled so its longest side is the working size. libvips
// shrinks JPEGs while decoding, so a 24-megapixel original never exists in full as raw pixels here.
import sharp from 'sharp';
import type { GreyImage } from './register';

/** Refuses decompression bombs: larger than any camera the clinic uses (issue 10: 24 MP). */
const MAX_PIXELS = 120_000_000;

/** The working size of an upright photo: its longest side at most `workingSide`, never enlarged. */
async function workingSize(bytes: Uint8Array, workingSide: number) {
  const meta = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS }).metadata();
  const fullWidth = meta.autoOrient.width;
  const fullHeight = meta.autoOrient.height;
  const scale = Math.max(1, Math.max(fullWidth, fullHeight) / workingSide);
  return { fullWidth, fullHeight, width: Math.max(1, Math.round(fullWidth / scale)), height: Math.max(1, Math.round(fullHeight / scale)) };
}

/** The upright photo shrunk to its working size, ready for a colour treatment and `.raw()`. */
const shrunk = (bytes: Uint8Array, width: number, height: number) =>
  sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS }).autoOrient().resize(width, height, { fit: 'fill', kernel: 'lanczos3' });

export async function decodeGrey(bytes: Uint8Array, workingSide: number): Promise<GreyImage> {
  const { fullWidth, fullHeight, width, height } = await workingSize(bytes, workingSide);
  const { data, info } = await shrunk(bytes, width, height).greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  // Per axis: rounding the working size makes the two scales differ by up to a pixel at full size.
  // A copy with its own ArrayBuffer, so it can be transferred to the worker whole.
  return { data: new Uint8Array(data), width, height, scaleX: fullWidth / width, scaleY: fullHeight / height, fullWidth, fullHeight };
}

/** A photo's pixels in sRGB, three bytes a pixel, upright, at most `workingSide` on its longest side. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Full-resolution pixels per working pixel, per axis. */
  readonly scaleX: number;
  readonly scaleY: number;
}

/** For colour: the same upright, shrunk decode as `decodeGrey`, keeping colour (alpha dropped, sRGB). */
export async function decodeRgb(bytes: Uint8Array, workingSide: number): Promise<RgbImage> {
  const { fullWidth, fullHeight, width, height } = await workingSize(bytes, workingSide);
  const { data, info } = await shrunk(bytes, width, height).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected three channels, got ${info.channels}`);
  return { data: new Uint8Array(data), width, height, scaleX: fullWidth / width, scaleY: fullHeight / height };
}
