import type { Migration } from './index';

/**
 * Counts without reading photo rows (issue 10, the core's main-thread stalls): the gallery's counts
 * per visit and per body site, and the patient list's photo count, read every live photo of a
 * patient. Through the indexes of migration 0021 each of them looked up every row for
 * `deleted_at` (and the site's display name): 10,000 row reads, several milliseconds of SQLCipher
 * page decryption on the core's one thread, per call.
 *
 * The visit and site indexes keep their names, columns and order, and gain what the counts read
 * after them (`deleted_at`; the site's `body_site_display`), so they cover the counts. Extending
 * them rather than adding indexes keeps the planner's choices for every other query as they were:
 * a separate (or partial) index of live photos competed with these for the gallery's pages and
 * won or lost with the statistics, once sorting all 10,000 of a patient's photos for a page.
 *
 * Both are analyzed here: an index without statistics in a database whose other indexes have them
 * (every upgraded workstation, until `PRAGMA optimize` runs at close) looks to the planner like a
 * few rows per patient.
 */
export const m0023GalleryCountIndexes: Migration = {
  version: 23,
  name: 'gallery-count-indexes',
  up(db) {
    db.exec(`
      DROP INDEX photos_by_patient_encounter;
      CREATE INDEX photos_by_patient_encounter ON photos (patient_id, encounter_id, captured_at, id, deleted_at);
      DROP INDEX photos_by_patient_site;
      CREATE INDEX photos_by_patient_site ON photos (patient_id, body_site_code, laterality, captured_at, id, deleted_at, body_site_display);
      ANALYZE photos_by_patient_encounter;
      ANALYZE photos_by_patient_site;
    `);
  },
};
