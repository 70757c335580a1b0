// Migration 0010 on top of 0009: account sponsors are backfilled from the audit trail's user
// creations, re-enables and role changes (and nothing else), and the alerts table is rebuilt with
// its rows, its index and the new `privacy-officer` kind.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.version === 10);
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at));
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('${A}', 'admin', 'Admin', 'administrator', 'now'),
      ('${B}', 'po', 'Officer', 'privacy_officer', 'now'), ('${C}', 'clin', 'Clin', 'clinician', 'now');
    INSERT INTO access_alerts (id, kind, raised_at, user_id, patient_id, ref_id) VALUES ('al1', 'self-grant', 't1', '${A}', NULL, 'g1');
  `);
  const audit = db.prepare("INSERT INTO audit_events (seq, at, workstation_id, user_id, action, outcome, detail, prev_hash, hash) VALUES (?, ?, 'w', ?, ?, ?, ?, 'p', 'h')");
  const rows: Array<[string, string, string, string]> = [
    [A, 'user.create', 'success', `user=${B};role=clinician`],
    [A, 'user.update', 'success', `user=${B};name`],
    [A, 'user.update', 'success', `user=${B};role=clinician>privacy_officer`],
    [A, 'user.enable', 'success', `user=${C}`],
    [A, 'user.create', 'failure', `user=${C};role=clinician`],
    [A, 'user.disable', 'success', `user=${C}`],
    [A, 'user.create', 'success', `user=${'d'.repeat(32)};role=clinician`],
  ];
  rows.forEach(([user, action, outcome, detail], i) => audit.run(i + 1, `t${i}`, user, action, outcome, detail));
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

describe('migration 0010 (account sponsors)', () => {
  it('is registered as the tenth and sets user_version to 10', () => {
    expect(at).toBe(9);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
  });

  it('backfills sponsors from successful creations, re-enables and role changes of existing accounts', () => {
    expect(db.prepare('SELECT user_id, sponsor_id, kind FROM account_sponsors ORDER BY at').all()).toEqual([
      { user_id: B, sponsor_id: A, kind: 'create' },
      { user_id: B, sponsor_id: A, kind: 'role' },
      { user_id: C, sponsor_id: A, kind: 'enable' },
    ]);
  });

  it('keeps the alerts and their index, and accepts the privacy-officer kind only besides the old ones', () => {
    expect(db.prepare('SELECT id, kind FROM access_alerts').all()).toEqual([{ id: 'al1', kind: 'self-grant' }]);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'access_alerts_by_raised'").pluck().get()).toBe(1);
    db.prepare(`INSERT INTO access_alerts (id, kind, raised_at, user_id, patient_id, ref_id) VALUES ('al2', 'privacy-officer', 't2', ?, NULL, ?)`).run(A, B);
    expect(() => db.prepare(`INSERT INTO access_alerts (id, kind, raised_at, user_id, ref_id) VALUES ('al3', 'other', 't3', ?, 'x')`).run(A)).toThrow(/CHECK/);
  });
});
