// The audit log's canonical byte forms: how a record is serialised before hashing and what a
// checkpoint signature covers. Pure functions with no database, shared by the recorder, the
// in-vault verifier and the offline export verifier; docs/audit-log.md describes the same bytes.
import { createHash } from 'node:crypto';

export const HASH_BYTES = 32;
export const GENESIS_PREV_HASH = Buffer.alloc(HASH_BYTES);
const RECORD_TAG = Buffer.from('CPW-AUDIT-RECORD-1\0', 'latin1');
const CHECKPOINT_TAG = Buffer.from('CPW-AUDIT-CHECKPOINT-1\0', 'latin1');
/** Length marker of an absent (NULL) optional field; no bytes follow it. */
const ABSENT = 0xffffffff;

/** One audit record as hashed: identifiers and codes only. */
export interface ChainedRecord {
  readonly seq: number;
  readonly at: string;
  readonly workstationId: string;
  readonly userId: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly patientId: string | null;
  readonly photoId: string | null;
  readonly reason: string;
  readonly detail: string;
}

export type CheckpointKind = 'interval' | 'session-end' | 'export';

export interface CheckpointBody {
  readonly seq: number;
  readonly headHash: Uint8Array;
  readonly at: string;
  readonly kind: CheckpointKind;
  readonly workstationId: string;
  readonly keyId: string;
}

function checkSeq(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error('sequence numbers are non-negative integers');
}

/**
 * Writes tag ‖ [fixed bytes] ‖ u64 seq ‖ fixed ‖ fields into one buffer: each field is a 4-byte
 * big-endian UTF-8 length and the bytes, or 0xFFFFFFFF alone for an absent (NULL) value.
 */
function encode(tag: Buffer, seq: number, fixedBefore: Uint8Array | null, fixedAfter: Uint8Array | null, fields: ReadonlyArray<string | null>): Buffer {
  checkSeq(seq);
  let size = tag.length + 8 + (fixedBefore?.length ?? 0) + (fixedAfter?.length ?? 0);
  for (const f of fields) size += 4 + (f === null ? 0 : Buffer.byteLength(f, 'utf8'));
  const out = Buffer.allocUnsafe(size);
  let at = tag.copy(out, 0);
  if (fixedBefore) at += Buffer.from(fixedBefore.buffer, fixedBefore.byteOffset, fixedBefore.length).copy(out, at);
  out.writeBigUInt64BE(BigInt(seq), at);
  at += 8;
  if (fixedAfter) at += Buffer.from(fixedAfter.buffer, fixedAfter.byteOffset, fixedAfter.length).copy(out, at);
  for (const f of fields) {
    if (f === null) {
      out.writeUInt32BE(ABSENT, at);
      at += 4;
    } else {
      const n = out.write(f, at + 4, 'utf8');
      out.writeUInt32BE(n, at);
      at += 4 + n;
    }
  }
  return out;
}

/** The exact bytes hashed for a record: tag ‖ prev hash ‖ u64 seq ‖ length-prefixed fields. */
export function serializeRecord(prevHash: Uint8Array, r: ChainedRecord): Buffer {
  if (prevHash.length !== HASH_BYTES) throw new Error('previous hash must be 32 bytes');
  return encode(RECORD_TAG, r.seq, prevHash, null, [r.at, r.workstationId, r.userId, r.action, r.outcome, r.patientId, r.photoId, r.reason, r.detail]);
}

export const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

export const recordHash = (prevHash: Uint8Array, r: ChainedRecord): Buffer => sha256(serializeRecord(prevHash, r));

/** The exact bytes an Ed25519 checkpoint signature covers: tag ‖ u64 seq ‖ head hash ‖ fields. */
export function checkpointPayload(c: CheckpointBody): Buffer {
  if (c.headHash.length !== HASH_BYTES) throw new Error('head hash must be 32 bytes');
  return encode(CHECKPOINT_TAG, c.seq, null, c.headHash, [c.at, c.kind, c.workstationId, c.keyId]);
}
