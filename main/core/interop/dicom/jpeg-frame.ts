// Reads a JPEG's frame header (ITU-T T.81 B.2.2) so the DICOM Image Pixel attributes describe the
// bytes actually carried: rows, columns, components, precision, the coding process (only baseline,
// SOF0, may travel as JPEG Baseline transfer syntax) and whether chroma is subsampled.
import { CoreError } from '../../../../shared/errors';

export interface JpegFrame {
  /** SOF marker: 0xc0 baseline, 0xc1 extended, 0xc2 progressive, … */
  readonly marker: number;
  readonly precision: number;
  readonly rows: number;
  readonly columns: number;
  readonly components: number;
  /** True when any component's sampling factors differ from the first's (4:2:2, 4:2:0 …). */
  readonly subsampled: boolean;
  /** Adobe APP14 transform flag when present: 0 = RGB stored without colour transform. */
  readonly adobeTransform: number | null;
}

export const SOF_BASELINE = 0xc0;

const notJpeg = (why: string) => new CoreError('INVALID_IMAGE', `The photo is not a readable JPEG (${why}).`);

/** Walks the marker segments up to the first SOFn; throws INVALID_IMAGE on a malformed stream. */
export function readJpegFrame(bytes: Uint8Array): JpegFrame {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 4 || view[0] !== 0xff || view[1] !== 0xd8) throw notJpeg('no start-of-image marker');
  let offset = 2;
  let adobeTransform: number | null = null;
  while (offset + 4 <= view.length) {
    if (view[offset] !== 0xff) throw notJpeg('marker expected');
    const marker = view[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // EOI or SOS before any frame header
    const length = view.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > view.length) throw notJpeg('segment runs past the end');
    const body = offset + 4;
    if (marker === 0xee && length >= 14 && view.toString('latin1', body, body + 5) === 'Adobe') adobeTransform = view[body + 11]!;
    // SOF0–SOF15 except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) throw notJpeg('frame header too short');
      const components = view[body + 5]!;
      if (length < 8 + 3 * components) throw notJpeg('frame header too short');
      const sampling = Array.from({ length: components }, (_, i) => view[body + 6 + i * 3 + 1]!);
      return {
        marker,
        precision: view[body]!,
        rows: view.readUInt16BE(body + 1),
        columns: view.readUInt16BE(body + 3),
        components,
        subsampled: sampling.some((s) => s !== sampling[0]),
        adobeTransform,
      };
    }
    offset += 2 + length;
  }
  throw notJpeg('no frame header');
}
