// multipart/related for DICOMweb (PS3.18 §8.6): one body per part, written for STOW-RS and read
// back from WADO-RS. Small and strict: a reply that does not parse is a malformed reply.
import { randomBytes } from 'node:crypto';

/**
 * The body as a list of chunks; a part may itself be given in pieces. Nothing is copied: the HTTP
 * client writes the chunks in turn.
 */
export function buildMultipartRelated(parts: ReadonlyArray<Buffer | readonly Buffer[]>, type: string): { body: Buffer[]; contentType: string } {
  const boundary = `cpw-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`, 'latin1'), ...(Buffer.isBuffer(part) ? [part] : part), Buffer.from('\r\n', 'latin1'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { body: chunks, contentType: `multipart/related; type="${type}"; boundary=${boundary}` };
}

/** The parts' bodies, or null when the reply is not a well-formed multipart body. */
export function parseMultipart(contentType: string | undefined, body: Buffer): Buffer[] | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return null;
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return parts;
    const headersEnd = body.indexOf('\r\n\r\n', afterDelimiter, 'latin1');
    if (headersEnd < 0) return null;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`, 'latin1'), headersEnd + 4);
    if (next < 0) return null;
    parts.push(body.subarray(headersEnd + 4, next));
    at = next + 2;
  }
}
