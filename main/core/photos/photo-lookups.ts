// What other areas ask of the photos table, answered here so that its SQL has one owner
// (scripts/table-owners.test.ts): the patients behind a set of photos (delivery's access check),
// whether a user photographed a patient recently (access/policy.ts, the care relationship), a
// photo's position in its series (interop/export-input.ts), the photos a new delivery target still
// lacks (sync/outbox.ts, backfill), and the photo count in the encounter list (patients/encounters.ts).
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
 * The photo's 1-based position in its series by (captured_at, id): its encounter's photos, or for
 * a photo without an encounter (an import) the patient's other such photos of the same UTC day.
 * Photos are never reordered, so the position is stable (DICOM InstanceNumber).
 */
export function photoInstanceNumber(db: Db, photo: { id: string; patientId: string; encounterId: string | null; capturedAt: string }): number {
  const { id, patientId, encounterId, capturedAt } = photo;
  const before = encounterId
    ? db.prepare('SELECT count(*) AS n FROM photos WHERE encounter_id = ? AND (captured_at < ? OR (captured_at = ? AND id < ?))').get(encounterId, capturedAt, capturedAt, id)
    : db
        .prepare(
          `SELECT count(*) AS n FROM photos WHERE patient_id = ? AND encounter_id IS NULL AND substr(captured_at, 1, 10) = ?
             AND (captured_at < ? OR (captured_at = ? AND id < ?))`,
        )
        .get(patientId, capturedAt.slice(0, 10), capturedAt, capturedAt, id);
  return (before as { n: number }).n + 1;
}

/** Every photo with no delivery to this target yet, oldest capture first (a target's backfill). */
export function photosWithoutDeliveryTo(db: Db, targetId: string): string[] {
  return db.prepare('SELECT id FROM photos WHERE id NOT IN (SELECT photo_id FROM deliveries WHERE target_id = ?) ORDER BY captured_at').pluck().all(targetId) as string[];
}

/**
 * An SQL expression counting the photos of the encounter whose id is the column `encounterIdColumn`
 * (a column of the caller's query, never a value): the encounter list's photo count stays one
 * statement, and this is still the only place that names the table.
 */
export function encounterPhotoCountSql(encounterIdColumn: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/i.test(encounterIdColumn)) throw new Error('encounterIdColumn must be a column name');
  return `(SELECT count(*) FROM photos p WHERE p.encounter_id = ${encounterIdColumn})`;
}

/** How many photos the workstation holds (a restore reports it). */
export function countPhotos(db: Db): number {
  return db.prepare('SELECT count(*) FROM photos').pluck().get() as number;
}
