// Migration 0005 on top of 0004: the access-control tables, the default settings row, the account
// expiry column, and the constraints that keep bad rows out.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const upTo = (version: number) => MIGRATIONS.filter((m) => m.version <= version);

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, upTo(4));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  db.prepare(
    `INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
     VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe\u001fjo', '1970-01-01', 'F', 'now', 'u1')`,
  ).run();
  migrate(db, upTo(5));
});

describe('migration 0005 (access control)', () => {
  it('sets user_version to 5, keeps the rows and adds a null access expiry to existing users', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT access_expires_at FROM users').pluck().all()).toEqual([null]);
    expect(db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);
  });

  it('creates the default settings: 60 minutes of break-glass, a 30-day care window', () => {
    expect(db.prepare('SELECT break_glass_minutes, care_window_days FROM access_settings').get()).toEqual({ break_glass_minutes: 60, care_window_days: 30 });
    expect(() => db.prepare('UPDATE access_settings SET break_glass_minutes = 0').run()).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO access_settings (id, break_glass_minutes, care_window_days) VALUES (2, 60, 30)').run()).toThrow(/CHECK/);
  });

  it('refuses unknown restriction categories and grants that end before they start', () => {
    expect(() =>
      db.prepare("INSERT INTO patient_restrictions (patient_id, category, reason, restricted_by, restricted_at) VALUES ('p1', 'celebrity', 'r', 'u1', 'now')").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO access_grants (id, user_id, patient_id, starts_at, expires_at, reason, granted_by, granted_at)
           VALUES ('g1', 'u1', NULL, '2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'r', 'u1', 'now')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('looks up live grants and break-glass by user through their indexes', () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('u', 'p', 'x', 'x') as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan('SELECT 1 FROM access_grants WHERE user_id = ? AND (patient_id IS NULL OR patient_id = ?) AND starts_at <= ? AND expires_at > ?')).toContain(
      'access_grants_by_user',
    );
    expect(plan('SELECT 1 FROM break_glass WHERE user_id = ? AND patient_id = ? AND started_at <= ? AND expires_at > ?')).toContain('break_glass_by_user_patient');
  });
});
