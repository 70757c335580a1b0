// A scanned paper consent or a signature PNG, checked before it is sealed: the bytes must be what
// they claim (a PDF with its header and end-of-file marker, or a JPEG or PNG that decodes), within
// the size limit. A bad file is refused with a clear message and nothing is stored.
import sharp from 'sharp';
import { CONSENT_SCAN_MAX_BYTES } from '../../../shared/channels/consent';
import { CoreError } from '../../../shared/errors';
import { sniffMime } from '../imaging/inspect';

export type ScanMime = 'application/pdf' | 'image/jpeg' | 'image/png';

const PDF_HEADER = Buffer.from('%PDF-1.', 'latin1');
const PDF_EOF = Buffer.from('%%EOF', 'latin1');
/** A PDF's end-of-file marker sits within its last kilobyte (trailing whitespace or junk allowed). */
const PDF_EOF_WINDOW = 1024;

const invalid = (message: string) => new CoreError('VALIDATION_FAILED', message, { scan: message });

export async function validateScan(bytes: Uint8Array): Promise<ScanMime> {
  if (bytes.byteLength === 0) throw invalid('The scan is empty.');
  if (bytes.byteLength > CONSENT_SCAN_MAX_BYTES) throw invalid(`The scan is larger than ${CONSENT_SCAN_MAX_BYTES / (1024 * 1024)} MiB.`);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.subarray(0, PDF_HEADER.length).equals(PDF_HEADER)) {
    if (buf.subarray(-PDF_EOF_WINDOW).indexOf(PDF_EOF) < 0) throw invalid('The scan is not a complete PDF (no end-of-file marker).');
    return 'application/pdf';
  }
  const mime = sniffMime(bytes);
  if (mime === null) throw invalid('The scan must be a PDF, JPEG or PNG file.');
  await decodes(buf, mime);
  return mime;
}

/** The signature's PNG as the pad drew it: a real PNG that decodes. */
export async function validateSignaturePng(base64: string): Promise<Buffer> {
  const png = Buffer.from(base64, 'base64');
  if (sniffMime(png) !== 'image/png') throw new CoreError('VALIDATION_FAILED', 'The signature image must be a PNG.', { signature: 'must be a PNG' });
  await decodes(png, 'image/png');
  return png;
}

async function decodes(buf: Buffer, mime: string): Promise<void> {
  try {
    // Decoding every pixel (not only the header) finds a truncated or corrupt file.
    await sharp(buf, { failOn: 'error' }).resize(32, 32, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw invalid(`The file claims to be ${mime} but does not decode.`);
  }
}
