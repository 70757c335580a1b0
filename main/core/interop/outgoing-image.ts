// The copy of a photo that leaves the workstation (DICOM, FHIR, exports), made from the archived
// original, which itself never changes. It is upright (the EXIF Orientation applied to the pixels,
// since DICOM viewers ignore EXIF), carries no metadata segment that could hold a location, an
// owner, a serial number or maker notes, and is a baseline JPEG or a PNG. Whatever was done to the
// pixels is reported so the formats can say it truthfully: a lossless JPEG transform (jpegtran,
// coefficients moved, not re-quantised) is preferred; a re-encode happens only when that transform
// cannot be exact, and is then declared as a second lossy compression.
import { createHash } from 'node:crypto';
import exifr from 'exifr';
import sharp from 'sharp';
import { CoreError } from '../../../shared/errors';
import { stripJpegMetadata } from '../imaging/jpeg-segments';
import { stripPngMetadata } from '../imaging/png-chunks';
import { JpegtranError, UPRIGHT_TRANSFORM, jpegtran } from '../imaging/jpegtran';
import { readJpegFrame, SOF_BASELINE, type JpegFrame } from './dicom/jpeg-frame';

export interface ImageDerivation {
  /** For DICOM Derivation Description (0008,2111): what was done, in words. */
  readonly description: string;
  /** True when the pixels were decoded and compressed again (a second lossy JPEG compression). */
  readonly reencoded: boolean;
}

export interface OutgoingImage {
  readonly bytes: Buffer;
  readonly mime: 'image/jpeg' | 'image/png';
  readonly width: number;
  readonly height: number;
  /** Hex SHA-256 of `bytes`. */
  readonly sha256: string;
  /** Null when the decoded pixels are the original's, in the original's order. */
  readonly derivation: ImageDerivation | null;
}

const ORIENTATION_WORDS: Readonly<Record<number, string>> = {
  2: 'mirrored left to right',
  3: 'rotated 180°',
  4: 'mirrored top to bottom',
  5: 'transposed (mirrored and rotated 90° clockwise)',
  6: 'rotated 90° clockwise',
  7: 'transversed (mirrored and rotated 90° counter-clockwise)',
  8: 'rotated 90° counter-clockwise',
};

const REENCODE_QUALITY = 95;

