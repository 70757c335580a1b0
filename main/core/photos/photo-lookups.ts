// What other areas ask of the photos table, answered here so that its SQL has one owner
// (scripts/table-owners.test.ts): the patients behind a set of photos (delivery's access check),
// whether a user photographed a patient recently (access/policy.ts, the care relationship).
import type { Db } from '../db/open';

/** The distinct patients of these photos; unknown ids contribute nothing. */
export function patientsOfPhotos(db: Db, photoIds: readonly string[]): string[] {
  return db.prepare('SELECT DISTINCT patient_id FROM photos WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(photoIds)) as string[];
}

/** Whether the user captured a photo of the patient at or after `since` (ISO 8601): half of a care relationship. */
export function hasCapturedPatientSince(db: Db, userId: string, patientId: string, since: string): boolean {
  return db.prepare('SELECT 1 FROM photos WHERE patient_id = ? AND captured_by = ? AND captured_at >= ? LIMIT 1').get(patientId, userId, since) !== undefined;
}
