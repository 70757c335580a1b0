// Migration 0023 (gallery count indexes): the photos are kept; the visit and site indexes keep their
// names and order, gain what the counts read, have statistics, and cover the counts per visit and
// per site (no photo row read); a deleted photo is not counted.
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

  it('keeps the visit and site orders (with the id tie-break) and appends what the counts read', () => {
    expect(columns('photos_by_patient_encounter')).toEqual(['patient_id', 'encounter_id', 'captured_at', 'id', 'deleted_at']);
    expect(columns('photos_by_patient_site')).toEqual(['patient_id', 'body_site_code', 'laterality', 'captured_at', 'id', 'deleted_at', 'body_site_display']);
  });

  it('leaves statistics for both, so the planner does not take them for a few rows per patient', () => {
    // 20 photos of one patient: "20 20" is rows in the index, then rows per patient.
    const stats = db.prepare("SELECT idx, stat FROM sqlite_stat1 WHERE idx IN ('photos_by_patient_encounter', 'photos_by_patient_site') ORDER BY idx").all();
    expect(stats).toEqual([
      { idx: 'photos_by_patient_encounter', stat: expect.stringMatching(/^20 20\b/) as unknown },
      { idx: 'photos_by_patient_site', stat: expect.stringMatching(/^20 20\b/) as unknown },
    ]);
  });

  it('counts per visit and per site from a covering index, deleted photos left out', () => {
    const visit = 'SELECT encounter_id, count(*) AS n, max(captured_at) FROM photos WHERE patient_id = ? AND deleted_at IS NULL GROUP BY encounter_id';
    const site = 'SELECT body_site_code, max(body_site_display), laterality, count(*) AS n, max(captured_at) FROM photos WHERE patient_id = ? AND deleted_at IS NULL GROUP BY body_site_code, laterality';
    expect(queryPlan(db, visit, 'p1')).toMatch(/SEARCH photos USING COVERING INDEX photos_by_patient_encounter \(patient_id=\?\)/);
    expect(queryPlan(db, site, 'p1')).toMatch(/SEARCH photos USING COVERING INDEX photos_by_patient_site \(patient_id=\?\)/);
    expect((db.prepare(visit).get('p1') as { n: number }).n).toBe(19);
    expect((db.prepare(site).get('p1') as { n: number }).n).toBe(19);
  });
});
