import type { Migration } from './index';

/**
 * Correcting mistakes (issue 13, docs/corrections.md):
 * - `patients`: a registration entered in error is hidden from lists but kept (who, when, why);
 *   a record merged into another keeps its row and names the survivor in `merged_into`.
 * - `patient_history`: every demographic edit keeps the values before and after it (JSON), with
 *   who, when and why, so earlier values stay readable.
 * - `patient_merges`: one row per merge, with what moved (JSON of photo, encounter and consent ids).
 * - `photos`: `revision` counts corrections of what a photo says about itself (its DICOM instance
 *   is reissued under a new SOP Instance UID per revision); a soft delete keeps the row and the
 *   sealed files until the retention rules purge it.
 * - `photo_corrections`: each correction of a photo, before and after (JSON), with who, when, why,
 *   the instance it supersedes at the receiving systems and what happened to the copies there.
 */
export const m0018Corrections: Migration = {
  version: 18,
  name: 'corrections',
  up(db) {
    db.exec(`
      ALTER TABLE patients ADD COLUMN entered_in_error_at TEXT;
      ALTER TABLE patients ADD COLUMN entered_in_error_by TEXT REFERENCES users(id);
      ALTER TABLE patients ADD COLUMN entered_in_error_reason TEXT;
      ALTER TABLE patients ADD COLUMN merged_into TEXT REFERENCES patients(id);

      CREATE TABLE patient_history (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL REFERENCES users(id),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        before_json TEXT NOT NULL,
        after_json TEXT NOT NULL
      );
      CREATE INDEX patient_history_by_patient ON patient_history (patient_id, changed_at);

      CREATE TABLE patient_merges (
        id TEXT PRIMARY KEY,
        from_patient_id TEXT NOT NULL REFERENCES patients(id),
        into_patient_id TEXT NOT NULL REFERENCES patients(id),
        merged_at TEXT NOT NULL,
        merged_by TEXT NOT NULL REFERENCES users(id),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        moved_json TEXT NOT NULL,
        CHECK (from_patient_id <> into_patient_id)
      );
      CREATE INDEX patient_merges_by_from ON patient_merges (from_patient_id);
      CREATE INDEX patient_merges_by_into ON patient_merges (into_patient_id);

      ALTER TABLE photos ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);
      ALTER TABLE photos ADD COLUMN deleted_at TEXT;
      ALTER TABLE photos ADD COLUMN deleted_by TEXT REFERENCES users(id);
      ALTER TABLE photos ADD COLUMN delete_reason TEXT;

      CREATE TABLE photo_corrections (
        id TEXT PRIMARY KEY,
        photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('edit','delete','restore')),
        corrected_at TEXT NOT NULL,
        corrected_by TEXT NOT NULL REFERENCES users(id),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        before_json TEXT NOT NULL,
        after_json TEXT NOT NULL,
        revision INTEGER NOT NULL,
        merge_id TEXT REFERENCES patient_merges(id),
        remote_outcome TEXT NOT NULL DEFAULT 'none' CHECK (remote_outcome IN ('none','requeued','flagged'))
      );
      CREATE INDEX photo_corrections_by_photo ON photo_corrections (photo_id, corrected_at);
    `);
  },
};
