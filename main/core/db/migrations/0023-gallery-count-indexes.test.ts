// Migration 0023 (gallery count indexes): the photos are kept, and the counts per visit, per site
// and per patient read only the two new indexes (covering), never a photo row; a deleted photo is
// outside the live range.
import type Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, queryPlan, seedClinic, seedPhotoDeliveries } from './test-support/seed';

const VERSION = MIGRATIONS.find((m) => m.name === 'gallery-count-indexes')!.version;

let db: Database.Database;
let at: number;
beforeEach(() => {
  ({ db, at } = databaseBefore(VERSION));
  seedClinic(db);
  seedPhotoDeliveries(db, 20, () => 'queued');
  db.exec("UPDATE photos SET deleted_at = 'now' WHERE id = 'ph0'");
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const columns = (index: string) => (db.pragma(`index_info(${index})`) as Array<{ name: string }>).map((c) => c.name);

describe('migration 0023 (gallery count indexes)', () => {
  it('sets user_version and keeps the photos', () => {
    expect(MIGRATIONS[at]!.name).toBe('gallery-count-indexes');
    expect(db.pragma('user_version', { simple: true })).toBe(VERSION);
    expect(db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(20);
  });

  it('indexes the live photos of a patient by visit and by site with every column the counts read', () => {
    expect(columns('photos_live_by_patient_encounter')).toEqual(['patient_id', 'deleted_at', 'encounter_id', 'captured_at', 'id']);
    expect(columns('photos_live_by_patient_site')).toEqual(['patient_id', 'deleted_at', 'body_site_code', 'laterality', 'captured_at', 'body_site_display']);
  });

  it('counts per visit, per site and per patient from a covering index, deleted photos left out', () => {
    const visit = 'SELECT encounter_id, count(*) AS n, max(captured_at) FROM photos WHERE patient_id = ? AND deleted_at IS NULL GROUP BY encounter_id';
    const site = 'SELECT body_site_code, max(body_site_display), laterality, count(*) AS n, max(captured_at) FROM photos WHERE patient_id = ? AND deleted_at IS NULL GROUP BY body_site_code, laterality';
    expect(queryPlan(db, visit, 'p1')).toMatch(/SEARCH photos USING COVERING INDEX photos_live_by_patient_encounter \(patient_id=\? AND deleted_at=\?\)/);
    expect(queryPlan(db, site, 'p1')).toMatch(/SEARCH photos USING COVERING INDEX photos_live_by_patient_site \(patient_id=\? AND deleted_at=\?\)/);
    expect((db.prepare(visit).get('p1') as { n: number }).n).toBe(19);
    expect((db.prepare(site).get('p1') as { n: number }).n).toBe(19);
  });
});
