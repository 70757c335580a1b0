// What other areas ask of the photos table, answered here so that its SQL has one owner
// (scripts/table-owners.test.ts): the patients behind a set of photos (delivery's access check),
// whether a user photographed a patient recently (access/policy.ts, the care relationship), a
// photo's position in its series (interop/export-input.ts), the photos with the same original
// (an import's duplicate check), the recognizable flag (interop), the photos a new delivery target
// still lacks (sync/outbox.ts, backfill), the photo count in the encounter list
// (patients/encounters.ts), and what the consent gate decides on (consent/gate.ts).
import type { Db } from '../db/open';

/** The distinct patients of these photos; unknown ids contribute nothing. */
export function patientsOfPhotos(db: Db, photoIds: readonly string[]): string[] {
  return db.prepare('SELECT DISTINCT patient_id FROM photos WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(photoIds)) as string[];
}

/** Whether the user captured a photo of the patient at or after `since` (ISO 8601): half of a care relationship. */
export function hasCapturedPatientSince(db: Db, userId: string, patientId: string, since: string): boolean {
  return db.prepare('SELECT 1 FROM photos WHERE patient_id = ? AND captured_by = ? AND captured_at >= ? LIMIT 1').get(patientId, userId, since) !== undefined;
}

/**
 * The photo's 1-based position in its series: its encounter's photos by (captured_at, id), or for
 * a photo without an encounter (an import) the patient's other such photos acquired on the same
 * local date (`acquiredDate`, YYYY-MM-DD in the photo's own offset) by (acquired_at, id): imports
 * are grouped into studies by the day they were taken, not the day they were imported. Photos are
 * never reordered, so the position is stable (DICOM InstanceNumber).
 */
export function photoInstanceNumber(
  db: Db,
  photo: { id: string; patientId: string; encounterId: string | null; capturedAt: string; acquiredAt: string; acquiredDate: string },
): number {
  const { id, patientId, encounterId, capturedAt, acquiredAt, acquiredDate } = photo;
  const before = encounterId
    ? db.prepare('SELECT count(*) AS n FROM photos WHERE encounter_id = ? AND (captured_at < ? OR (captured_at = ? AND id < ?))').get(encounterId, capturedAt, capturedAt, id)
    : db
        .prepare(
          `SELECT count(*) AS n FROM photos WHERE patient_id = ? AND encounter_id IS NULL
             AND date(coalesce(acquired_at, captured_at), coalesce(acquired_utc_offset, 0) || ' minutes') = ?
             AND (coalesce(acquired_at, captured_at) < ? OR (coalesce(acquired_at, captured_at) = ? AND id < ?))`,
        )
        .get(patientId, acquiredDate, acquiredAt, acquiredAt, id);
  return (before as { n: number }).n + 1;
}

/** Photos whose original has this SHA-256 (hex), with their patient: an import's duplicate check. */
export function photosWithOriginalSha256(db: Db, sha256: string): Array<{ id: string; patientId: string }> {
  return db
    .prepare('SELECT p.id, p.patient_id AS patientId FROM photos p JOIN blobs b ON b.id = p.original_blob_id WHERE b.sha256 = ? ORDER BY p.captured_at, p.id')
    .all(sha256) as Array<{ id: string; patientId: string }>;
}

/** Marks whether the photo may show a face or identifying feature; null returns the decision to its body site. */
export function setPhotoRecognizable(db: Db, photoId: string, recognizable: boolean | null): void {
  db.prepare('UPDATE photos SET recognizable = ? WHERE id = ?').run(recognizable === null ? null : recognizable ? 1 : 0, photoId);
}

/** Every photo with no delivery to this target yet, oldest capture first (a target's backfill); deleted photos never. */
export function photosWithoutDeliveryTo(db: Db, targetId: string): string[] {
  // A deleted photo (photos/corrections.ts) goes nowhere new.
  return db
    .prepare('SELECT id FROM photos WHERE deleted_at IS NULL AND id NOT IN (SELECT photo_id FROM deliveries WHERE target_id = ?) ORDER BY captured_at')
    .pluck()
    .all(targetId) as string[];
}

/**
 * An SQL expression counting the photos of the encounter whose id is the column `encounterIdColumn`
 * (a column of the caller's query, never a value): the encounter list's photo count stays one
 * statement, and this is still the only place that names the table.
 */
export function encounterPhotoCountSql(encounterIdColumn: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/i.test(encounterIdColumn)) throw new Error('encounterIdColumn must be a column name');
  return `(SELECT count(*) FROM photos p WHERE p.encounter_id = ${encounterIdColumn} AND p.deleted_at IS NULL)`;
}

/** What the consent gate (consent/gate.ts) decides a photo's release on; undefined for an unknown id. */
export interface PhotoReleaseFacts {
  readonly patientId: string;
  readonly capturedAt: string;
  readonly bodySiteCode: string | null;
}

export function photoReleaseFacts(db: Db, photoId: string): PhotoReleaseFacts | undefined {
  const row = db.prepare('SELECT patient_id, captured_at, body_site_code FROM photos WHERE id = ?').get(photoId) as
    | { patient_id: string; captured_at: string; body_site_code: string | null }
    | undefined;
  return row && { patientId: row.patient_id, capturedAt: row.captured_at, bodySiteCode: row.body_site_code };
}

/** Every photo of a patient (consent: the deliveries a new consent or a withdrawal concerns). */
export function photoIdsOfPatient(db: Db, patientId: string): string[] {
  return db.prepare('SELECT id FROM photos WHERE patient_id = ?').pluck().all(patientId) as string[];
}

/** How many photos the workstation holds (a restore reports it). */
export function countPhotos(db: Db): number {
  return db.prepare('SELECT count(*) FROM photos').pluck().get() as number;
}
