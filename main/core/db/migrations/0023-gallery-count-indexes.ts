import type { Migration } from './index';

/**
 * Counts without reading photo rows (issue 10, the core's main-thread stalls): the gallery's counts
 * per visit and per body site, and the patient list's photo count, read every live photo of a
 * patient. Through the indexes of migration 0021 each of them looked up every row for
 * `deleted_at` (and the site's display name): 10,000 row reads, several milliseconds of SQLCipher
 * page decryption on the core's one thread, per call. These two indexes hold every column those
 * queries read, with `deleted_at` right after the patient so that "live photos of this patient" is
 * one index range:
 * - `photos_live_by_patient_encounter`: photos per visit (count, newest) and per patient (count);
 *   with `id` last, a page of one visit can also be read from it in order.
 * - `photos_live_by_patient_site`: photos per site and side (count, newest, the site's name).
 */
export const m0023GalleryCountIndexes: Migration = {
  version: 23,
  name: 'gallery-count-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX photos_live_by_patient_encounter ON photos (patient_id, deleted_at, encounter_id, captured_at, id);
      CREATE INDEX photos_live_by_patient_site ON photos (patient_id, deleted_at, body_site_code, laterality, captured_at, body_site_display);
    `);
  },
};
