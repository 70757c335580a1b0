// What other areas ask of the photos table, answered here so that its SQL has one owner
// (scripts/table-owners.test.ts): the patients behind a set of photos (delivery's access check).
import type { Db } from '../db/open';

/** The distinct patients of these photos; unknown ids contribute nothing. */
export function patientsOfPhotos(db: Db, photoIds: readonly string[]): string[] {
  return db.prepare('SELECT DISTINCT patient_id FROM photos WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(photoIds)) as string[];
}
