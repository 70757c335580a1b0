// Audit records: who did what to which patient or photo, when, from which workstation, with what
// outcome and (where given) why. Records hold identifiers only, never names or free text about a
// patient. Each record carries the hash of the one before it (canonical.ts), and a checkpoint
// signed with the vault-held Ed25519 key is written every CHECKPOINT_INTERVAL records and at the
// end of every session, so any later edit, deletion, reordering or insertion shows up in
// verification (verify.ts). docs/audit-log.md describes the scheme byte by byte.
import type { AuditAction } from '../../../shared/audit-actions';
import type { Db } from '../db/open';
import { writeTransaction } from '../db/write';
import { checkpointPayload, GENESIS_PREV_HASH, recordHash, type CheckpointKind } from './canonical';
import { loadSigningKey, signPayload, type AuditSigningKey } from './signing';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEvent {
  readonly userId: string | null;
  /** One of the shared list (shared/audit-actions.ts), which the privacy officer's screens label. */
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly patientId?: string | null;
  readonly photoId?: string | null;
  /** Codes and identifiers only (e.g. an error code); never PHI. */
  readonly detail?: string;
  /** The reason the user gave (break-glass, correction); what they typed, kept short by the caller. */
  readonly reason?: string;
}

/** A signed checkpoint every this many records, besides the one at each session end. */
export const CHECKPOINT_INTERVAL = 256;

/** Actions that end a session: each is followed by a 'session-end' checkpoint. */
export const SESSION_END_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>(['session.sign-out', 'session.lock', 'session.switch-user', 'session.expired']);

interface AuditState {
  readonly workstationId: string;
  readonly key: AuditSigningKey;
  readonly last: () => { seq: number; hash: Buffer } | undefined;
  readonly insert: (row: unknown[]) => void;
  readonly insertCheckpoint: (row: unknown[]) => void;
}

const states = new WeakMap<Db, AuditState>();

function stateOf(db: Db): AuditState {
  const cached = states.get(db);
  if (cached) return cached;
  const meta = db.prepare('SELECT workstation_id FROM audit_meta WHERE id = 1').get() as { workstation_id: string } | undefined;
  const keyRow = db.prepare('SELECT key_id, public_key, private_key FROM audit_signing_keys ORDER BY created_at DESC, rowid DESC LIMIT 1').get() as
    | { key_id: string; public_key: Buffer; private_key: Buffer }
    | undefined;
  if (!meta || !keyRow) throw new Error('the audit log is not set up in this database');
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_events (seq, at, workstation_id, user_id, action, outcome, patient_id, photo_id, reason, detail, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCheckpoint = db.prepare('INSERT INTO audit_checkpoints (seq, at, kind, head_hash, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)');
  const state: AuditState = {
    workstationId: meta.workstation_id,
    key: loadSigningKey(keyRow),
    last: () => last.get() as { seq: number; hash: Buffer } | undefined,
    insert: (row) => void insert.run(...row),
    insertCheckpoint: (row) => void insertCheckpoint.run(...row),
  };
  states.set(db, state);
  return state;
}

/** This database's stable random workstation id (no hostname or address). */
export const workstationIdOf = (db: Db): string => stateOf(db).workstationId;

export const auditSigningKeyOf = (db: Db): AuditSigningKey => stateOf(db).key;

type Listener = (db: Db) => void;
const appendListeners = new Set<Listener>();

/** Called after every appended record (outside the transaction), e.g. to schedule forwarding. */
export function onAuditAppended(listener: Listener): () => void {
  appendListeners.add(listener);
  return () => appendListeners.delete(listener);
}

export function recordAudit(db: Db, at: Date, event: AuditEvent): void {
  // IMMEDIATE: two processes on one database (app and CLI) must not both take the same seq.
  const seq = writeTransaction(db, () => {
    const s = stateOf(db);
    const last = s.last();
    const prev = last?.hash ?? GENESIS_PREV_HASH;
    const record = {
      seq: (last?.seq ?? 0) + 1,
      at: at.toISOString(),
      workstationId: s.workstationId,
      userId: event.userId,
      action: event.action,
      outcome: event.outcome,
      patientId: event.patientId ?? null,
      photoId: event.photoId ?? null,
      reason: event.reason ?? '',
      detail: event.detail ?? '',
    };
    const hash = recordHash(prev, record);
    s.insert([record.seq, record.at, record.workstationId, record.userId, record.action, record.outcome, record.patientId, record.photoId, record.reason, record.detail, prev, hash]);
    if (record.seq % CHECKPOINT_INTERVAL === 0) writeCheckpointFor(s, record.seq, hash, at, 'interval');
    else if (SESSION_END_ACTIONS.has(event.action)) writeCheckpointFor(s, record.seq, hash, at, 'session-end');
    return record.seq;
  });
  if (seq > 0) for (const listener of appendListeners) listener(db);
}

function writeCheckpointFor(s: AuditState, seq: number, headHash: Buffer, at: Date, kind: CheckpointKind): void {
  const body = { seq, headHash, at: at.toISOString(), kind, workstationId: s.workstationId, keyId: s.key.keyId };
  s.insertCheckpoint([seq, body.at, kind, headHash, s.key.keyId, signPayload(s.key, checkpointPayload(body))]);
}

/** Signs the current head (for exports); does not store it. Null when the log is empty. */
export function signHead(db: Db, at: Date, kind: CheckpointKind) {
  const s = stateOf(db);
  const last = s.last();
  if (!last) return null;
  const body = { seq: last.seq, headHash: last.hash, at: at.toISOString(), kind, workstationId: s.workstationId, keyId: s.key.keyId };
  return { ...body, signature: signPayload(s.key, checkpointPayload(body)) };
}
