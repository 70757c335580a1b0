// Migration 0018 on top of its predecessors: existing patients and photos keep their rows and read
// as uncorrected (revision 0, not deleted, not merged, not in error), and the history tables refuse
// a correction without a reason or a merge of a record into itself.
import type Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, queryPlan, seedClinic, seedPhotoDeliveries } from './test-support/seed';

let db: Database.Database;
beforeEach(() => {
  const before = databaseBefore(18);
  db = before.db;
  seedClinic(db);
  seedPhotoDeliveries(db, 2, () => 'verified');
  migrate(db, MIGRATIONS.slice(0, before.at + 1));
});

describe('migration 0018 (corrections)', () => {
  it('keeps existing rows, uncorrected', () => {
    expect(db.prepare('SELECT id, entered_in_error_at, merged_into FROM patients').all()).toEqual([{ id: 'p1', entered_in_error_at: null, merged_into: null }]);
    expect(db.prepare('SELECT id, revision, deleted_at FROM photos ORDER BY id').all()).toEqual([
      { id: 'ph0', revision: 0, deleted_at: null },
      { id: 'ph1', revision: 0, deleted_at: null },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses history without a reason, and a merge of a record into itself', () => {
    expect(() => db.exec(`INSERT INTO patient_history (id, patient_id, changed_at, changed_by, reason, before_json, after_json) VALUES ('h1', 'p1', 'n', 'u1', '  ', '{}', '{}')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO patient_merges (id, from_patient_id, into_patient_id, merged_at, merged_by, reason, moved_json) VALUES ('m1', 'p1', 'p1', 'n', 'u1', 'same person', '{}')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO photo_corrections (id, photo_id, kind, corrected_at, corrected_by, reason, before_json, after_json, revision) VALUES ('c1', 'ph0', 'edit', 'n', 'u1', '', '{}', '{}', 1)`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO photo_corrections (id, photo_id, kind, corrected_at, corrected_by, reason, before_json, after_json, revision) VALUES ('c1', 'ph0', 'rename', 'n', 'u1', 'x', '{}', '{}', 1)`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE photos SET revision = -1 WHERE id = 'ph0'`)).toThrow(/CHECK/);
  });

  it('reads a photo\'s corrections and a patient\'s history by index', () => {
    expect(queryPlan(db, 'SELECT * FROM photo_corrections WHERE photo_id = ? ORDER BY corrected_at', 'ph0')).toMatch(/photo_corrections_by_photo/);
    expect(queryPlan(db, 'SELECT * FROM patient_history WHERE patient_id = ? ORDER BY changed_at', 'p1')).toMatch(/patient_history_by_patient/);
  });
});
