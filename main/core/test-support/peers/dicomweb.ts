// DICOMweb helpers for tests and benches (not the app's client): a STOW-RS multipart body, the
// parts of a multipart/related WADO-RS answer, and reading a DICOM JSON reply.
import { randomBytes } from 'node:crypto';

export const STOW_ACCEPT = 'application/dicom+json';
export const WADO_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/** One multipart/related body carrying the given DICOM files, and its Content-Type header. */
export function stowBody(files: Buffer[]): { body: Buffer; contentType: string } {
  const boundary = `clinic-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, 'latin1'), file, Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { body: Buffer.concat(parts), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}

/** The bodies of a multipart/related answer (boundary from its Content-Type), byte for byte. */
export function multipartParts(body: Buffer, contentType: string | undefined): Buffer[] {
  const match = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  if (!match) throw new Error(`not a multipart answer: ${contentType ?? '(no content type)'}`);
  const delimiter = Buffer.from(`--${match[1]}`, 'latin1');
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
    const headersEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), headersEnd);
    if (headersEnd < 0 || next < 0) throw new Error('truncated multipart answer');
    parts.push(body.subarray(headersEnd + 4, next));
    at = next + 2;
  }
  return parts;
}

export type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** Values of one tag (e.g. '00081199' ReferencedSOPSequence) in a DICOM JSON object. */
export function dicomJsonValues(dataset: DicomJson | undefined, tag: string): unknown[] {
  return dataset?.[tag]?.Value ?? [];
}

/** A STOW-RS reply: the stored and the failed SOP Instance UIDs (checking values, not presence). */
export function stowOutcome(replyBody: Buffer): { stored: string[]; failed: Array<{ uid: string; reason: unknown }> } {
  const reply = JSON.parse(replyBody.toString('utf8')) as DicomJson;
  const uid = (item: unknown) => String(dicomJsonValues(item as DicomJson, '00081155')[0] ?? '');
  return {
    stored: dicomJsonValues(reply, '00081199').map(uid),
    failed: dicomJsonValues(reply, '00081198').map((item) => ({ uid: uid(item), reason: dicomJsonValues(item as DicomJson, '00081197')[0] })),
  };
}
