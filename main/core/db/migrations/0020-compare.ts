import type { Migration } from './index';

/**
 * Compare and alignment (issue 10; docs/compare.md):
 * - `photo_alignments`: every alignment of one photo (`to`) onto another (`from`), automatic or by
 *   point pairs, kept as a row and never overwritten: the 3×3 matrix (JSON, `to` upright pixels →
 *   `from` upright pixels), its model and quality, the inputs (both photos' SHA-256 and the
 *   pipeline's parameters or the picked point pairs), who and when. The originals never change.
 * - `photo_renditions`: screen-sized renditions decoded in the core and cached sealed like every
 *   other derived image (a blob row, so deleting the row shreds the file); one per photo and edge.
 */
export const m0020Compare: Migration = {
  version: 20,
  name: 'compare',
  up(db) {
    db.exec(`
      CREATE TABLE photo_alignments (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        from_photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        to_photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        from_sha256 TEXT NOT NULL,
        to_sha256 TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('auto','manual')),
        model TEXT NOT NULL CHECK (model IN ('similarity','homography')),
        matrix TEXT NOT NULL,
        inliers INTEGER NOT NULL CHECK (inliers >= 0),
        rms_px REAL NOT NULL CHECK (rms_px >= 0),
        parameters TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        CHECK (from_photo_id <> to_photo_id)
      );
      CREATE INDEX photo_alignments_pair ON photo_alignments (from_photo_id, to_photo_id, created_at);
      CREATE INDEX photo_alignments_to ON photo_alignments (to_photo_id);
      CREATE TABLE photo_renditions (
        photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        edge INTEGER NOT NULL CHECK (edge > 0),
        blob_id TEXT NOT NULL UNIQUE REFERENCES blobs(id),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (photo_id, edge)
      );
    `);
  },
};
