// Verification of the audit chain, shared by the in-vault check (`audit verify --data-dir`) and
// the offline export check (`audit verify --file`): records and checkpoints are fed in sequence
// order and the first problem is reported with the record's sequence number (and, for a file, its
// line). It stops at the first problem: everything after a break is unanchored anyway.
import type { KeyObject } from 'node:crypto';
import type { Db } from '../db/open';
import { checkpointPayload, GENESIS_PREV_HASH, recordHash, type ChainedRecord, type CheckpointKind } from './canonical';
import { CHECKPOINT_INTERVAL, workstationIdOf } from './audit';
import { publicKeyFromRaw, verifyPayload } from './signing';

export interface StoredRecord extends ChainedRecord {
  readonly prevHash: Buffer;
  readonly hash: Buffer;
}

export interface StoredCheckpoint {
  readonly seq: number;
  readonly at: string;
  readonly kind: CheckpointKind;
  readonly headHash: Buffer;
  readonly keyId: string;
  readonly workstationId: string;
  readonly signature: Buffer;
}

export interface VerifyProblem {
  /** The record the problem was found at (null when it concerns the log as a whole). */
  readonly seq: number | null;
  /** 1-based line of an export file, when verifying one. */
  readonly line: number | null;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly checkpoints: number;
  readonly lastSeq: number;
  /** The highest sequence number covered by a valid signature. */
  readonly lastSignedSeq: number;
  readonly headHash: string;
  /** The keys that signed at least one verified checkpoint (not merely the keys offered). */
  readonly keyIds: readonly string[];
  readonly problem: VerifyProblem | null;
}

class VerifyFailure extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(problem.message);
  }
}

/** The error that stops a verification; its message names the line first when there is one. */
export const verifyFailure = (seq: number | null, line: number | null, message: string): Error =>
  new VerifyFailure({ seq, line, message: line === null ? message : `line ${line}: ${message}` });

export class ChainVerifier {
  private prev: Buffer = GENESIS_PREV_HASH;
  private lastSeq = 0;
  private records = 0;
  private checkpoints = 0;
  private lastSignedSeq = 0;
  private maxCheckpointSeq = 0;
  private maxCheckpointLine: number | null = null;
  /** Interval checkpoint still owed for this seq (must arrive before the next record). */
  private owedInterval: { seq: number; line: number | null } | null = null;
  private readonly keys: Map<string, KeyObject>;
  /** Keys that signed at least one checkpoint, in order of first use. */
  private readonly usedKeyIds = new Set<string>();

  /**
   * `expectKeyId`: every checkpoint must be signed by exactly this key; another known key fails.
   * The interval is always CHECKPOINT_INTERVAL: never taken from the data being verified.
   */
  constructor(
    publicKeys: ReadonlyMap<string, Uint8Array>,
    private readonly expectKeyId: string | null = null,
  ) {
    this.keys = new Map([...publicKeys].map(([id, raw]) => [id, publicKeyFromRaw(raw)]));
  }

  private fail(seq: number | null, line: number | null, message: string): never {
    throw verifyFailure(seq, line, message);
  }

  record(r: StoredRecord, line: number | null = null): void {
    this.settleInterval();
    const expected = this.lastSeq + 1;
    if (r.seq > expected) this.fail(r.seq, line, `record ${r.seq} follows record ${this.lastSeq}: ${r.seq - expected === 1 ? `record ${expected} is` : `records ${expected}–${r.seq - 1} are`} missing (deleted)`);
    if (r.seq < expected) this.fail(r.seq, line, `record ${r.seq} appears after record ${this.lastSeq}: records are out of order or duplicated`);
    if (!r.prevHash.equals(this.prev)) {
      this.fail(r.seq, line, `record ${r.seq} does not link to record ${this.lastSeq} (its previous-hash differs): a record before it was deleted, inserted, reordered or edited`);
    }
    if (!recordHash(r.prevHash, r).equals(r.hash)) {
      this.fail(r.seq, line, `record ${r.seq} does not match its hash: its contents or sequence number were changed`);
    }
    this.prev = r.hash;
    this.lastSeq = r.seq;
    this.records++;
    if (r.seq % CHECKPOINT_INTERVAL === 0) this.owedInterval = { seq: r.seq, line };
  }

  checkpoint(c: StoredCheckpoint, line: number | null = null): void {
    const key = this.keys.get(c.keyId);
    if (!key) this.fail(c.seq, line, `checkpoint at record ${c.seq} is signed by an unknown key ${c.keyId}`);
    if (this.expectKeyId !== null && c.keyId !== this.expectKeyId) this.fail(c.seq, line, `checkpoint at record ${c.seq} is signed by key ${c.keyId}, not the expected key ${this.expectKeyId}`);
    if (!verifyPayload(key, checkpointPayload(c), c.signature)) this.fail(c.seq, line, `checkpoint at record ${c.seq} has an invalid signature: the checkpoint was altered or forged`);
    if (c.seq !== this.lastSeq) {
      this.fail(c.seq, line, c.seq > this.lastSeq ? `checkpoint at record ${c.seq} comes before that record: records were deleted or reordered` : `checkpoint at record ${c.seq} is out of place (after record ${this.lastSeq})`);
    }
    if (!c.headHash.equals(this.prev)) this.fail(c.seq, line, `record ${c.seq} does not match the signed checkpoint: the chain up to it was rewritten`);
    if (this.owedInterval?.seq === c.seq && c.kind === 'interval') this.owedInterval = null;
    this.usedKeyIds.add(c.keyId);
    this.checkpoints++;
    this.lastSignedSeq = c.seq;
    if (c.seq >= this.maxCheckpointSeq) {
      this.maxCheckpointSeq = c.seq;
      this.maxCheckpointLine = line;
    }
  }

