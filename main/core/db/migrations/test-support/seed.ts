// What migration tests put in a database before the migration under test runs: an in-memory
// database migrated up to just before it, one user, patient and DICOMweb target, and photos with
// one outbox row each. The columns used exist from migration 8 on and no later migration changes
// them, so these stay valid for every test that uses them (each migration's test is still written
// against its own schema; only the common rows are shared).
import Database from 'better-sqlite3-multiple-ciphers';
import { MIGRATIONS, migrate } from '../index';

/** A fresh database with every migration before `version` applied; `at` is its index in the list. */
export function databaseBefore(version: number): { db: Database.Database; at: number } {
  const at = MIGRATIONS.findIndex((m) => m.version === version);
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at));
  return { db, at };
}

/** User u1 (administrator), patient p1 and, unless told not to, the DICOMweb target t1. */
export function seedClinic(db: Database.Database, options: { target?: boolean } = {}): void {
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now');
    INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
      VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe\u001fjo', '1970-01-01', 'F', 'now', 'u1');
  `);
  if (options.target !== false) {
    db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at)
               VALUES ('t1', 'PACS', 'dicomweb', 'https://pacs.example/dicom-web', 'none', 'now', 'now')`);
  }
}

/** `count` imported photos ph<i> of p1, each with one DICOM delivery d<i> to t1 in `stateOf(i)`. */
export function seedPhotoDeliveries(db: Database.Database, count: number, stateOf: (i: number) => string): void {
  const blob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')");
  const photo = db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
     VALUES (?, 'p1', NULL, '2026-01-01T00:00:00.000Z', 'u1', 'import', 'cli', 'image/jpeg', 10, 10, ?, ?, 10, 10)`,
  );
  const delivery = db.prepare(
    `INSERT INTO deliveries (id, photo_id, target_id, kind, state, next_attempt_at, created_at, updated_at) VALUES (?, ?, 't1', 'dicom', ?, ?, 'now', 'now')`,
  );
  for (let i = 0; i < count; i++) {
    for (const b of [`o${i}`, `t${i}`]) blob.run(b, b);
    photo.run(`ph${i}`, `o${i}`, `t${i}`);
    delivery.run(`d${i}`, `ph${i}`, stateOf(i), `2026-01-01T00:${String(i % 60).padStart(2, '0')}:00.000Z`);
  }
}

/** The query plan's details, one per line (for the index tests). */
export const queryPlan = (db: Database.Database, sql: string, ...args: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
