// What the compare view asks of the photos table (photos/ owns every statement on it): the photo
// to compare a given one with by default, the newest earlier photo of the same body site,
// laterality and view, served by the photos_by_patient_site index from migration 0007.
import type { Db } from '../db/open';

export interface ComparableRow {
  readonly patient_id: string;
  readonly body_site_code: string | null;
  readonly laterality: string | null;
  readonly view: string | null;
  readonly captured_at: string;
  readonly id: string;
}

/** The newest photo captured before `photo` with the same site, laterality and view (null site: none). */
export function previousComparable(db: Db, photo: ComparableRow): string | null {
  if (photo.body_site_code === null) return null;
  const row = db
    .prepare(
      `SELECT id FROM photos
       WHERE patient_id = ? AND body_site_code = ? AND laterality IS ? AND view IS ? AND id <> ? AND deleted_at IS NULL
         AND (captured_at < ? OR (captured_at = ? AND id < ?))
       ORDER BY captured_at DESC, id DESC LIMIT 1`,
    )
    .get(photo.patient_id, photo.body_site_code, photo.laterality, photo.view, photo.id, photo.captured_at, photo.captured_at, photo.id) as { id: string } | undefined;
  return row?.id ?? null;
}