async function exifOrientation(bytes: Uint8Array): Promise<number> {
  try {
    const value = (await exifr.orientation(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) as unknown;
    return typeof value === 'number' && value >= 1 && value <= 8 ? value : 1;
  } catch {
    return 1; // unreadable EXIF: the pixels are taken as stored
  }
}

/** Refuses what no outgoing copy can faithfully carry: CMYK, more than 8 bits, lossless or hierarchical JPEG. */
function checkJpegKind(frame: JpegFrame): void {
  if (frame.components === 4) {
    throw new CoreError('INVALID_IMAGE', 'This JPEG is in CMYK colour (a print separation). PACS and EMR viewers cannot show it faithfully; save it as an RGB JPEG and import that.');
  }
  if (frame.components !== 1 && frame.components !== 3) throw new CoreError('INVALID_IMAGE', 'This JPEG has neither 1 nor 3 colour components.');
  if (frame.precision !== 8) {
    throw new CoreError('INVALID_IMAGE', `This JPEG has ${frame.precision}-bit samples; clinical photographs in DICOM and FHIR carry 8, so it cannot be delivered without loss.`);
  }
  // SOF3/7/11/15 lossless, SOF5–7 and SOF13–15 hierarchical: no lossless path to baseline.
  if ([0xc3, 0xc5, 0xc6, 0xc7, 0xcb, 0xcd, 0xce, 0xcf].includes(frame.marker)) {
    throw new CoreError('INVALID_IMAGE', 'This JPEG uses lossless or hierarchical coding, which PACS and EMR viewers do not read; save it as a standard JPEG and import that.');
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function done(bytes: Buffer, mime: OutgoingImage['mime'], width: number, height: number, derivation: ImageDerivation | null): OutgoingImage {
  return { bytes, mime, width, height, sha256: sha256(bytes), derivation };
}

async function outgoingJpeg(original: Uint8Array): Promise<OutgoingImage> {
  const frame = readJpegFrame(original);
  checkJpegKind(frame);
  const orientation = await exifOrientation(original);
  const turn = ORIENTATION_WORDS[orientation];
  if (orientation === 1 && frame.marker === SOF_BASELINE) {
    const bytes = stripJpegMetadata(original);
    return done(bytes, 'image/jpeg', frame.columns, frame.rows, null);
  }
  try {
    // Progressive or extended 8-bit JPEGs become baseline with the same coefficients; a rotation
    // or flip moves whole blocks. Either way the decoded pixel values are the original's.
    const transformed = stripJpegMetadata(await jpegtran(original, UPRIGHT_TRANSFORM[orientation] ?? []));
    const out = readJpegFrame(transformed);
    if (out.marker !== SOF_BASELINE) throw new JpegtranError('the transform did not give a baseline JPEG');
    const derivation = turn ? { description: `Original image ${turn} to upright (EXIF Orientation ${orientation}) by a lossless JPEG transform; pixel values unchanged`, reencoded: false } : null;
    return done(transformed, 'image/jpeg', out.columns, out.rows, derivation);
  } catch (error) {
    if (!(error instanceof JpegtranError)) throw error;
  }
  // The exact transform is impossible (an edge that is not a whole number of MCUs, for a rotation):
  // decode, turn upright and compress again, and say so.
  const { data, info } = await sharp(original, { failOn: 'error' }).rotate().jpeg({ quality: REENCODE_QUALITY, chromaSubsampling: '4:4:4' }).toBuffer({ resolveWithObject: true });
  const what = turn ? `${turn} to upright (EXIF Orientation ${orientation}) and ` : '';
  return done(data, 'image/jpeg', info.width, info.height, {
    description: `Original image ${what}re-encoded as baseline JPEG (quality ${REENCODE_QUALITY}); a lossless transform was not possible`,
    reencoded: true,
  });
}

async function outgoingPng(original: Uint8Array): Promise<OutgoingImage> {
  const meta = await sharp(original, { failOn: 'error' }).metadata();
  const orientation = meta.orientation ?? 1;
  const turn = ORIENTATION_WORDS[orientation];
  if (!turn) return done(stripPngMetadata(original), 'image/png', meta.width ?? 0, meta.height ?? 0, null);
  // PNG is lossless: turning it upright re-encodes it without changing any pixel value. sharp
  // writes no metadata chunk unless asked.
  const { data, info } = await sharp(original).rotate().png().toBuffer({ resolveWithObject: true });
  return done(data, 'image/png', info.width, info.height, {
    description: `Original image ${turn} to upright (EXIF Orientation ${orientation}); lossless PNG, pixel values unchanged`,
    reencoded: false,
  });
}

/** The copy that leaves; throws INVALID_IMAGE (with the reason) for images nothing can deliver faithfully. */
export function prepareOutgoingImage(original: Uint8Array, mime: 'image/jpeg' | 'image/png'): Promise<OutgoingImage> {
  return mime === 'image/png' ? outgoingPng(original) : outgoingJpeg(original);
}

/**
 * Refuses at import what could never be delivered, with the reason: CMYK, 12-bit, lossless or
 * hierarchical JPEGs, PNGs with 16-bit samples or real transparency. A progressive or extended
 * JPEG is accepted only once its baseline copy has actually been made.
 */
export async function assertDeliverable(bytes: Uint8Array, mime: 'image/jpeg' | 'image/png'): Promise<void> {
  if (mime === 'image/png') {
    const decoder = sharp(bytes, { failOn: 'error' });
    const meta = await decoder.metadata();
    if (meta.depth !== 'uchar') {
      throw new CoreError('INVALID_IMAGE', 'This PNG has more than 8 bits per sample; DICOM VL photographs carry 8, so it cannot be delivered without loss.');
    }
    if (meta.hasAlpha && !(await decoder.stats()).isOpaque) {
      throw new CoreError('INVALID_IMAGE', 'This PNG is partly transparent; DICOM VL photographs have no transparency, so it cannot be delivered as it is.');
    }
    return;
  }
  const frame = readJpegFrame(bytes);
  checkJpegKind(frame);
  if (frame.marker !== SOF_BASELINE) await outgoingJpeg(bytes);
}
