// Migration 0017 on top of 0016: a user's language is one row per user, tied to the user.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.name === 'user-preferences');

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at));
  db.exec(`INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')`);
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

describe('migration 0017 (user preferences)', () => {
  it('keeps one language per existing user and none for an unknown user', () => {
    db.exec(`INSERT INTO user_preferences (user_id, locale, updated_at) VALUES ('u1', 'de', 'now')`);
    expect(db.prepare('SELECT user_id, locale FROM user_preferences').all()).toEqual([{ user_id: 'u1', locale: 'de' }]);
    expect(() => db.exec(`INSERT INTO user_preferences (user_id, locale, updated_at) VALUES ('u1', 'fr', 'now')`)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.exec(`INSERT INTO user_preferences (user_id, locale, updated_at) VALUES ('nobody', 'fr', 'now')`)).toThrow(/FOREIGN KEY/);
  });
  it('allows "as the workstation" (NULL) and refuses what cannot be a language tag', () => {
    db.exec(`INSERT INTO user_preferences (user_id, locale, updated_at) VALUES ('u1', NULL, 'now')`);
    expect(() => db.exec(`UPDATE user_preferences SET locale = 'x' WHERE user_id = 'u1'`)).toThrow(/CHECK/);
  });
});
