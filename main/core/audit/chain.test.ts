// The hash chain and signed checkpoints inside the database: every kind of direct tampering by
// someone who can open the database (triggers dropped first) is caught and named by record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { CHECKPOINT_INTERVAL, recordAudit } from './audit';
import { recordHash } from './canonical';
import { dropAuditTriggers, auditTestDb, PATIENT, USER_A, USER_B } from './test-db';
import { rowToRecord, RECORD_COLUMNS, verifyAuditDatabase } from './verify';

let db: Db;
const t0 = Date.parse('2026-03-02T09:00:00.000Z');

function append(n: number, start = 0): void {
  for (let i = start; i < start + n; i++) {
    recordAudit(db, new Date(t0 + i * 1000), { userId: i % 2 ? USER_A : USER_B, action: i % 3 ? 'photo.view' : 'patient.view', outcome: 'success', patientId: PATIENT, detail: `i=${i}` });
  }
}

beforeEach(() => {
  db = auditTestDb();
});
afterEach(() => db.close());

const problem = () => verifyAuditDatabase(db).problem;

describe('audit chain', () => {
  it('links each record to the one before and verifies an intact log', () => {
    append(CHECKPOINT_INTERVAL + 10);
    const rows = db.prepare(`SELECT ${RECORD_COLUMNS} FROM audit_events ORDER BY seq`).all() as Array<Parameters<typeof rowToRecord>[0]>;
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[1]!.prev_hash!.equals(rows[0]!.hash!)).toBe(true);
    const report = verifyAuditDatabase(db);
    expect(report).toMatchObject({ ok: true, records: CHECKPOINT_INTERVAL + 10, checkpoints: 1, lastSignedSeq: CHECKPOINT_INTERVAL, problem: null });
  });

  it('signs a checkpoint at every session end', () => {
    append(3);
    recordAudit(db, new Date(t0 + 5000), { userId: USER_A, action: 'session.sign-out', outcome: 'success' });
    const cps = db.prepare('SELECT seq, kind FROM audit_checkpoints').all();
    expect(cps).toEqual([{ seq: 4, kind: 'session-end' }]);
    expect(verifyAuditDatabase(db)).toMatchObject({ ok: true, lastSignedSeq: 4 });
  });

  it('refuses UPDATE and DELETE through its triggers', () => {
    append(2);
    expect(() => db.prepare("UPDATE audit_events SET action = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_checkpoints').run()).not.toThrow(); // nothing to delete yet is fine
    recordAudit(db, new Date(t0), { userId: USER_A, action: 'session.sign-out', outcome: 'success' });
    expect(() => db.prepare('DELETE FROM audit_checkpoints').run()).toThrow(/append-only/);
  });

  describe('with the triggers dropped', () => {
    beforeEach(() => {
      append(40);
      recordAudit(db, new Date(t0 + 60_000), { userId: USER_A, action: 'session.sign-out', outcome: 'success' });
      append(5, 50);
      dropAuditTriggers(db);
      expect(problem()).toBeNull();
    });

    it('catches an edited field, naming the record', () => {
      db.prepare('UPDATE audit_events SET user_id = ? WHERE seq = 17').run('f'.repeat(32));
      expect(problem()).toMatchObject({ seq: 17, message: expect.stringContaining('record 17 does not match its hash') });
    });

    it('catches an edited time, outcome or reason', () => {
      db.prepare("UPDATE audit_events SET at = '2026-03-02T23:59:59.000Z' WHERE seq = 9").run();
      expect(problem()?.seq).toBe(9);
      db.prepare("UPDATE audit_events SET at = '2026-03-02T09:00:08.000Z' WHERE seq = 9").run();
      expect(problem()).toBeNull();
      db.prepare("UPDATE audit_events SET outcome = 'denied' WHERE seq = 3").run();
      expect(problem()?.seq).toBe(3);
    });

    it('catches a deleted record in the middle', () => {
      db.prepare('DELETE FROM audit_events WHERE seq = 12').run();
      expect(problem()).toMatchObject({ seq: 13, message: expect.stringContaining('record 12 is missing') });
    });

    it('catches deleting the signed tail', () => {
      db.prepare('DELETE FROM audit_events WHERE seq >= 41').run();
      expect(problem()).toMatchObject({ seq: 41, message: expect.stringContaining('records were deleted') });
    });

    it('catches a deletion hidden by renumbering the later records', () => {
      db.prepare('DELETE FROM audit_events WHERE seq = 20').run();
      db.prepare('UPDATE audit_events SET seq = seq - 1 WHERE seq > 20').run();
      expect(problem()?.seq).toBe(20);
    });

    it('catches an inserted record, even one whose own hash is correct', () => {
      const prev = db.prepare('SELECT hash FROM audit_events WHERE seq = 30').pluck().get() as Buffer;
      db.prepare('UPDATE audit_events SET seq = seq + 1000 WHERE seq > 30').run();
      db.prepare('UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000').run();
      const forged = { seq: 31, at: '2026-03-02T09:00:30.500Z', workstationId: '', userId: USER_B, action: 'photo.view', outcome: 'success', patientId: PATIENT, photoId: null, reason: '', detail: '' };
      const ws = db.prepare('SELECT workstation_id FROM audit_meta').pluck().get() as string;
      const hash = recordHash(prev, { ...forged, workstationId: ws });
      db.prepare('INSERT INTO audit_events (seq, at, workstation_id, user_id, action, outcome, patient_id, photo_id, reason, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)').run(31, forged.at, ws, USER_B, 'photo.view', 'success', PATIENT, null, '', '', prev, hash);
      // The forged record links correctly; the one after it no longer matches its own hash.
      expect(problem()).toMatchObject({ seq: 32 });
    });

    it('catches two records swapped (reordered)', () => {
      const cols = 'at, user_id, action, outcome, patient_id, photo_id, reason, detail, prev_hash, hash';
      const a = db.prepare(`SELECT ${cols} FROM audit_events WHERE seq = 5`).get() as Record<string, unknown>;
      const b = db.prepare(`SELECT ${cols} FROM audit_events WHERE seq = 6`).get() as Record<string, unknown>;
      const set = db.prepare(`UPDATE audit_events SET ${cols.split(', ').map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
      set.run({ ...b, seq: 5 });
      set.run({ ...a, seq: 6 });
      expect(problem()?.seq).toBe(5);
    });

    it('catches a rewrite that recomputes every hash but cannot re-sign the checkpoint', () => {
      // Rewrite record 10 and re-chain everything after it: the chain is consistent again, but the
      // session-end checkpoint at 41 signed the old head.
      const rows = db.prepare(`SELECT ${RECORD_COLUMNS} FROM audit_events WHERE seq >= 10 ORDER BY seq`).all() as Array<Parameters<typeof rowToRecord>[0]>;
      let prev = db.prepare('SELECT hash FROM audit_events WHERE seq = 9').pluck().get() as Buffer;
      const update = db.prepare('UPDATE audit_events SET user_id = ?, prev_hash = ?, hash = ? WHERE seq = ?');
      for (const row of rows) {
        const r = rowToRecord(row);
        const userId = r.seq === 10 ? 'f'.repeat(32) : r.userId;
        const hash = recordHash(prev, { ...r, userId });
        update.run(userId, prev, hash, r.seq);
        prev = hash;
      }
      expect(problem()).toMatchObject({ seq: 41, message: expect.stringContaining('does not match the signed checkpoint') });
    });

    it('catches a forged checkpoint signature', () => {
      db.prepare("UPDATE audit_checkpoints SET signature = zeroblob(64)").run();
      expect(problem()).toMatchObject({ seq: 41, message: expect.stringContaining('invalid signature') });
    });
  });

  it('catches a deleted interval checkpoint', () => {
    append(CHECKPOINT_INTERVAL + 1);
    dropAuditTriggers(db);
    db.prepare('DELETE FROM audit_checkpoints').run();
    expect(problem()).toMatchObject({ seq: CHECKPOINT_INTERVAL, message: expect.stringContaining('interval checkpoint is missing') });
  });
});
