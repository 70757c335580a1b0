// The photo count beside each patient in the patient list, asked here so that SQL on `photos` keeps
// one owner (scripts/table-owners.test.ts). One grouped query over the page's patients, answered
// from the photos_by_patient_encounter index, which covers it (migration 0023), without reading a
// photo row: a patient with 10,000 photos costs one index range, not 10,000 row lookups. The index
// is named (INDEXED BY) so that the statistics cannot move the count back onto the rows.
import type { Db } from '../db/open';
import { preparedOnce } from './statements';

/** Photos per patient for these ids; a patient without photos is absent from the map. */
export function photoCountsByPatient(db: Db, patientIds: readonly string[]): Map<string, number> {
  if (patientIds.length === 0) return new Map();
  const sql =
    'SELECT patient_id AS id, count(*) AS n FROM photos INDEXED BY photos_by_patient_encounter WHERE patient_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL GROUP BY patient_id';
  const rows = preparedOnce(db, sql).all(JSON.stringify(patientIds)) as Array<{ id: string; n: number }>;
  return new Map(rows.map((r) => [r.id, r.n]));
}
