import type { Migration } from './index';

/**
 * The gallery at any scale (docs/architecture.md, "Gallery paging"): every page of a patient's
 * photos is a keyset page (newest first, ties broken by id) read from an index in order, so a page
 * at 10,000 photos costs what a page at 50 does.
 * - `photos_by_patient` and `photos_by_patient_site` gain `id` after `captured_at`, so the tie-break
 *   of `ORDER BY captured_at DESC, id DESC` and the cursor `(captured_at, id) < (?, ?)` come from
 *   the index instead of a temporary sort.
 * - `photos_by_patient_encounter`: the photos of one visit (the gallery grouped by visit, an
 *   encounter's photo count).
 * - `photos_by_patient_view`: one site, side and view across visits (the timeline).
 * - `photos_by_encounter`: the questions asked by encounter alone (each visit's photo count in the
 *   encounter list the patient screen opens with, a photo's position in its visit), which scanned
 *   every photo of the clinic once per visit.
 */
export const m0021GalleryIndexes: Migration = {
  version: 21,
  name: 'gallery-indexes',
  up(db) {
    db.exec(`
      DROP INDEX photos_by_patient;
      CREATE INDEX photos_by_patient ON photos (patient_id, captured_at, id);
      DROP INDEX photos_by_patient_site;
      CREATE INDEX photos_by_patient_site ON photos (patient_id, body_site_code, laterality, captured_at, id);
      CREATE INDEX photos_by_patient_encounter ON photos (patient_id, encounter_id, captured_at, id);
      CREATE INDEX photos_by_patient_view ON photos (patient_id, body_site_code, laterality, view, captured_at, id);
      CREATE INDEX photos_by_encounter ON photos (encounter_id, captured_at, id);
    `);
  },
};
