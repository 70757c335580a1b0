// Removes the metadata segments of a JPEG without touching its image data: what leaves the
// workstation must not carry the camera's GPS position, owner or artist name, serial numbers or
// maker notes, all of which live in APPn and COM segments (EXIF and XMP in APP1, IPTC in APP13,
// vendor blocks elsewhere). Deny by default: only the segments needed to decode the image as it
// was stored are kept (APP0 JFIF, APP2 ICC profile, APP14 Adobe colour transform) and every other
// APPn and COM segment is dropped, and so is anything after the end-of-image marker (phones append
// further images there). Tables, frame and scan headers and the entropy-coded data are copied byte
// for byte, so the decoded pixels are identical. (ITU-T T.81 B.1.1.4, B.2.)
import { CoreError } from '../../../shared/errors';

const notJpeg = (why: string) => new CoreError('INVALID_IMAGE', `The photo is not a readable JPEG (${why}).`);

const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;
const SOS = 0xda;

/** Which APPn segments decoding needs; identified by marker and identifier string. */
function keepSegment(marker: number, body: Buffer): boolean {
  if (marker === APP0) return body.toString('latin1', 0, 5) === 'JFIF\0';
  if (marker === APP2) return body.toString('latin1', 0, 12) === 'ICC_PROFILE\0';
  if (marker === APP14) return body.toString('latin1', 0, 5) === 'Adobe';
  return false;
}

const isMetadata = (marker: number) => (marker >= 0xe0 && marker <= 0xef) || marker === COM;

/**
 * Where the image ends: the offset just past its EOI marker, walking the scans from the first SOS
 * at `offset` (entropy-coded data, where 0xFF is followed only by 0x00 stuffing or RSTn, then any
 * table segments and further scans of a progressive image). Whatever follows EOI is not part of
 * the image: phones append whole further JPEGs there (MPF depth maps, gain maps), each with its
 * own EXIF.
 */
function endOfImage(view: Buffer, offset: number): number {
  let at = offset;
  while (at + 1 < view.length) {
    if (view[at] !== 0xff) throw notJpeg('marker expected');
    const marker = view[at + 1]!;
    if (marker === 0xd9) return at + 2;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (at + 4 > view.length) break;
    at += 2 + view.readUInt16BE(at + 2);
    if (marker !== SOS) continue;
    // Entropy-coded data up to the next marker that is neither stuffing nor a restart.
    while (at + 1 < view.length && !(view[at] === 0xff && view[at + 1] !== 0x00 && (view[at + 1]! < 0xd0 || view[at + 1]! > 0xd7))) at += 1;
  }
  throw notJpeg('no end-of-image marker');
}

/**
 * The JPEG with every metadata segment but JFIF, ICC profile and Adobe removed, and nothing after
 * its EOI marker. Segments between the scans of a progressive image are copied as they are
 * (tables; cameras write no metadata there).
 */
export function stripJpegMetadata(bytes: Uint8Array): Buffer {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 4 || view[0] !== 0xff || view[1] !== 0xd8) throw notJpeg('no start-of-image marker');
  const kept: Buffer[] = [view.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= view.length) {
    if (view[offset] !== 0xff) throw notJpeg('marker expected');
    const marker = view[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === SOS) break;
    const length = view.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > view.length) throw notJpeg('segment runs past the end');
    const segment = view.subarray(offset, offset + 2 + length);
    if (!isMetadata(marker) || keepSegment(marker, segment.subarray(4))) kept.push(segment);
    offset += 2 + length;
  }
  if (offset + 4 > view.length) throw notJpeg('no scan');
  kept.push(view.subarray(offset, endOfImage(view, offset)));
  return Buffer.concat(kept);
}

/** The APPn/COM segments of a JPEG before its first scan, as [marker, identifier] (for tests and docs). */
export function metadataSegments(bytes: Uint8Array): Array<{ marker: number; identifier: string }> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: Array<{ marker: number; identifier: string }> = [];
  let offset = 2;
  while (offset + 4 <= view.length && view[offset] === 0xff) {
    const marker = view[offset + 1]!;
    if (marker === SOS) break;
    const length = view.readUInt16BE(offset + 2);
    if (isMetadata(marker)) found.push({ marker, identifier: view.toString('latin1', offset + 4, offset + 4 + Math.min(12, length - 2)).split('\0')[0]! });
    offset += 2 + length;
  }
  return found;
}
