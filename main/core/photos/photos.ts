// Reading photos back: the gallery listing and one photo with its capture metadata. photos/ is the
// one owner of the photos table (scripts/table-owners.test.ts): capture-rows.ts writes and deletes
// rows, previous.ts and photo-lookups.ts answer other areas' questions, corrections.ts corrects and
// soft-deletes; nothing else holds its SQL. A soft-deleted photo is neither listed nor opened here.
import type { Db } from '../db/open';
import { CoreError } from '../../../shared/errors';

export interface PhotoRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  captured_at: string;
  captured_by_name: string;
  source: 'camera' | 'import' | 'derived';
  device: string;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  byte_size: number;
  sha256: string;
  original_blob_id: string;
  thumbnail_blob_id: string;
  thumbnail_width: number;
  thumbnail_height: number;
  // Capture metadata (migration 0007); NULL for imports and older photos.
  body_site_code: string | null;
  body_site_display: string | null;
  laterality: 'left' | 'right' | 'bilateral' | 'unpaired' | null;
  view: string | null;
  template_id: string | null;
  template_step: number | null;
  provider_name: string | null;
  quality_sharpness: number | null;
  quality_mean_luminance: number | null;
  quality_dark_clipped: number | null;
  quality_bright_clipped: number | null;
  quality_glare: number | null;
  quality_failed: string | null;
  exif_make: string | null;
  exif_model: string | null;
  exif_lens: string | null;
  exif_exposure_time: number | null;
  exif_f_number: number | null;
  exif_iso: number | null;
  exif_focal_length: number | null;
  exif_flash: string | null;
  exif_white_balance: string | null;
  // Acquisition time and recognizable flag (migration 0013).
  acquired_at: string | null;
  acquired_utc_offset: number | null;
  acquired_time_origin: 'capture' | 'exif' | 'exif-local' | 'file' | 'import' | null;
  recognizable: 0 | 1 | null;
  /** Corrections of what the photo says about itself (migration 0018, photos/corrections.ts). */
  revision: number;
}

/** The columns of a PhotoRow (gallery.ts pages with the same SELECT). */
export const PHOTO_SELECT = `
  SELECT p.id, p.patient_id, p.encounter_id, p.captured_at, u.display_name AS captured_by_name, p.source, p.device,
         p.mime, p.width, p.height, b.byte_size, b.sha256, p.original_blob_id, p.thumbnail_blob_id,
         p.thumbnail_width, p.thumbnail_height,
         p.body_site_code, p.body_site_display, p.laterality, p.view, p.template_id, p.template_step, pr.display_name AS provider_name,
         p.quality_sharpness, p.quality_mean_luminance, p.quality_dark_clipped, p.quality_bright_clipped, p.quality_glare, p.quality_failed,
         p.exif_make, p.exif_model, p.exif_lens, p.exif_exposure_time, p.exif_f_number, p.exif_iso, p.exif_focal_length, p.exif_flash,
         p.exif_white_balance, p.acquired_at, p.acquired_utc_offset, p.acquired_time_origin, p.recognizable, p.revision
  FROM photos p JOIN users u ON u.id = p.captured_by JOIN blobs b ON b.id = p.original_blob_id LEFT JOIN users pr ON pr.id = p.provider_id`;

export function listPhotoRows(db: Db, patientId: string): PhotoRow[] {
  return db.prepare(`${PHOTO_SELECT} WHERE p.patient_id = ? AND p.deleted_at IS NULL ORDER BY p.captured_at DESC, p.id`).all(patientId) as PhotoRow[];
}

export function getPhotoRow(db: Db, photoId: string): PhotoRow {
  const row = db.prepare(`${PHOTO_SELECT} WHERE p.id = ? AND p.deleted_at IS NULL`).get(photoId) as PhotoRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such photo.');
  return row;
}

/** A photo's bytes are opened through the row of its blob (the photo-bytes path in core.ts). */
