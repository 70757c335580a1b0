// Identity (issue 3): first-sign-in password change, the TOTP second factor with its one-time
// recovery codes, and the clinic's session security settings. Passwords themselves live only in
// vault key slots; the database never holds a password hash.
import type { Migration } from './index';

export const m0004Identity: Migration = {
  version: 4,
  name: 'identity',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));

      -- One TOTP secret per user. pending rows (confirmed_at NULL) are enrollments not yet proven
      -- with a code; last_step is the last accepted time step, so a code is never accepted twice.
      CREATE TABLE user_totp (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        secret BLOB NOT NULL,
        created_at TEXT NOT NULL,
        confirmed_at TEXT,
        last_step INTEGER
      );

      -- Recovery codes, stored only as a keyed digest; used_at marks a code spent.
      CREATE TABLE user_recovery_codes (
        user_id TEXT NOT NULL REFERENCES users(id),
        code_digest TEXT NOT NULL,
        used_at TEXT,
        PRIMARY KEY (user_id, code_digest)
      ) WITHOUT ROWID;

      CREATE TABLE security_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        idle_lock_seconds INTEGER NOT NULL CHECK (idle_lock_seconds > 0),
        second_factor_roles TEXT NOT NULL DEFAULT '[]'
      );
      INSERT INTO security_settings (id, idle_lock_seconds, second_factor_roles) VALUES (1, 300, '[]');
    `);
  },
};
