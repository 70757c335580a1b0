// The ghost overlay's source (standards.previousPhoto): the newest earlier photo of the same body
// site and laterality for a patient, preferring the same view (a face 5-view has five photos of one
// site), served by the photos_by_patient_site index from migration 0007.
import type { Db } from '../db/open';
import type { Laterality } from '../../../shared/value-sets/views';

export interface PreviousPhotoRow {
  readonly id: string;
  readonly original_blob_id: string;
  readonly mime: 'image/jpeg' | 'image/png';
  readonly width: number;
  readonly height: number;
  readonly captured_at: string;
  readonly view: string | null;
}

const COLUMNS = 'id, original_blob_id, mime, width, height, captured_at, view';

export function findPreviousPhoto(db: Db, patientId: string, siteCode: string, laterality: Laterality, view?: string): PreviousPhotoRow | null {
  // A deleted photo (photos/corrections.ts) is never the ghost: it may be the wrong patient's.
  const base = `SELECT ${COLUMNS} FROM photos WHERE patient_id = ? AND body_site_code = ? AND laterality = ? AND deleted_at IS NULL`;
  if (view) {
    const same = db.prepare(`${base} AND view = ? ORDER BY captured_at DESC LIMIT 1`).get(patientId, siteCode, laterality, view) as PreviousPhotoRow | undefined;
    if (same) return same;
  }
  return (db.prepare(`${base} ORDER BY captured_at DESC LIMIT 1`).get(patientId, siteCode, laterality) as PreviousPhotoRow | undefined) ?? null;
}
