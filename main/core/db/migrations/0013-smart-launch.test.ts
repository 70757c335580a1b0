// Migration 0013 (SMART launch) on top of the ones before it: the client-id and token tables, one
// token row per user and target, and both die with their FHIR target or user.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.name === 'smart-launch');

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at));
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now');
    INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at)
      VALUES ('t1', 'EHR', 'fhir', 'https://ehr.example/fhir', 'none', 'now', 'now');
  `);
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const token = (d: Database.Database) => d.prepare(
  `INSERT INTO smart_tokens (user_id, target_id, access_token, refresh_token, expires_at, scope, token_endpoint, revocation_endpoint, updated_at)
   VALUES ('u1', 't1', 'a', 'r', '2026-01-01T00:00:00.000Z', 'launch', 'https://ehr.example/token', NULL, 'now')`,
);

describe('migration 0013 (SMART launch)', () => {
  it('is registered after the ones before it and sets user_version to its version', () => {
    expect(at).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
  });

  it('keeps one token row per user and target, and one client id per target', () => {
    token(db).run();
    expect(() => token(db).run()).toThrow(/UNIQUE|PRIMARY KEY/);
    db.prepare("INSERT INTO smart_clients (target_id, client_id, updated_at) VALUES ('t1', 'clinic-photo', 'now')").run();
    expect(() => db.prepare("INSERT INTO smart_clients (target_id, client_id, updated_at) VALUES ('t1', 'other', 'now')").run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare("INSERT INTO smart_clients (target_id, client_id, updated_at) VALUES ('nope', 'x', 'now')").run()).toThrow(/FOREIGN KEY/);
  });

  it('drops the tokens and client id with their target, and the tokens with their user', () => {
    token(db).run();
    db.prepare("INSERT INTO smart_clients (target_id, client_id, updated_at) VALUES ('t1', 'clinic-photo', 'now')").run();
    db.prepare("DELETE FROM delivery_targets WHERE id = 't1'").run();
    expect(db.prepare('SELECT count(*) FROM smart_tokens').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM smart_clients').pluck().get()).toBe(0);
  });
});
