// Migration 0020 (compare): alignments are checked rows tied to two photos of one patient and go
// with a deleted photo; the newest alignment of a pair is read from its index; renditions are one
// per photo and edge, each its own blob.
import type Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, queryPlan, seedClinic, seedPhotoDeliveries } from './test-support/seed';

const VERSION = MIGRATIONS.find((m) => m.name === 'compare')!.version;

let db: Database.Database;
beforeEach(() => {
  const before = databaseBefore(VERSION);
  db = before.db;
  seedClinic(db);
  seedPhotoDeliveries(db, 3, () => 'queued');
  migrate(db, MIGRATIONS.slice(0, before.at + 1));
});

const align = (id: string, from: string, to: string, overrides: Partial<Record<'method' | 'model' | 'inliers', string | number>> = {}) =>
  db
    .prepare(
      `INSERT INTO photo_alignments (id, patient_id, from_photo_id, to_photo_id, from_sha256, to_sha256, method, model, matrix, inliers, rms_px, parameters, created_by, created_at)
       VALUES (?, 'p1', ?, ?, 'a', 'b', ?, ?, '[[1,0,0],[0,1,0],[0,0,1]]', ?, 0.5, '{}', 'u1', ?)`,
    )
    .run(id, from, to, overrides.method ?? 'auto', overrides.model ?? 'similarity', overrides.inliers ?? 40, `2026-01-0${id.length}T00:00:00.000Z`);

describe('migration 0020 (compare)', () => {
  it('sets user_version to its number', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(VERSION);
  });

  it('checks method, model, quality and that a photo is not aligned onto itself', () => {
    align('a1', 'ph0', 'ph1');
    expect(() => align('a2', 'ph0', 'ph1', { method: 'guess' })).toThrow(/CHECK/);
    expect(() => align('a3', 'ph0', 'ph1', { model: 'affine' })).toThrow(/CHECK/);
    expect(() => align('a4', 'ph0', 'ph1', { inliers: -1 })).toThrow(/CHECK/);
    expect(() => align('a5', 'ph0', 'ph0')).toThrow(/CHECK/);
    expect(() => align('a6', 'ph0', 'nope')).toThrow(/FOREIGN KEY/);
  });

  it('drops the alignments of a deleted photo', () => {
    align('a1', 'ph0', 'ph1');
    align('a22', 'ph0', 'ph2');
    db.exec("DELETE FROM deliveries WHERE photo_id = 'ph1'");
    db.exec("DELETE FROM photos WHERE id = 'ph1'");
    expect(db.prepare('SELECT id FROM photo_alignments').all()).toEqual([{ id: 'a22' }]);
  });

  it('reads the newest alignment of a pair from its index', () => {
    const plan = queryPlan(db, 'SELECT id FROM photo_alignments WHERE from_photo_id = ? AND to_photo_id = ? ORDER BY created_at DESC LIMIT 1', 'ph0', 'ph1');
    expect(plan).toContain('photo_alignments_pair');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('keeps one rendition per photo and edge, each its own blob', () => {
    db.exec("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('r1', 'r1', x'00', 1, 1, 'h', 'now'), ('r2', 'r2', x'00', 1, 1, 'h', 'now')");
    const add = (blob: string, edge: number) => db.prepare("INSERT INTO photo_renditions (photo_id, edge, blob_id, width, height, created_at) VALUES ('ph0', ?, ?, 10, 10, 'now')").run(edge, blob);
    add('r1', 1024);
    expect(() => add('r2', 1024)).toThrow(/UNIQUE/);
    expect(() => add('r1', 2048)).toThrow(/UNIQUE/);
    expect(() => add('r2', 0)).toThrow(/CHECK/);
  });
});
