// Writing photo rows: the row every ingest inserts (camera or import, with its capture context,
// quality scores and EXIF camera settings), and the capture the retake prompt reviews and may
// delete. Who may review or discard, and when, is decided by capture/ingest.ts; this module only
// owns the SQL (scripts/table-owners.test.ts).
import type { CameraSettings, CaptureContext, PhotoQuality } from '../../../shared/domain';
import type { Db } from '../db/open';
import type { AcquisitionTime } from '../imaging/acquisition-time';

export interface NewPhotoRow {
  readonly id: string;
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly capturedAt: Date;
  readonly capturedBy: string;
  readonly source: 'camera' | 'import';
  readonly device: string;
  readonly mime: 'image/jpeg' | 'image/png';
  readonly width: number;
  readonly height: number;
  readonly originalBlobId: string;
  readonly thumbnail: { readonly blobId: string; readonly width: number; readonly height: number };
  /** Checked (standards/context.ts); null for imports. */
  readonly context: CaptureContext | null;
  readonly providerId: string | null;
  readonly quality: PhotoQuality;
  readonly camera: CameraSettings | null;
  readonly acquisition: AcquisitionTime;
}

/** Inserts the photo row; call it inside the transaction that records its blob rows and audit record. */
export function insertPhotoRow(db: Db, photo: NewPhotoRow): void {
  const { context, quality, camera } = photo;
  db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height,
                         body_site_code, body_site_display, laterality, view, template_id, template_step, provider_id,
                         quality_sharpness, quality_mean_luminance, quality_dark_clipped, quality_bright_clipped, quality_glare, quality_failed,
                         exif_make, exif_model, exif_lens, exif_exposure_time, exif_f_number, exif_iso, exif_focal_length, exif_flash, exif_white_balance,
                         acquired_at, acquired_utc_offset, acquired_time_origin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    photo.id,
    photo.patientId,
    photo.encounterId,
    photo.capturedAt.toISOString(),
    photo.capturedBy,
    photo.source,
    photo.device,
    photo.mime,
    photo.width,
    photo.height,
    photo.originalBlobId,
    photo.thumbnail.blobId,
    photo.thumbnail.width,
    photo.thumbnail.height,
    context?.bodySite.code ?? null,
    context?.bodySite.display ?? null,
    context?.laterality ?? null,
    context?.view ?? null,
    context?.template?.id ?? null,
    context?.template?.step ?? null,
    photo.providerId,
    quality.sharpness,
    quality.meanLuminance,
    quality.darkClipped,
    quality.brightClipped,
    quality.glare,
    quality.failed.join(','),
    camera?.make ?? null,
    camera?.model ?? null,
    camera?.lens ?? null,
    camera?.exposureTime ?? null,
    camera?.fNumber ?? null,
    camera?.iso ?? null,
    camera?.focalLength ?? null,
    camera?.flash ?? null,
    camera?.whiteBalance ?? null,
    photo.acquisition.at,
    photo.acquisition.utcOffsetMinutes,
    photo.acquisition.origin,
  );
}

/** What the retake prompt needs to judge and remove a capture: who took it, when, how, and its two blobs. */
export interface CaptureReviewRow {
  readonly patient_id: string;
  readonly captured_by: string;
  readonly captured_at: string;
  readonly source: string;
  readonly original_id: string;
  readonly original_file: string;
  readonly thumb_id: string;
  readonly thumb_file: string;
}

export function getCaptureReviewRow(db: Db, photoId: string): CaptureReviewRow | undefined {
  return db
    .prepare(
      `SELECT p.patient_id, p.captured_by, p.captured_at, p.source, o.id AS original_id, o.file_name AS original_file, t.id AS thumb_id, t.file_name AS thumb_file
       FROM photos p JOIN blobs o ON o.id = p.original_blob_id JOIN blobs t ON t.id = p.thumbnail_blob_id WHERE p.id = ?`,
    )
    .get(photoId) as CaptureReviewRow | undefined;
}

/** Deletes the photo row (its deliveries go with it, ON DELETE CASCADE); its blob rows are blobs/'s to delete. */
export function deletePhotoRow(db: Db, photoId: string): void {
  db.prepare('DELETE FROM photos WHERE id = ?').run(photoId);
}
