// The audit export's line formats (docs/audit-log.md, "Export format"): the header, record,
// checkpoint and trailer lines as strict schemas, their writers, and the bytes the trailer's
// signature covers. Shared by the exporter (export.ts) and the offline verifier (export-verify.ts).
import { z } from 'zod';
import { HASH_BYTES, sha256 } from './canonical';
import type { StoredCheckpoint, StoredRecord } from './verify';

export const EXPORT_FORMAT = 'clinic-photo-audit-log';
/** 2: the trailer signs every byte before it. Version 1 (no trailer) is refused, not half-checked. */
export const EXPORT_VERSION = 2;
/** The export interval is a constant of the format, never read from the file. */
export const EXPORT_CHECKPOINT_INTERVAL = 256;
const TRAILER_TAG = Buffer.from('CPW-AUDIT-EXPORT-2\0', 'latin1');

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
export const KeyId = hex(32);
const IsoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

export const HeaderLine = z
  .object({
    type: z.literal('header'),
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    hashAlgorithm: z.literal('SHA-256'),
    signatureAlgorithm: z.literal('Ed25519'),
    checkpointInterval: z.literal(EXPORT_CHECKPOINT_INTERVAL),
    workstationId: z.string(),
    exportedAt: IsoInstant,
    exportedBy: z.string().nullable(),
    keys: z.array(z.object({ keyId: KeyId, publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) }).strict()).min(1),
  })
  .strict();
export type Header = z.infer<typeof HeaderLine>;

export const RecordLine = z
  .object({
    type: z.literal('record'),
    seq: z.number().int().min(1),
    at: z.string(),
    workstationId: z.string(),
    userId: z.string().nullable(),
    action: z.string(),
    outcome: z.string(),
    patientId: z.string().nullable(),
    photoId: z.string().nullable(),
    reason: z.string(),
    detail: z.string(),
    prevHash: hex(HASH_BYTES),
    hash: hex(HASH_BYTES),
  })
  .strict();

export const CheckpointLine = z
  .object({
    type: z.literal('checkpoint'),
    seq: z.number().int().min(1),
    at: z.string(),
    kind: z.enum(['interval', 'session-end', 'export']),
    workstationId: z.string(),
    keyId: KeyId,
    headHash: hex(HASH_BYTES),
    signature: Signature,
  })
  .strict();

export const TrailerLine = z.object({ type: z.literal('trailer'), keyId: KeyId, signature: Signature }).strict();

export const headerLine = (h: Header): string => JSON.stringify(h);

export const recordLine = (r: StoredRecord): string =>
  JSON.stringify({
    type: 'record',
    seq: r.seq,
    at: r.at,
    workstationId: r.workstationId,
    userId: r.userId,
    action: r.action,
    outcome: r.outcome,
    patientId: r.patientId,
    photoId: r.photoId,
    reason: r.reason,
    detail: r.detail,
    prevHash: r.prevHash.toString('hex'),
    hash: r.hash.toString('hex'),
  });

export const checkpointLine = (c: StoredCheckpoint): string =>
  JSON.stringify({
    type: 'checkpoint',
    seq: c.seq,
    at: c.at,
    kind: c.kind,
    workstationId: c.workstationId,
    keyId: c.keyId,
    headHash: c.headHash.toString('hex'),
    signature: c.signature.toString('base64'),
  });

export const trailerLine = (keyId: string, signature: Uint8Array): string => JSON.stringify({ type: 'trailer', keyId, signature: Buffer.from(signature).toString('base64') });

/**
 * What the trailer signs: tag ‖ SHA-256(every byte of the file before the trailer line, each line
 * with its "\n") ‖ the signing key's id as a field. Any dropped, duplicated, reordered, inserted
 * or edited line before the trailer, the header's included, changes the digest.
 */
export function trailerPayload(signedBytes: Uint8Array, keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(id.length);
  return Buffer.concat([TRAILER_TAG, sha256(signedBytes), length, id]);
}
