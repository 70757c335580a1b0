// The one owner of `lesions`: a patient's numbered lesions. A lesion keeps its number and label
// across visits, and belongs to the body site and side of the photo it was first marked on, so the
// editor offers it again on later photos of the same site.
import type { Lesion } from '../../../shared/channels/annotations';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

interface LesionRow {
  id: string;
  patient_id: string;
  number: number;
  label: string;
  body_site_code: string | null;
  body_site_display: string | null;
  laterality: string | null;
}

const toLesion = (r: LesionRow): Lesion => ({
  id: r.id,
  patientId: r.patient_id,
  number: r.number,
  label: r.label,
  bodySiteCode: r.body_site_code,
  bodySiteDisplay: r.body_site_display,
  laterality: r.laterality,
});

const COLUMNS = 'id, patient_id, number, label, body_site_code, body_site_display, laterality';

export function getLesion(db: Db, lesionId: string): Lesion {
  const row = db.prepare(`SELECT ${COLUMNS} FROM lesions WHERE id = ?`).get(lesionId) as LesionRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such lesion.');
  return toLesion(row);
}

/** The patient's lesions at a site and side (`IS` so a photo without a site finds lesions without one). */
export function lesionsAtSite(db: Db, patientId: string, site: { code: string | null; laterality: string | null }): Lesion[] {
  return (
    db
      .prepare(`SELECT ${COLUMNS} FROM lesions WHERE patient_id = ? AND body_site_code IS ? AND laterality IS ? ORDER BY number`)
      .all(patientId, site.code, site.laterality) as LesionRow[]
  ).map(toLesion);
}

/** A new lesion with the patient's next number (call inside a write transaction). */
export function createLesion(
  db: Db,
  input: { patientId: string; label: string; site: { code: string | null; display: string | null; laterality: string | null }; userId: string; at: Date },
): Lesion {
  const next = (db.prepare('SELECT coalesce(max(number), 0) + 1 FROM lesions WHERE patient_id = ?').pluck().get(input.patientId) as number) ?? 1;
  const id = newId();
  db.prepare(
    'INSERT INTO lesions (id, patient_id, number, label, body_site_code, body_site_display, laterality, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, input.patientId, next, input.label, input.site.code, input.site.display, input.site.laterality, input.at.toISOString(), input.userId);
  return getLesion(db, id);
}

/** True when every id is a lesion of this patient. */
export function lesionsBelongTo(db: Db, patientId: string, lesionIds: readonly string[]): boolean {
  const check = db.prepare('SELECT patient_id FROM lesions WHERE id = ?').pluck();
  return lesionIds.every((id) => check.get(id) === patientId);
}
