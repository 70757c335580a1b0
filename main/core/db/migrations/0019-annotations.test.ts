// Migration 0019 on top of the previous ones: annotation versions count up per photo and hold valid
// JSON, lesion numbers are unique per patient, measurements refuse unknown units and sources, and
// deleting a photo takes its versions and measurements with it (foreign keys on, as the app runs).
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.name === 'annotations');

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at + 1));
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now');
    INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
      VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe\u001fjo', '1970-01-01', 'F', 'now', 'u1');
    INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('o1', 'o1', x'00', 1, 1, 'h', 'now'), ('t1b', 't1b', x'00', 1, 1, 'h', 'now');
    INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height, original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
      VALUES ('ph1', 'p1', NULL, '2026-01-01T00:00:00.000Z', 'u1', 'import', 'cli', 'image/jpeg', 10, 10, 'o1', 't1b', 10, 10);
    INSERT INTO annotation_versions (id, photo_id, version, document, author_id, created_at) VALUES ('v1', 'ph1', 1, '{"calibration":null,"layers":[]}', 'u1', 'now');
    INSERT INTO lesions (id, patient_id, number, label, body_site_code, laterality, created_at, created_by) VALUES ('l1', 'p1', 1, 'Naevus', '368208006', 'left', 'now', 'u1');
    INSERT INTO lesion_measurements (photo_id, version_id, lesion_id, shape_id, kind, value, uncertainty, unit, source) VALUES ('ph1', 'v1', 'l1', 's1', 'length', 6.2, 0.2, 'mm', 'ruler');
  `);
});

describe('migration 0019 (annotations, lesions)', () => {
  it('keeps one row per photo and version, with valid JSON and a known author', () => {
    expect(() => db.exec(`INSERT INTO annotation_versions (id, photo_id, version, document, author_id, created_at) VALUES ('v2', 'ph1', 1, '{}', 'u1', 'now')`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`INSERT INTO annotation_versions (id, photo_id, version, document, author_id, created_at) VALUES ('v2', 'ph1', 2, 'not json', 'u1', 'now')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO annotation_versions (id, photo_id, version, document, author_id, created_at) VALUES ('v2', 'ph1', 2, '{}', 'nobody', 'now')`)).toThrow(/FOREIGN KEY/);
    db.exec(`INSERT INTO annotation_versions (id, photo_id, version, document, author_id, created_at, reason) VALUES ('v2', 'ph1', 2, '{}', 'u1', 'now', 'Border redrawn')`);
    expect(db.prepare("SELECT max(version) FROM annotation_versions WHERE photo_id = 'ph1'").pluck().get()).toBe(2);
  });

  it('numbers lesions once per patient and refuses unknown measurement units and sources', () => {
    expect(() => db.exec(`INSERT INTO lesions (id, patient_id, number, label, created_at, created_by) VALUES ('l2', 'p1', 1, 'Other', 'now', 'u1')`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`INSERT INTO lesion_measurements (photo_id, version_id, lesion_id, shape_id, kind, value, uncertainty, unit, source) VALUES ('ph1', 'v1', 'l1', 's2', 'length', 1, 0, 'inch', 'ruler')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO lesion_measurements (photo_id, version_id, lesion_id, shape_id, kind, value, uncertainty, unit, source) VALUES ('ph1', 'v1', 'l1', 's2', 'length', 1, 0, 'mm', 'exif')`)).toThrow(/CHECK/);
  });

  it('queues one presentation-state delivery per photo and target, with known states only', () => {
    db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at) VALUES ('t1', 'PACS', 'dicomweb', 'https://pacs.example/dicom-web', 'none', 'n', 'n')`);
    const insert = (id: string, state: string) =>
      db.exec(`INSERT INTO annotation_deliveries (id, photo_id, target_id, version, state, next_attempt_at, created_at, updated_at) VALUES ('${id}', 'ph1', 't1', 1, '${state}', 'n', 'n', 'n')`);
    insert('a1', 'queued');
    expect(() => insert('a2', 'queued')).toThrow(/UNIQUE/);
    db.exec(`DELETE FROM annotation_deliveries`);
    expect(() => insert('a3', 'sent')).toThrow(/CHECK/);
    insert('a4', 'queued');
    db.exec(`DELETE FROM photos WHERE id = 'ph1'`);
    expect(db.prepare('SELECT count(*) FROM annotation_deliveries').pluck().get()).toBe(0);
  });

  it('deletes a photo with its versions and measurements, and serves a lesion by index', () => {
    db.exec(`DELETE FROM photos WHERE id = 'ph1'`);
    expect(db.prepare('SELECT count(*) FROM annotation_versions').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM lesion_measurements').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM lesions').pluck().get()).toBe(1);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM lesion_measurements WHERE lesion_id = 'l1'`).all() as Array<{ detail: string }>;
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/lesion_measurements_by_lesion/);
  });
});
