// Migration 0016 on top of 0015: delivery_targets accepts the `dimse` kind and keeps every row (its
// consent purpose included) and every delivery's reference to it (foreign keys on, as the app runs), and the DIMSE, worklist
// settings and worklist order tables exist with their checks.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.name === 'dimse-worklist');

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at));
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now');
    INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
      VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe\u001fjo', '1970-01-01', 'F', 'now', 'u1');
    INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, auth_secret, purpose, created_at, created_by, updated_at)
      VALUES ('t1', 'PACS', 'dicomweb', 'https://pacs.example/dicom-web', 'basic', 's3cret', 'education', 'c', 'u1', 'u');
    INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('o1', 'o1', x'00', 1, 1, 'h', 'now'), ('t1b', 't1b', x'00', 1, 1, 'h', 'now');
    INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height, original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
      VALUES ('ph1', 'p1', NULL, '2026-01-01T00:00:00.000Z', 'u1', 'import', 'cli', 'image/jpeg', 10, 10, 'o1', 't1b', 10, 10);
    INSERT INTO deliveries (id, photo_id, target_id, kind, state, next_attempt_at, created_at, updated_at) VALUES ('d1', 'ph1', 't1', 'dicom', 'queued', 'now', 'now', 'now');
  `);
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

describe('migration 0016 (DIMSE targets, worklist)', () => {
  it('keeps every target with its secret, and the deliveries still reference it', () => {
    expect(db.prepare('SELECT id, kind, auth_secret, purpose, created_by FROM delivery_targets').all()).toEqual([{ id: 't1', kind: 'dicomweb', auth_secret: 's3cret', purpose: 'education', created_by: 'u1' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("DELETE FROM delivery_targets WHERE id = 't1'").run()).toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT count(*) FROM sqlite_temp_master WHERE name = 'delivery_targets_kept'").pluck().get()).toBe(0);
  });

  it('accepts the dimse kind and its settings, and refuses unknown kinds and methods', () => {
    db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at) VALUES ('t2', 'Old PACS', 'dimse', 'dicom://10.0.0.5:104', 'none', 'n', 'n')`);
    db.exec(`INSERT INTO dimse_targets (target_id, called_ae, calling_ae, tls, verification, commitment_port) VALUES ('t2', 'PACS', 'CAM1', 1, 'commitment', 11113)`);
    // Storage commitment needs the port the PACS reports back to.
    expect(() => db.exec(`UPDATE dimse_targets SET commitment_port = NULL WHERE target_id = 't2'`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at) VALUES ('t3', 'x', 'ftp', 'x', 'none', 'n', 'n')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO dimse_targets (target_id, called_ae, calling_ae, verification) VALUES ('t1', 'A', 'B', 'trust-me')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO dimse_targets (target_id, called_ae, calling_ae, verification) VALUES ('nope', 'A', 'B', 'find')`)).toThrow(/FOREIGN KEY/);
  });

  it('holds one worklist provider and orders tied to encounters', () => {
    db.exec(`INSERT INTO worklist_settings (id, host, port, called_ae, calling_ae, updated_at) VALUES (1, '127.0.0.1', 104, 'WL', 'CAM', 'n')`);
    expect(() => db.exec(`INSERT INTO worklist_settings (id, host, port, called_ae, calling_ae, updated_at) VALUES (2, 'h', 104, 'WL', 'CAM', 'n')`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE worklist_settings SET port = 70000`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO worklist_orders (encounter_id, accession_number, created_at) VALUES ('no-encounter', 'A1', 'n')`)).toThrow(/FOREIGN KEY/);
  });
});
