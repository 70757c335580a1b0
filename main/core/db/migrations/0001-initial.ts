import type { Migration } from './index';

export const m0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE clinic (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );

      CREATE TABLE patients (
        id TEXT PRIMARY KEY,
        mrn TEXT NOT NULL UNIQUE COLLATE NOCASE,
        family_name TEXT NOT NULL,
        given_name TEXT NOT NULL,
        search_name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('F','M','O','U')),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id)
      );
      CREATE INDEX patients_by_search_name ON patients (search_name);
      CREATE INDEX patients_by_birth_date ON patients (birth_date);

      CREATE TABLE encounters (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        provider_id TEXT NOT NULL REFERENCES users(id),
        started_at TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX encounters_by_patient ON encounters (patient_id, started_at);

      -- One row per sealed file. The per-file key is stored wrapped under the vault's blob KEK of
      -- key_version; deleting the row crypto-shreds the file.
      CREATE TABLE blobs (
        id TEXT PRIMARY KEY,
        file_name TEXT NOT NULL UNIQUE,
        wrapped_key BLOB NOT NULL,
        key_version INTEGER NOT NULL,
        byte_size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE photos (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        encounter_id TEXT REFERENCES encounters(id),
        captured_at TEXT NOT NULL,
        captured_by TEXT NOT NULL REFERENCES users(id),
        source TEXT NOT NULL CHECK (source IN ('camera','import')),
        device TEXT NOT NULL,
        mime TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        original_blob_id TEXT NOT NULL UNIQUE REFERENCES blobs(id),
        thumbnail_blob_id TEXT NOT NULL UNIQUE REFERENCES blobs(id),
        thumbnail_width INTEGER NOT NULL,
        thumbnail_height INTEGER NOT NULL
      );
      CREATE INDEX photos_by_patient ON photos (patient_id, captured_at);

      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_id TEXT,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('success','denied','failure')),
        patient_id TEXT,
        photo_id TEXT,
        detail TEXT NOT NULL DEFAULT ''
      );
    `);
  },
};
