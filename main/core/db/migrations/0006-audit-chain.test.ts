// Migration 0006 on top of the earlier ones: rows recorded before it are chained and verify, the
// signing key and workstation id exist once, and the log is append-only from then on.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../audit/audit';
import { keyIdOf, loadSigningKey } from '../../audit/signing';
import { verifyAuditDatabase } from '../../audit/verify';
import { MIGRATIONS, migrate } from './index';

let db: Database.Database;
const before6 = MIGRATIONS.filter((m) => m.version < 6);
const upTo6 = MIGRATIONS.filter((m) => m.version <= 6);

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, before6);
  const insert = db.prepare("INSERT INTO audit_events (at, user_id, action, outcome, detail) VALUES (?, NULL, 'session.sign-in', 'failure', '')");
  for (let i = 0; i < 300; i++) insert.run(`2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`);
  // A gap left by an older build: the migration renumbers so the sequence is dense.
  db.prepare('DELETE FROM audit_events WHERE seq = 5').run();
  migrate(db, upTo6);
});
afterEach(() => db.close());

describe('migration 0006 (audit chain)', () => {
  it('sets user_version to 6, chains and checkpoints the earlier rows', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(db.prepare('SELECT min(seq), max(seq), count(*) FROM audit_events').raw().get()).toEqual([1, 299, 299]);
    expect(db.prepare('SELECT seq, kind FROM audit_checkpoints').all()).toEqual([{ seq: 256, kind: 'interval' }]);
    expect(verifyAuditDatabase(db)).toMatchObject({ ok: true, records: 299, checkpoints: 1 });
  });

  it('creates one signing key and one workstation id', () => {
    expect(db.prepare('SELECT count(*) FROM audit_signing_keys').pluck().get()).toBe(1);
    // The frozen copy of the key code makes the key the live code loads: id = SHA-256(raw public key).
    const row = db.prepare('SELECT key_id, public_key, private_key FROM audit_signing_keys').get() as { key_id: string; public_key: Buffer; private_key: Buffer };
    expect(row.public_key).toHaveLength(32);
    expect(row.key_id).toBe(keyIdOf(row.public_key));
    expect(loadSigningKey(row).keyId).toBe(row.key_id);
    expect(db.prepare('SELECT workstation_id FROM audit_meta').pluck().get()).toMatch(/^[0-9a-f]{32}$/);
    expect(db.prepare('SELECT DISTINCT workstation_id FROM audit_events').pluck().all()).toHaveLength(1);
  });

  it('keeps appending to the chain, and refuses changes to records, checkpoints and keys', () => {
    recordAudit(db, new Date('2026-02-01T00:00:00Z'), { userId: null, action: 'session.sign-out', outcome: 'success' });
    expect(verifyAuditDatabase(db)).toMatchObject({ ok: true, records: 300, lastSignedSeq: 300 });
    expect(() => db.prepare("UPDATE audit_events SET detail = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_checkpoints').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_signing_keys').run()).toThrow(/never removed/);
    expect(() => db.prepare('UPDATE audit_signing_keys SET created_at = 0').run()).toThrow(/never changed/);
  });

  it('serves the officer searches from indexes', () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x', 'y') as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan('SELECT seq FROM audit_events WHERE user_id = ? AND at >= ? ORDER BY at')).toContain('audit_events_by_user');
    expect(plan('SELECT seq FROM audit_events WHERE patient_id = ? AND at >= ?')).toContain('audit_events_by_patient');
  });
});
