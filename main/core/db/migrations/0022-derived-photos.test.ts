// Migration 0022 (derived photos): photos is rebuilt to accept source 'derived' without losing a
// row of it or of anything that points at it (the DROP would otherwise cascade), with every index
// and foreign key as before; derivations and their sources are checked rows.
import type Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, seedClinic, seedPhotoDeliveries } from './test-support/seed';

const VERSION = MIGRATIONS.find((m) => m.name === 'derived-photos')!.version;
const CHILDREN = ['deliveries', 'photo_corrections', 'annotation_versions', 'lesions', 'lesion_measurements', 'annotation_deliveries', 'photo_alignments', 'photo_renditions'];

let db: Database.Database;
let at: number;
const countsOf = () => Object.fromEntries(['photos', ...CHILDREN].map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
const schemaOf = (table: string) => ({
  columns: db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(table),
  keys: db.prepare(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY "from"`).all(table),
  indexes: db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name`).all(table),
});

beforeEach(() => {
  const before = databaseBefore(VERSION);
  db = before.db;
  at = before.at;
  seedClinic(db);
  seedPhotoDeliveries(db, 3, () => 'queued');
  db.exec(`
    UPDATE photos SET body_site_code = '123', laterality = 'left', view = 'front', revision = 2, recognizable = 1 WHERE id = 'ph1';
    INSERT INTO photo_corrections (id, photo_id, kind, corrected_at, corrected_by, reason, before_json, after_json, revision)
      VALUES ('c1', 'ph1', 'edit', 'now', 'u1', 'wrong site', '{}', '{}', 1);
    INSERT INTO annotation_versions (id, photo_id, version, document, author_id, created_at) VALUES ('v1', 'ph0', 1, '{}', 'u1', 'now');
    INSERT INTO lesions (id, patient_id, number, label, created_at, created_by) VALUES ('l1', 'p1', 1, 'naevus', 'now', 'u1');
    INSERT INTO lesion_measurements (photo_id, version_id, lesion_id, shape_id, kind, value, uncertainty, unit, source)
      VALUES ('ph0', 'v1', 'l1', 's1', 'length', 4.2, 0.1, 'mm', 'manual');
    INSERT INTO annotation_deliveries (id, photo_id, target_id, version, state, next_attempt_at, created_at, updated_at)
      VALUES ('ad1', 'ph0', 't1', 1, 'queued', 'now', 'now', 'now');
    INSERT INTO photo_alignments (id, patient_id, from_photo_id, to_photo_id, from_sha256, to_sha256, method, model, matrix, inliers, rms_px, parameters, created_by, created_at)
      VALUES ('a1', 'p1', 'ph0', 'ph1', 'a', 'b', 'auto', 'similarity', '[]', 40, 0.5, '{}', 'u1', 'now');
    INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('r1', 'r1', x'00', 1, 1, 'h', 'now');
    INSERT INTO photo_renditions (photo_id, edge, blob_id, width, height, created_at) VALUES ('ph1', 2048, 'r1', 10, 10, 'now');
  `);
});

describe('migration 0022 (derived photos)', () => {
  it('keeps every photo and every row that points at one, byte for byte', () => {
    const dump = (t: string) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
    const before = Object.fromEntries(['photos', ...CHILDREN].map((t) => [t, dump(t)]));
    const counts = countsOf();
    migrate(db, MIGRATIONS.slice(0, at + 1));
    expect(db.pragma('user_version', { simple: true })).toBe(VERSION);
    expect(countsOf()).toEqual(counts);
    for (const t of ['photos', ...CHILDREN]) expect(dump(t), t).toEqual(before[t]);
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('keeps every column, index and foreign key of photos and of the tables pointing at it', () => {
    const before = Object.fromEntries(['photos', ...CHILDREN].map((t) => [t, schemaOf(t)]));
    migrate(db, MIGRATIONS.slice(0, at + 1));
    for (const t of ['photos', ...CHILDREN]) expect(schemaOf(t), t).toEqual(before[t]);
  });

  it('accepts source derived and still refuses anything else', () => {
    migrate(db, MIGRATIONS.slice(0, at + 1));
    db.exec("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('o9', 'o9', x'00', 1, 1, 'h', 'now'), ('t9', 't9', x'00', 1, 1, 'h', 'now'), ('o8', 'o8', x'00', 1, 1, 'h', 'now'), ('t8', 't8', x'00', 1, 1, 'h', 'now')");
    const add = (id: string, source: string, o: string, t: string) =>
      db
        .prepare(
          `INSERT INTO photos (id, patient_id, captured_at, captured_by, source, device, mime, width, height, original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
           VALUES (?, 'p1', 'now', 'u1', ?, 'app', 'image/jpeg', 10, 10, ?, ?, 10, 10)`,
        )
        .run(id, source, o, t);
    add('d1', 'derived', 'o9', 't9');
    expect(() => add('d2', 'scanner', 'o8', 't8')).toThrow(/CHECK/);
    expect(() => db.exec("UPDATE photos SET laterality = 'middle' WHERE id = 'd1'")).toThrow(/CHECK/);
    // the tables below still point at the rebuilt table: deleting a photo still takes its rows along
    db.exec("DELETE FROM photos WHERE id = 'ph0'");
    expect(db.prepare("SELECT count(*) AS n FROM deliveries WHERE photo_id = 'ph0'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM lesion_measurements").get()).toEqual({ n: 0 });
  });

  it('checks derivations: mode, slider position, sources in order, never itself, a source kept while named', () => {
    migrate(db, MIGRATIONS.slice(0, at + 1));
    const derive = (mode: string, position: number | null) =>
      db.prepare("INSERT INTO photo_derivations (photo_id, kind, mode, slider_position, alignment_id, note, created_by, created_at) VALUES ('ph2', 'comparison', ?, ?, 'a1', 'referral', 'u1', 'now')").run(mode, position);
    expect(() => derive('overlay', null)).toThrow(/CHECK/);
    expect(() => derive('slider', null)).toThrow(/CHECK/);
    expect(() => derive('slider', 1.5)).toThrow(/CHECK/);
    expect(() => derive('side-by-side', 0.5)).toThrow(/CHECK/);
    derive('slider', 0.5);
    const source = (position: number, id: string) =>
      db.prepare("INSERT INTO photo_derivation_sources (photo_id, position, source_photo_id, source_revision) VALUES ('ph2', ?, ?, 0)").run(position, id);
    source(0, 'ph0');
    source(1, 'ph1');
    expect(() => source(2, 'ph2')).toThrow(/CHECK/);
    expect(() => source(1, 'ph0')).toThrow(/UNIQUE/);
    db.exec("DELETE FROM deliveries WHERE photo_id = 'ph1'");
    expect(() => db.exec("DELETE FROM photos WHERE id = 'ph1'")).toThrow(/FOREIGN KEY/);
    db.exec("DELETE FROM photo_alignments");
    db.exec("DELETE FROM deliveries WHERE photo_id = 'ph2'");
    db.exec("DELETE FROM photos WHERE id = 'ph2'");
    expect(db.prepare('SELECT count(*) AS n FROM photo_derivation_sources').get()).toEqual({ n: 0 });
  });
});
