import type { Migration } from './index';

/**
 * Derived photos (docs/compare.md, "Export a comparison"): a comparison exported as a new photo of
 * the same patient.
 * - `photos.source` may be `derived`. SQLite cannot change a CHECK in place, so `photos` is rebuilt
 *   the way migration 16 rebuilt `delivery_targets`: its rows are set aside, the table dropped and
 *   recreated under its own name (so every foreign key naming `photos` keeps pointing at it), the
 *   rows and every index put back; foreign keys are deferred meanwhile and checked at the commit.
 *   Dropping `photos` runs the ON DELETE CASCADE of every table below it (deliveries, corrections,
 *   annotations, alignments, renditions, and theirs), so first the rows of every table that a
 *   cascade or SET NULL can reach from `photos` are set aside too and put back, parents first,
 *   after the rebuild. That set is read from the schema here rather than listed, so a table whose
 *   cascade this text did not foresee is kept as well.
 * - `photo_derivations`: how a derived photo was made (kind, mode, slider position, the alignment
 *   used, the purpose note), one row per derived photo.
 * - `photo_derivation_sources`: the photos it was made from, in order, each at the revision it had;
 *   a source cannot be removed from the database while a derived photo names it.
 */
const PHOTOS = `
  CREATE TABLE photos (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    encounter_id TEXT REFERENCES encounters(id),
    captured_at TEXT NOT NULL,
    captured_by TEXT NOT NULL REFERENCES users(id),
    source TEXT NOT NULL CHECK (source IN ('camera','import','derived')),
    device TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    original_blob_id TEXT NOT NULL UNIQUE REFERENCES blobs(id),
    thumbnail_blob_id TEXT NOT NULL UNIQUE REFERENCES blobs(id),
    thumbnail_width INTEGER NOT NULL,
    thumbnail_height INTEGER NOT NULL,
    body_site_code TEXT,
    body_site_display TEXT,
    laterality TEXT CHECK (laterality IN ('left','right','bilateral','unpaired')),
    view TEXT,
    template_id TEXT,
    template_step INTEGER,
    provider_id TEXT REFERENCES users(id),
    quality_sharpness REAL,
    quality_mean_luminance REAL,
    quality_dark_clipped REAL,
    quality_bright_clipped REAL,
    quality_glare REAL,
    quality_failed TEXT,
    exif_make TEXT,
    exif_model TEXT,
    exif_lens TEXT,
    exif_exposure_time REAL,
    exif_f_number REAL,
    exif_iso REAL,
    exif_focal_length REAL,
    exif_flash TEXT,
    exif_white_balance TEXT,
    acquired_at TEXT,
    acquired_utc_offset INTEGER,
    acquired_time_origin TEXT CHECK (acquired_time_origin IN ('capture','exif','exif-local','file','import')),
    recognizable INTEGER CHECK (recognizable IN (0, 1)),
    revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    deleted_at TEXT,
    deleted_by TEXT REFERENCES users(id),
    delete_reason TEXT
  );
  CREATE INDEX photos_by_patient ON photos (patient_id, captured_at, id);
  CREATE INDEX photos_by_patient_site ON photos (patient_id, body_site_code, laterality, captured_at, id);
  CREATE INDEX photos_by_patient_encounter ON photos (patient_id, encounter_id, captured_at, id);
  CREATE INDEX photos_by_patient_view ON photos (patient_id, body_site_code, laterality, view, captured_at, id);
  CREATE INDEX photos_by_encounter ON photos (encounter_id, captured_at, id);
`;

const COLUMNS = `id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
  original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height, body_site_code, body_site_display, laterality,
  view, template_id, template_step, provider_id, quality_sharpness, quality_mean_luminance, quality_dark_clipped,
  quality_bright_clipped, quality_glare, quality_failed, exif_make, exif_model, exif_lens, exif_exposure_time,
  exif_f_number, exif_iso, exif_focal_length, exif_flash, exif_white_balance, acquired_at, acquired_utc_offset,
  acquired_time_origin, recognizable, revision, deleted_at, deleted_by, delete_reason`;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Every table a DELETE on `photos` changes through ON DELETE actions, parents before children. */
function reachedFromPhotos(db: Parameters<Migration['up']>[0]): string[] {
  const edges = db
    .prepare(
      `SELECT m.name AS child, f."table" AS parent FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
       WHERE m.type = 'table' AND f.on_delete IN ('CASCADE','SET NULL','SET DEFAULT')`,
    )
    .all() as Array<{ child: string; parent: string }>;
  const order: string[] = [];
  let frontier = ['photos'];
  for (let depth = 0; frontier.length > 0 && depth < 32; depth++) {
    const next = [...new Set(edges.filter((e) => frontier.includes(e.parent)).map((e) => e.child))].filter((t) => t !== 'photos');
    for (const t of next) {
      const at = order.indexOf(t);
      if (at >= 0) order.splice(at, 1); // reached again deeper: put it back after that parent too
      order.push(t);
    }
    frontier = next;
  }
  return order;
}

export const m0022DerivedPhotos: Migration = {
  version: 22,
  name: 'derived-photos',
  up(db) {
    db.pragma('defer_foreign_keys = ON');
    const kept = reachedFromPhotos(db);
    kept.forEach((t, i) => db.exec(`CREATE TEMP TABLE kept_${i} AS SELECT * FROM ${quote(t)}`));
    db.exec(`
      CREATE TEMP TABLE photos_kept AS SELECT ${COLUMNS} FROM photos;
      DROP TABLE photos;
      ${PHOTOS}
      INSERT INTO photos (${COLUMNS}) SELECT ${COLUMNS} FROM photos_kept;
      DROP TABLE photos_kept;
    `);
    kept.forEach((t, i) => db.exec(`DELETE FROM ${quote(t)}; INSERT INTO ${quote(t)} SELECT * FROM kept_${i}; DROP TABLE kept_${i};`));
    db.exec(`
      CREATE TABLE photo_derivations (
        photo_id TEXT PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('comparison')),
        mode TEXT NOT NULL CHECK (mode IN ('side-by-side','slider')),
        slider_position REAL CHECK (slider_position BETWEEN 0 AND 1),
        alignment_id TEXT REFERENCES photo_alignments(id) ON DELETE SET NULL,
        note TEXT,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        CHECK ((mode = 'slider') = (slider_position IS NOT NULL))
      );
      CREATE TABLE photo_derivation_sources (
        photo_id TEXT NOT NULL REFERENCES photo_derivations(photo_id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        source_photo_id TEXT NOT NULL REFERENCES photos(id),
        source_revision INTEGER NOT NULL CHECK (source_revision >= 0),
        PRIMARY KEY (photo_id, position),
        UNIQUE (photo_id, source_photo_id),
        CHECK (photo_id <> source_photo_id)
      );
      CREATE INDEX photo_derivation_sources_by_source ON photo_derivation_sources (source_photo_id);
    `);
  },
};
