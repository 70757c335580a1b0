// Migration 0004 on top of the earlier ones: new identity tables, the default settings, and the
// existing users kept with no forced password change.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.version === 4);

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, at));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

describe('migration 0004 (identity)', () => {
  it('is registered and sets user_version to 4', () => {
    expect(at).toBe(3);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
  });

  it('keeps existing users without a forced password change', () => {
    expect(db.prepare("SELECT must_change_password FROM users WHERE id = 'u1'").pluck().get()).toBe(0);
    expect(() => db.prepare("UPDATE users SET must_change_password = 2 WHERE id = 'u1'").run()).toThrow(/CHECK/);
  });

  it('defaults to a five-minute idle lock and no required second factor', () => {
    expect(db.prepare('SELECT idle_lock_seconds, second_factor_roles FROM security_settings').get()).toEqual({ idle_lock_seconds: 300, second_factor_roles: '[]' });
    expect(() => db.prepare('INSERT INTO security_settings (id, idle_lock_seconds) VALUES (2, 60)').run()).toThrow(/CHECK/);
  });

  it('refuses TOTP rows and recovery codes for unknown users', () => {
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare("INSERT INTO user_totp (user_id, secret, created_at) VALUES ('nobody', x'00', 'now')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO user_recovery_codes (user_id, code_digest) VALUES ('u1', 'd1')").run();
    expect(() => db.prepare("INSERT INTO user_recovery_codes (user_id, code_digest) VALUES ('u1', 'd1')").run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
