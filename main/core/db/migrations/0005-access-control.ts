// Access control (issue 3): restricted patients, time-bound grants, break-glass sessions, alerts for
// the privacy officer, the clinic's access settings, and an access expiry on staff accounts.
// Free-text reasons live here, in the encrypted database, never in logs or audit details.
import type { Migration } from './index';

export const m0005AccessControl: Migration = {
  version: 5,
  name: 'access-control',
  up(db) {
    db.exec(`
      -- After this instant the account may not sign in or open patients (e.g. a locum's last day).
      ALTER TABLE users ADD COLUMN access_expires_at TEXT;

      CREATE TABLE patient_restrictions (
        patient_id TEXT PRIMARY KEY REFERENCES patients(id),
        category TEXT NOT NULL CHECK (category IN ('staff','vip','legal','patient-request','other')),
        reason TEXT NOT NULL,
        restricted_by TEXT NOT NULL REFERENCES users(id),
        restricted_at TEXT NOT NULL
      );

      -- patient_id NULL: every patient, restricted ones included. A grant never adds permissions
      -- beyond the grantee's role; it lifts the patient-level rules for its scope and window.
      CREATE TABLE access_grants (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        patient_id TEXT REFERENCES patients(id),
        starts_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        granted_by TEXT NOT NULL REFERENCES users(id),
        granted_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT REFERENCES users(id),
        CHECK (expires_at > starts_at)
      );
      CREATE INDEX access_grants_by_user ON access_grants (user_id, expires_at);

      CREATE TABLE break_glass (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        patient_id TEXT NOT NULL REFERENCES patients(id),
        category TEXT NOT NULL,
        reason TEXT NOT NULL,
        started_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        ended_at TEXT
      );
      CREATE INDEX break_glass_by_user_patient ON break_glass (user_id, patient_id, expires_at);

      CREATE TABLE access_alerts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('break-glass','self-grant')),
        raised_at TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id),
        patient_id TEXT REFERENCES patients(id),
        ref_id TEXT NOT NULL,
        acknowledged_at TEXT,
        acknowledged_by TEXT REFERENCES users(id)
      );
      CREATE INDEX access_alerts_by_raised ON access_alerts (raised_at);

      CREATE TABLE access_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        break_glass_minutes INTEGER NOT NULL CHECK (break_glass_minutes BETWEEN 5 AND 720),
        care_window_days INTEGER NOT NULL CHECK (care_window_days BETWEEN 1 AND 3650)
      );
      INSERT INTO access_settings (id, break_glass_minutes, care_window_days) VALUES (1, 60, 30);
    `);
  },
};