  private settleInterval(): void {
    if (this.owedInterval) this.fail(this.owedInterval.seq, this.owedInterval.line, `record ${this.owedInterval.seq}: its interval checkpoint is missing (checkpoints were deleted)`);
  }

  /** Ends the stream; `requireSignedEnd` demands that the last record is covered by a signature. */
  finish(requireSignedEnd: boolean, endLine: number | null = null): void {
    this.settleInterval();
    if (this.maxCheckpointSeq > this.lastSeq) this.fail(this.maxCheckpointSeq, this.maxCheckpointLine, `a signed checkpoint covers record ${this.maxCheckpointSeq} but the log ends at ${this.lastSeq}: records at the end were deleted`);
    if (requireSignedEnd && this.lastSignedSeq !== this.lastSeq) {
      this.fail(this.lastSeq || null, endLine, `records after ${this.lastSignedSeq} are not covered by a signed checkpoint: the file was cut short or lines were added`);
    }
  }

  report(problem: VerifyProblem | null): VerifyReport {
    return {
      ok: problem === null,
      records: this.records,
      checkpoints: this.checkpoints,
      lastSeq: this.lastSeq,
      lastSignedSeq: this.lastSignedSeq,
      headHash: this.prev.toString('hex'),
      keyIds: [...this.usedKeyIds],
      problem,
    };
  }
}

/** Runs `feed` against a verifier and turns the first failure into the report's problem. */
export function runVerification(verifier: ChainVerifier, feed: (v: ChainVerifier) => void): VerifyReport {
  try {
    feed(verifier);
    return verifier.report(null);
  } catch (error) {
    if (error instanceof VerifyFailure) return verifier.report(error.problem);
    throw error;
  }
}

interface RecordRow {
  seq: number;
  at: string;
  workstation_id: string;
  user_id: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  photo_id: string | null;
  reason: string;
  detail: string;
  prev_hash: Buffer | null;
  hash: Buffer | null;
}

export const rowToRecord = (r: RecordRow): StoredRecord => ({
  seq: r.seq,
  at: r.at,
  workstationId: r.workstation_id,
  userId: r.user_id,
  action: r.action,
  outcome: r.outcome,
  patientId: r.patient_id,
  photoId: r.photo_id,
  reason: r.reason,
  detail: r.detail,
  prevHash: r.prev_hash ?? Buffer.alloc(0),
  hash: r.hash ?? Buffer.alloc(0),
});

export const RECORD_COLUMNS = 'seq, at, workstation_id, user_id, action, outcome, patient_id, photo_id, reason, detail, prev_hash, hash';

export function publicKeysOf(db: Db): Map<string, Buffer> {
  const rows = db.prepare('SELECT key_id, public_key FROM audit_signing_keys').all() as Array<{ key_id: string; public_key: Buffer }>;
  return new Map(rows.map((r) => [r.key_id, r.public_key]));
}

export function checkpointsOf(db: Db): StoredCheckpoint[] {
  const workstationId = workstationIdOf(db);
  const rows = db.prepare('SELECT seq, at, kind, head_hash, key_id, signature FROM audit_checkpoints ORDER BY seq, id').all() as Array<{
    seq: number;
    at: string;
    kind: CheckpointKind;
    head_hash: Buffer;
    key_id: string;
    signature: Buffer;
  }>;
  return rows.map((r) => ({ seq: r.seq, at: r.at, kind: r.kind, headHash: r.head_hash, keyId: r.key_id, workstationId, signature: r.signature }));
}

/** Verifies the whole log inside an open database: chain, sequence, and every checkpoint. */
export function verifyAuditDatabase(db: Db): VerifyReport {
  const verifier = new ChainVerifier(publicKeysOf(db));
  const checkpoints = checkpointsOf(db);
  return runVerification(verifier, (v) => {
    let next = 0;
    const rows = db.prepare(`SELECT ${RECORD_COLUMNS} FROM audit_events ORDER BY seq`).iterate() as IterableIterator<RecordRow>;
    for (const row of rows) {
      // Checkpoints at a seq below this record belong before it (they will fail as misplaced).
      while (next < checkpoints.length && checkpoints[next]!.seq < row.seq) v.checkpoint(checkpoints[next++]!);
      v.record(rowToRecord(row));
      while (next < checkpoints.length && checkpoints[next]!.seq === row.seq) v.checkpoint(checkpoints[next++]!);
    }
    while (next < checkpoints.length) v.checkpoint(checkpoints[next++]!);
    v.finish(false);
  });
}
