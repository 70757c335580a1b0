// Migration 0021 (gallery indexes): photos are kept, the patient and site indexes gain the id
// tie-break, and the visit and view indexes exist; a page after a cursor is an ordered index search.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, queryPlan, seedClinic, seedPhotoDeliveries } from './test-support/seed';

const VERSION = MIGRATIONS.find((m) => m.name === 'gallery-indexes')!.version;

let db: Database.Database;
let at: number;
beforeEach(() => {
  ({ db, at } = databaseBefore(VERSION));
  seedClinic(db);
  seedPhotoDeliveries(db, 50, () => 'queued');
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const columns = (index: string) => (db.pragma(`index_info(${index})`) as Array<{ name: string }>).map((c) => c.name);

describe('migration 0021 (gallery indexes)', () => {
  it('is registered last so far, sets user_version and keeps the photos', () => {
    expect(MIGRATIONS[at]!.name).toBe('gallery-indexes');
    expect(db.pragma('user_version', { simple: true })).toBe(VERSION);
    expect(db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(50);
  });

  it('indexes the patient, visit, site and view orders with the id tie-break', () => {
    expect(columns('photos_by_patient')).toEqual(['patient_id', 'captured_at', 'id']);
    expect(columns('photos_by_patient_site')).toEqual(['patient_id', 'body_site_code', 'laterality', 'captured_at', 'id']);
    expect(columns('photos_by_patient_encounter')).toEqual(['patient_id', 'encounter_id', 'captured_at', 'id']);
    expect(columns('photos_by_patient_view')).toEqual(['patient_id', 'body_site_code', 'laterality', 'view', 'captured_at', 'id']);
    expect(columns('photos_by_encounter')).toEqual(['encounter_id', 'captured_at', 'id']);
  });

  it('serves a keyset page after a cursor from the index, without a temporary sort', () => {
    const plan = queryPlan(db, "SELECT id FROM photos WHERE patient_id = ? AND (captured_at, id) < (?, ?) ORDER BY captured_at DESC, id DESC LIMIT 50", 'p1', 'z', 'z');
    expect(plan).toMatch(/SEARCH photos USING COVERING INDEX photos_by_patient \(patient_id=\? AND \(captured_at,id\)<\(\?,\?\)\)/);
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
