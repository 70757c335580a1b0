import type { Migration } from './index';

/**
 * What a photo needs to leave the workstation right (docs/interop.md):
 * - `interop_settings`, one row (id = 1): the identifier systems the administrator sets, the DICOM
 *   org UID root, the FHIR MRN system URI and the DICOM Issuer of Patient ID. NULL means the
 *   documented default.
 * - the photo's acquisition time (`acquired_at`, an ISO instant in UTC), the offset of the local
 *   time it was taken in (`acquired_utc_offset`, minutes east of UTC) and where that time came from
 *   (`acquired_time_origin`: capture, exif, exif-local, file, import). Photos from before this
 *   version keep the time they were recorded with, in UTC; imports among them are marked 'import'
 *   (not the camera's time).
 * - `recognizable`: whether the photo may show a face or another identifying feature; NULL means
 *   "decided by the body site".
 * - an index on `blobs.sha256`, so an import can find the same file already in the archive.
 */
export const m0014InteropPhotos: Migration = {
  version: 14,
  name: 'interop-photos',
  up(db) {
    db.exec(`
      CREATE TABLE interop_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        dicom_org_uid_root TEXT,
        fhir_mrn_system TEXT,
        dicom_issuer_of_patient_id TEXT,
        updated_at TEXT,
        updated_by TEXT REFERENCES users(id)
      );
      INSERT INTO interop_settings (id) VALUES (1);

      ALTER TABLE photos ADD COLUMN acquired_at TEXT;
      ALTER TABLE photos ADD COLUMN acquired_utc_offset INTEGER;
      ALTER TABLE photos ADD COLUMN acquired_time_origin TEXT
        CHECK (acquired_time_origin IN ('capture','exif','exif-local','file','import'));
      ALTER TABLE photos ADD COLUMN recognizable INTEGER CHECK (recognizable IN (0, 1));
      UPDATE photos SET acquired_at = captured_at, acquired_utc_offset = 0,
        acquired_time_origin = CASE source WHEN 'camera' THEN 'capture' ELSE 'import' END;

      CREATE INDEX blobs_by_sha256 ON blobs (sha256);
    `);
  },
};
