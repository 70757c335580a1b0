// Migration 0007 on top of the earlier ones: capture metadata columns on photos, existing photos
// kept with NULL metadata, the laterality check, and the ghost-overlay lookup served by its index.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.version === 7);

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
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
});

describe('migration 0007 (capture standards)', () => {
  it('is registered as the seventh and sets user_version to 7', () => {
    expect(at).toBe(6);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
  });

  it('keeps existing photos, with no capture metadata', () => {
    const row = db.prepare("SELECT body_site_code, laterality, view, quality_sharpness, exif_make FROM photos WHERE id = 'ph1'").get();
    expect(row).toEqual({ body_site_code: null, laterality: null, view: null, quality_sharpness: null, exif_make: null });
  });

  it('refuses a laterality outside the controlled list', () => {
    expect(() => db.prepare("UPDATE photos SET laterality = 'both' WHERE id = 'ph1'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE photos SET laterality = 'left', body_site_code = '33712006' WHERE id = 'ph1'").run();
  });

  it('finds the previous photo of a site and side from the index, without a temporary sort', () => {
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM photos WHERE patient_id = ? AND body_site_code = ? AND laterality = ?
           ORDER BY captured_at DESC LIMIT 1`,
        )
        .all('p1', '33712006', 'left') as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('photos_by_patient_site');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
