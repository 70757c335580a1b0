// Removes the metadata chunks of a PNG without re-encoding it: text (tEXt, zTXt, iTXt), EXIF
// (eXIf, which can hold a GPS position and the camera owner), timestamps and any chunk this module
// does not know. Deny by default: only the critical chunks and the ancillary chunks that change how
// the pixels decode or display are kept (PNG 3rd ed. 5.6, 11.3). The image data is copied as is.
import { CoreError } from '../../../shared/errors';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'cICP', 'pHYs']);

export function stripPngMetadata(bytes: Uint8Array): Buffer {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 8 || !view.subarray(0, 8).equals(SIGNATURE)) throw new CoreError('INVALID_IMAGE', 'The photo is not a readable PNG.');
  const kept: Buffer[] = [view.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= view.length) {
    const length = view.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > view.length) throw new CoreError('INVALID_IMAGE', 'The photo is not a readable PNG (chunk runs past the end).');
    const type = view.toString('latin1', offset + 4, offset + 8);
    if (KEEP.has(type)) kept.push(view.subarray(offset, end));
    offset = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}
