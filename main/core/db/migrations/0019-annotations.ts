import type { Migration } from './index';

/**
 * Annotations and measurements (docs/annotations.md):
 * - `annotation_versions`: every save of a photo's annotations is a new row (1, 2, 3 … per photo),
 *   never updated, with its author, time and optional reason; the highest is the current one. The
 *   document (layers, shapes, calibration) is JSON in the encrypted database.
 * - `lesions`: a patient's numbered lesions, each at a body site and side, so one lesion is
 *   followed across visits; its number is unique per patient.
 * - `lesion_measurements`: what each photo's current version measures of a lesion (rewritten on
 *   every save of that photo), so a lesion's sizes by date are one indexed query, not a scan of
 *   every document.
 * - `annotation_deliveries`: the presentation-state outbox, one row per photo × DICOMweb target,
 *   holding the annotation version to send; queued in the transaction that saves a version, sent
 *   by the sync worker only once the photo itself is delivered to that target, then read back.
 */
export const m0019Annotations: Migration = {
  version: 19,
  name: 'annotations',
  up(db) {
    db.exec(`
      CREATE TABLE annotation_versions (
        id TEXT PRIMARY KEY,
        photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        document TEXT NOT NULL CHECK (json_valid(document)),
        author_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        reason TEXT,
        UNIQUE (photo_id, version)
      );
      CREATE TABLE lesions (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        number INTEGER NOT NULL CHECK (number >= 1),
        label TEXT NOT NULL,
        body_site_code TEXT,
        body_site_display TEXT,
        laterality TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id),
        UNIQUE (patient_id, number)
      );
      CREATE TABLE lesion_measurements (
        photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        version_id TEXT NOT NULL REFERENCES annotation_versions(id) ON DELETE CASCADE,
        lesion_id TEXT NOT NULL REFERENCES lesions(id) ON DELETE CASCADE,
        shape_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('length','area')),
        value REAL NOT NULL,
        uncertainty REAL NOT NULL CHECK (uncertainty >= 0),
        unit TEXT NOT NULL CHECK (unit IN ('mm','mm2','px','px2')),
        source TEXT NOT NULL CHECK (source IN ('manual','ruler','none')),
        PRIMARY KEY (photo_id, lesion_id, shape_id)
      );
      CREATE INDEX lesion_measurements_by_lesion ON lesion_measurements (lesion_id);
      CREATE TABLE annotation_deliveries (
        id TEXT PRIMARY KEY,
        photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES delivery_targets(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        state TEXT NOT NULL CHECK (state IN ('queued','in_flight','delivered','verified','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sop_instance_uid TEXT,
        sent_sha256 TEXT,
        claimed_by TEXT,
        claim_expires_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (photo_id, target_id)
      );
      CREATE INDEX annotation_deliveries_due ON annotation_deliveries (state, next_attempt_at);
      CREATE INDEX lesions_by_site ON lesions (patient_id, body_site_code, laterality);
    `);
  },
};
