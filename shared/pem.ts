// Recognising a PEM certificate in text an administrator pasted, in time linear in its length.
// An unanchored `BEGIN[\s\S]+END` regex backtracks from every BEGIN it meets, so a paste of
// repeated headers took seconds of the core's (in Electron, the main process's) time; this scan
// looks at each character a bounded number of times and is only ever run on bounded input.
export const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';
export const PEM_END = '-----END CERTIFICATE-----';

/** The most a pasted certificate (or a short chain) may be; checked before the text is scanned. */
export const PEM_MAX_CHARS = 64 * 1024;

/**
 * True when the text holds a certificate block: a BEGIN line, a non-empty base64 body (whitespace
 * allowed between lines) and the first END after it. Text around the block (RFC 7468 explanatory
 * text, further certificates of a chain) is allowed; the real parse is X509Certificate's, later.
 */
export function looksLikePemCertificate(text: string): boolean {
  if (text.length > PEM_MAX_CHARS) return false;
  const begin = text.indexOf(PEM_BEGIN);
  if (begin < 0) return false;
  const bodyStart = begin + PEM_BEGIN.length;
  const end = text.indexOf(PEM_END, bodyStart);
  if (end < 0) return false;
  let base64Chars = 0;
  for (let i = bodyStart; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isBase64(c)) base64Chars++;
    else if (!isPemSpace(c)) return false;
  }
  return base64Chars > 0;
}

function isBase64(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d;
}

function isPemSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
