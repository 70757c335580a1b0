// Delivery of one DICOM instance over DICOMweb (PS3.18): STOW-RS to /studies, then WADO-RS of the
// same instance and a digest comparison with the file sent. Idempotent by SOP Instance UID: the
// photo always maps to the same UID, and a PACS keeps one copy of an instance stored twice.
import { createHash } from 'node:crypto';
import type { DicomUids } from '../interop/dicom/vl-photo';
import { DeliveryError, TargetClient, cleanReason, expectOk } from './http';
import { buildMultipartRelated, parseMultipart } from './multipart';

export interface DicomInstance extends DicomUids {
  /** The Part 10 file in three consecutive pieces, sent in turn and never joined. */
  readonly before: Buffer;
  readonly pixels: Buffer;
  readonly after: Buffer;
  /** SHA-256 (hex) of `pixels`: for a JPEG, the one recorded when the photo was captured. */
  readonly pixelsSha256: string;
  /**
   * Gives the pixels' memory back for reuse: call once nothing can read `pixels` any more (the
   * STOW-RS request has closed, so no write of it is pending).
   */
  release(): void;
}

/**
 * The digest a DICOM delivery is verified by, written `<before length>+<after length>:<hex>`:
 * SHA-256 over the SHA-256 of the bytes before the pixels, of the pixels, and of the bytes after
 * them. The split points travel with it so that the file read back is cut at the same places. For
 * a JPEG the pixels' hash is that of the outgoing copy, computed once when the copy is made from the
 * hash-checked original, so a verified delivery proves the PACS holds exactly that copy.
 */
export function dicomDigest(before: Uint8Array, pixelsSha256: string, after: Uint8Array): string {
  const inner = createHash('sha256').update(sha256(before)).update(pixelsSha256).update(sha256(after)).digest('hex');
  return `${before.byteLength}+${after.byteLength}:${inner}`;
}

/** The same digest of a file read back, cut where the digest sent says; null when it cannot be cut so. */
export function heldDicomDigest(file: Buffer, sent: string): string | null {
  // Deliveries sent before the split form carry the plain SHA-256 of the whole file.
  if (/^[0-9a-f]{64}$/.test(sent)) return sha256(file);
  const split = /^(\d{1,9})\+(\d{1,9}):[0-9a-f]{64}$/.exec(sent);
  if (!split) return null;
  const beforeLength = Number(split[1]);
  const afterLength = Number(split[2]);
  if (file.length < beforeLength + afterLength) return null;
  const pixels = file.subarray(beforeLength, file.length - afterLength);
  return dicomDigest(file.subarray(0, beforeLength), sha256(pixels), file.subarray(file.length - afterLength));
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** PS3.18 STOW-RS; throws a DeliveryError unless the reply lists the instance as stored. */
export async function stowInstance(client: TargetClient, instance: DicomInstance): Promise<void> {
  const { body, contentType } = buildMultipartRelated([[instance.before, instance.pixels, instance.after]], 'application/dicom');
  const reply = expectOk(await client.request('POST', 'studies', { 'content-type': contentType, accept: 'application/dicom+json' }, body), 'STOW-RS');
  let json: DicomJson;
  try {
    const parsed = JSON.parse(reply.body.toString('utf8')) as unknown;
    json = (Array.isArray(parsed) ? parsed[0] : parsed) as DicomJson;
    if (!json || typeof json !== 'object') throw new Error('not an object');
  } catch {
    throw new DeliveryError(`STOW-RS: the server's reply was not DICOM JSON (HTTP ${reply.status}).`, false, reply.status);
  }
  // 00081198 FailedSOPSequence is often present and empty: its values matter, not its presence.
  const failed = (json['00081198']?.Value ?? []) as DicomJson[];
  if (failed.length > 0) {
    const reason = failed.map((f) => (f['00081197']?.Value ?? [])[0]).filter((x) => x !== undefined);
    throw new DeliveryError(cleanReason(`STOW-RS: the server refused the instance (failure reason ${reason.join(', ') || 'not given'}).`), false, reply.status);
  }
  const stored = ((json['00081199']?.Value ?? []) as DicomJson[]).map((r) => (r['00081155']?.Value ?? [])[0]);
  if (!stored.includes(instance.sopInstanceUid)) {
    throw new DeliveryError('STOW-RS: the reply does not list the instance as stored.', false, reply.status);
  }
}

/** WADO-RS of the instance; returns the file the server holds. */
export async function readBackInstance(client: TargetClient, instance: DicomUids): Promise<Buffer> {
  const path = `studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/instances/${instance.sopInstanceUid}`;
  const reply = expectOk(await client.request('GET', path, { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' }), 'WADO-RS');
  const parts = parseMultipart(reply.headers['content-type'], reply.body);
  if (!parts || parts.length !== 1) throw new DeliveryError('WADO-RS: the reply was not one DICOM instance in multipart/related.', false, reply.status);
  return parts[0]!;
}

/** The connection test: authenticated QIDO-RS for nothing in particular. */
export async function probeDicomweb(client: TargetClient): Promise<string> {
  expectOk(await client.request('GET', 'studies?limit=1', { accept: 'application/dicom+json' }), 'QIDO-RS');
  return 'Connected: the DICOMweb service answered a QIDO-RS query.';
}
