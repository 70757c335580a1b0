// Migration 0006: the tamper-evident audit log. Adds workstation, reason and hash-chain columns to
// audit_events and chains the rows already there; creates the checkpoint signing key (once, at
// random), the workstation id, checkpoints, officer settings and the syslog delivery cursor; and
// triggers that refuse UPDATE and DELETE on the log (the app never needs them).
//
// Frozen: everything it computes is spelled out below as it was when the migration shipped (the
// record and checkpoint bytes of docs/audit-log.md, version 1 tags, an interval of 256), so a later
// change to the audit module can never change what this step writes.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { Migration } from './index';

const CHECKPOINT_INTERVAL = 256;
const GENESIS_PREV_HASH = Buffer.alloc(32);
const RECORD_TAG = Buffer.from('CPW-AUDIT-RECORD-1\0', 'latin1');
const CHECKPOINT_TAG = Buffer.from('CPW-AUDIT-CHECKPOINT-1\0', 'latin1');

const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

/** A 4-byte big-endian UTF-8 length and the bytes; 0xFFFFFFFF alone for NULL. */
function fields(values: ReadonlyArray<string | null>): Buffer[] {
  return values.flatMap((v) => {
    const length = Buffer.alloc(4);
    if (v === null) {
      length.writeUInt32BE(0xffffffff);
      return [length];
    }
    const bytes = Buffer.from(v, 'utf8');
    length.writeUInt32BE(bytes.length);
    return [length, bytes];
  });
}

const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

interface OldRow {
  seq: number;
  at: string;
  user_id: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  photo_id: string | null;
  detail: string;
}

export const m0006AuditChain: Migration = {
  version: 6,
  name: 'audit-chain',
  up(db) {
    const now = new Date().toISOString();
    db.exec(`
      ALTER TABLE audit_events ADD COLUMN workstation_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE audit_events ADD COLUMN reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE audit_events ADD COLUMN prev_hash BLOB;
      ALTER TABLE audit_events ADD COLUMN hash BLOB;

      CREATE TABLE audit_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        workstation_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE audit_signing_keys (
        key_id TEXT PRIMARY KEY,
        public_key BLOB NOT NULL,
        private_key BLOB NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE audit_checkpoints (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('interval','session-end','export')),
        head_hash BLOB NOT NULL,
        key_id TEXT NOT NULL REFERENCES audit_signing_keys(key_id),
        signature BLOB NOT NULL
      );
      CREATE INDEX audit_checkpoints_by_seq ON audit_checkpoints (seq);

      CREATE TABLE audit_settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      );

      CREATE TABLE audit_forwarding (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        enabled INTEGER NOT NULL DEFAULT 0,
        host TEXT NOT NULL DEFAULT '',
        port INTEGER NOT NULL DEFAULT 6514,
        ca_pem TEXT NOT NULL DEFAULT '',
        cursor_seq INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        last_attempt_at TEXT,
        last_delivered_at TEXT
      );

      CREATE INDEX audit_events_by_at ON audit_events (at);
      CREATE INDEX audit_events_by_user ON audit_events (user_id, at);
      CREATE INDEX audit_events_by_patient ON audit_events (patient_id, at);
      CREATE INDEX audit_events_by_action ON audit_events (action, at);
    `);

    const workstationId = randomBytes(16).toString('hex');
    db.prepare('INSERT INTO audit_meta (id, workstation_id, created_at) VALUES (1, ?, ?)').run(workstationId, now);
    // An Ed25519 key pair; its id is the hex SHA-256 of the 32-byte raw public key.
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const rawPublicKey = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    if (rawPublicKey.length !== 32) throw new Error('could not read the new Ed25519 public key');
    const keyId = sha256(rawPublicKey).toString('hex');
    db.prepare('INSERT INTO audit_signing_keys (key_id, public_key, private_key, created_at) VALUES (?, ?, ?, ?)').run(keyId, rawPublicKey, privateKey.export({ format: 'der', type: 'pkcs8' }), now);
    db.prepare('INSERT INTO audit_forwarding (id) VALUES (1)').run();

    // Chain what was recorded before this migration, renumbering any gap so the sequence is dense.
    const rows = db.prepare('SELECT seq, at, user_id, action, outcome, patient_id, photo_id, detail FROM audit_events ORDER BY seq').all() as OldRow[];
    const update = db.prepare('UPDATE audit_events SET seq = ?, workstation_id = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    const insertCheckpoint = db.prepare('INSERT INTO audit_checkpoints (seq, at, kind, head_hash, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)');
    let prev: Buffer = GENESIS_PREV_HASH;
    rows.forEach((row, i) => {
      const seq = i + 1;
      // reason is '' for every row recorded before this migration (the column is new).
      const hash = sha256(Buffer.concat([RECORD_TAG, prev, u64(seq), ...fields([row.at, workstationId, row.user_id, row.action, row.outcome, row.patient_id, row.photo_id, '', row.detail])]));
      update.run(seq, workstationId, prev, hash, row.seq);
      prev = hash;
      // The same rule as new records: a signed checkpoint at every interval.
      if (seq % CHECKPOINT_INTERVAL === 0) {
        const payload = Buffer.concat([CHECKPOINT_TAG, u64(seq), hash, ...fields([now, 'interval', workstationId, keyId])]);
        insertCheckpoint.run(seq, now, 'interval', hash, keyId, sign(null, payload, privateKey));
      }
    });

    db.exec(`
      CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
      CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
      CREATE TRIGGER audit_checkpoints_append_only_update BEFORE UPDATE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
      CREATE TRIGGER audit_checkpoints_append_only_delete BEFORE DELETE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
      CREATE TRIGGER audit_signing_keys_no_update BEFORE UPDATE ON audit_signing_keys
      BEGIN SELECT RAISE(ABORT, 'audit signing keys are never changed'); END;
      CREATE TRIGGER audit_signing_keys_no_delete BEFORE DELETE ON audit_signing_keys
      BEGIN SELECT RAISE(ABORT, 'audit signing keys are never removed'); END;
    `);
  },
};
