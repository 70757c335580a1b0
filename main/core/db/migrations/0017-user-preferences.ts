import type { Migration } from './index';

/**
 * Each user's own language (docs/localisation.md): `user_preferences.locale` is the user's choice,
 * NULL or no row meaning "as the workstation". The locale is checked against the shipped list in
 * the app, not here, so that shipping a locale needs no migration. The workstation's language is
 * not in the database: the sign-in screen needs it before anything is unlocked (it is a plain
 * file in the data directory, docs/storage-format.md).
 */
export const m0017UserPreferences: Migration = {
  version: 17,
  name: 'user-preferences',
  up(db) {
    db.exec(`
      CREATE TABLE user_preferences (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        locale TEXT CHECK (locale IS NULL OR (length(locale) BETWEEN 2 AND 35)),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
