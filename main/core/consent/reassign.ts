// A merge of two patient records moves the duplicate's consents to the surviving record
// (docs/corrections.md): the consent rows keep their decisions, documents and withdrawals (the
// triggers in records.ts's tables keep those from changing); only the patient they belong to
// changes. The merge's own record lists the consents that moved.
import type { Db } from '../db/open';

/** Moves every consent of `fromPatientId` to `intoPatientId`; returns the ids moved. */
export function moveConsentsOfPatient(db: Db, fromPatientId: string, intoPatientId: string): string[] {
  const ids = db.prepare('SELECT id FROM consents WHERE patient_id = ? ORDER BY signed_at, id').pluck().all(fromPatientId) as string[];
  db.prepare('UPDATE consents SET patient_id = ? WHERE patient_id = ?').run(intoPatientId, fromPatientId);
  return ids;
}
