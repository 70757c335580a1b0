// Migration 0008 on top of the earlier ones: the outbox tables, their checks, one row per photo ×
// target, the cascade from a discarded capture, and the worker's due-row query served by its index.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.version === 8);

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at));
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now');
    INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
      VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe\u001fjo', '1970-01-01', 'F', 'now', 'u1');
    INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES
      ('b1', 'f1', x'00', 1, 1, 'h', 'now'), ('b2', 'f2', x'00', 1, 1, 'h', 'now');
    INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                        original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
      VALUES ('ph1', 'p1', NULL, '2026-01-01T00:00:00.000Z', 'u1', 'import', 'cli', 'image/jpeg', 10, 10, 'b1', 'b2', 10, 10);
  `);
  migrate(db, MIGRATIONS.slice(0, at + 1));
  db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at)
           VALUES ('t1', 'PACS', 'dicomweb', 'https://pacs.example/dicom-web', 'none', 'now', 'now')`);
});

const insertDelivery = (id: string, state = 'queued') =>
  db
    .prepare(`INSERT INTO deliveries (id, photo_id, target_id, kind, state, next_attempt_at, created_at, updated_at) VALUES (?, 'ph1', 't1', 'dicom', ?, 'now', 'now', 'now')`)
    .run(id, state);

describe('migration 0008 (outbox)', () => {
  it('is registered as the eighth and sets user_version to 8', () => {
    expect(at).toBe(7);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
  });

  it('keeps one delivery per photo and target, with a known state', () => {
    insertDelivery('d1');
    expect(() => insertDelivery('d2')).toThrow(/UNIQUE/);
    db.exec("DELETE FROM deliveries");
    expect(() => insertDelivery('d3', 'lost')).toThrow(/CHECK/);
  });

  it('refuses a target kind or auth kind outside the list', () => {
    expect(() => db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at) VALUES ('t2', 'S3', 's3', 'x', 'none', 'now', 'now')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at) VALUES ('t3', 'X', 'fhir', 'x', 'digest', 'now', 'now')`)).toThrow(/CHECK/);
  });

  it('drops queued rows with a discarded capture', () => {
    insertDelivery('d1');
    db.exec("DELETE FROM photos WHERE id = 'ph1'");
    expect(db.prepare('SELECT count(*) FROM deliveries').pluck().get()).toBe(0);
  });

  it("finds due rows from the index, without a temporary sort", () => {
    const plan = (
      db.prepare("EXPLAIN QUERY PLAN SELECT id FROM deliveries WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 8").all('queued', 'z') as Array<{
        detail: string;
      }>
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('deliveries_due');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
