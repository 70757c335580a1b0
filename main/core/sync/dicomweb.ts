// Delivery of one DICOM instance over DICOMweb (PS3.18): STOW-RS to /studies, then WADO-RS of the
// same instance and a SHA-256 comparison with the bytes sent. Idempotent by SOP Instance UID: the
// photo always maps to the same UID, and a PACS keeps one copy of an instance stored twice.
import { createHash } from 'node:crypto';
import { DeliveryError, TargetClient, cleanReason, expectOk } from './http';
import { buildMultipartRelated, parseMultipart } from './multipart';

export interface DicomInstance {
  /** The Part 10 file as consecutive pieces (sent and hashed in turn, never joined). */
  readonly parts: readonly Buffer[];
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** PS3.18 STOW-RS; throws a DeliveryError unless the reply lists the instance as stored. */
export async function stowInstance(client: TargetClient, instance: DicomInstance): Promise<void> {
  const { body, contentType } = buildMultipartRelated([instance.parts], 'application/dicom');
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

/** WADO-RS of the instance; returns the SHA-256 of what the server holds. */
export async function readBackInstance(client: TargetClient, instance: Omit<DicomInstance, 'parts'>): Promise<string> {
  const path = `studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/instances/${instance.sopInstanceUid}`;
  const reply = expectOk(await client.request('GET', path, { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' }), 'WADO-RS');
  const parts = parseMultipart(reply.headers['content-type'], reply.body);
  if (!parts || parts.length !== 1) throw new DeliveryError('WADO-RS: the reply was not one DICOM instance in multipart/related.', false, reply.status);
  return sha256(parts[0]!);
}

/** The connection test: authenticated QIDO-RS for nothing in particular. */
export async function probeDicomweb(client: TargetClient): Promise<string> {
  expectOk(await client.request('GET', 'studies?limit=1', { accept: 'application/dicom+json' }), 'QIDO-RS');
  return 'Connected: the DICOMweb service answered a QIDO-RS query.';
}
