// Migration 0014 on top of 0013: the interop settings row exists with every value unset (the
// defaults apply), photos from before keep their time as their acquisition time in UTC (imports
// marked as not the camera's time), no photo is marked recognizable by hand, and a lookup by the
// original's SHA-256 uses the new index instead of scanning the blobs.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, seedClinic } from './test-support/seed';

let db: Database.Database;
let at: number;
beforeEach(() => {
  ({ db, at } = databaseBefore(14));
  seedClinic(db, { target: false });
  const blob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, ?, 'now')");
  const photo = db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
     VALUES (?, 'p1', NULL, ?, 'u1', ?, 'cli', 'image/jpeg', 10, 10, ?, ?, 10, 10)`,
  );
  for (let i = 0; i < 300; i++) {
    blob.run(`o${i}`, `o${i}`, `hash-o${i}`);
    blob.run(`t${i}`, `t${i}`, `hash-t${i}`);
    photo.run(`ph${i}`, `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`, i % 2 ? 'camera' : 'import', `o${i}`, `t${i}`);
  }
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

describe('migration 0014 (interop settings, acquisition time, recognizable, duplicate lookup)', () => {
  it('is registered as the fourteenth and sets user_version to 14', () => {
    expect(at).toBe(13);
    expect(db.pragma('user_version', { simple: true })).toBe(14);
  });

  it('creates the one interop settings row with every value unset, and refuses a second row', () => {
    expect(db.prepare('SELECT * FROM interop_settings').all()).toEqual([
      { id: 1, dicom_org_uid_root: null, fhir_mrn_system: null, dicom_issuer_of_patient_id: null, updated_at: null, updated_by: null },
    ]);
    expect(() => db.prepare('INSERT INTO interop_settings (id) VALUES (2)').run()).toThrow(/CHECK/);
  });

  it('gives every existing photo its recorded time as acquisition time, in UTC, imports marked as not from the camera', () => {
    const rows = db.prepare('SELECT source, acquired_time_origin AS origin, count(*) AS n FROM photos WHERE acquired_at = captured_at AND acquired_utc_offset = 0 AND recognizable IS NULL GROUP BY 1, 2 ORDER BY 1').all();
    expect(rows).toEqual([
      { source: 'camera', origin: 'capture', n: 150 },
      { source: 'import', origin: 'import', n: 150 },
    ]);
    expect(() => db.prepare("UPDATE photos SET acquired_time_origin = 'guess' WHERE id = 'ph1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE photos SET recognizable = 2 WHERE id = 'ph1'").run()).toThrow(/CHECK/);
  });

  it('finds a photo by its original SHA-256 through the new index', () => {
    const sql = 'SELECT p.id FROM blobs b JOIN photos p ON p.original_blob_id = b.id WHERE b.sha256 = ?';
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('hash-o7') as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toContain('USING INDEX blobs_by_sha256');
    expect(plan).not.toMatch(/SCAN b\b/);
    expect(db.prepare(sql).pluck().all('hash-o7')).toEqual(['ph7']);
  });
});
