import type { Migration } from './index';

/**
 * Clinical capture metadata on every photo: body site (SNOMED CT), laterality, view, template
 * step, the encounter's provider, quality scores and camera settings from EXIF. Columns on
 * `photos` rather than a side table: every gallery row shows them, and a photo has exactly one set.
 * Existing photos keep NULLs (they were taken before sites were required). The index serves the
 * ghost overlay's "previous photo of this site and side for this patient" lookup.
 */
export const m0007CaptureStandards: Migration = {
  version: 7,
  name: 'capture-standards',
  up(db) {
    db.exec(`
      ALTER TABLE photos ADD COLUMN body_site_code TEXT;
      ALTER TABLE photos ADD COLUMN body_site_display TEXT;
      ALTER TABLE photos ADD COLUMN laterality TEXT CHECK (laterality IN ('left','right','bilateral','unpaired'));
      ALTER TABLE photos ADD COLUMN view TEXT;
      ALTER TABLE photos ADD COLUMN template_id TEXT;
      ALTER TABLE photos ADD COLUMN template_step INTEGER;
      ALTER TABLE photos ADD COLUMN provider_id TEXT REFERENCES users(id);
      ALTER TABLE photos ADD COLUMN quality_sharpness REAL;
      ALTER TABLE photos ADD COLUMN quality_mean_luminance REAL;
      ALTER TABLE photos ADD COLUMN quality_dark_clipped REAL;
      ALTER TABLE photos ADD COLUMN quality_bright_clipped REAL;
      ALTER TABLE photos ADD COLUMN quality_glare REAL;
      ALTER TABLE photos ADD COLUMN quality_failed TEXT;
      ALTER TABLE photos ADD COLUMN exif_make TEXT;
      ALTER TABLE photos ADD COLUMN exif_model TEXT;
      ALTER TABLE photos ADD COLUMN exif_lens TEXT;
      ALTER TABLE photos ADD COLUMN exif_exposure_time REAL;
      ALTER TABLE photos ADD COLUMN exif_f_number REAL;
      ALTER TABLE photos ADD COLUMN exif_iso REAL;
      ALTER TABLE photos ADD COLUMN exif_focal_length REAL;
      ALTER TABLE photos ADD COLUMN exif_flash TEXT;
      ALTER TABLE photos ADD COLUMN exif_white_balance TEXT;
      CREATE INDEX photos_by_patient_site ON photos (patient_id, body_site_code, laterality, captured_at);
    `);
  },
};
