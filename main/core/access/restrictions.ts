// Restricted patients (staff members, VIPs, legal holds on disclosure, a patient's own request):
// marked by the privacy officer or an administrator with a category and a reason. The reason is
// free text kept in the encrypted database, never in logs or audit details.
import type { RESTRICTION_CATEGORIES } from '../../../shared/channels/access';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';

export type RestrictionCategory = (typeof RESTRICTION_CATEGORIES)[number];

export interface RestrictionRow {
  patient_id: string;
  mrn: string;
  family_name: string;
  given_name: string;
  category: RestrictionCategory;
  reason: string;
  restricted_by_name: string;
  restricted_at: string;
}

const SELECT = `
  SELECT r.patient_id, p.mrn, p.family_name, p.given_name, r.category, r.reason, u.display_name AS restricted_by_name, r.restricted_at
  FROM patient_restrictions r JOIN patients p ON p.id = r.patient_id JOIN users u ON u.id = r.restricted_by`;

export function restrictPatient(db: Db, at: Date, by: string, input: { patientId: string; category: RestrictionCategory; reason: string }): RestrictionRow {
  db.prepare(
    `INSERT INTO patient_restrictions (patient_id, category, reason, restricted_by, restricted_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (patient_id) DO UPDATE SET category = excluded.category, reason = excluded.reason,
       restricted_by = excluded.restricted_by, restricted_at = excluded.restricted_at`,
  ).run(input.patientId, input.category, input.reason, by, at.toISOString());
  return db.prepare(`${SELECT} WHERE r.patient_id = ?`).get(input.patientId) as RestrictionRow;
}

export function unrestrictPatient(db: Db, patientId: string): void {
  if (db.prepare('DELETE FROM patient_restrictions WHERE patient_id = ?').run(patientId).changes === 0) {
    throw new CoreError('NOT_FOUND', 'This patient is not restricted.');
  }
}

export function listRestrictions(db: Db): RestrictionRow[] {
  return db.prepare(`${SELECT} ORDER BY r.restricted_at DESC`).all() as RestrictionRow[];
}

/** The subset of these patient ids that are restricted. */
export function restrictedAmong(db: Db, patientIds: readonly string[]): Set<string> {
  if (patientIds.length === 0) return new Set();
  const rows = db
    .prepare(`SELECT patient_id FROM patient_restrictions WHERE patient_id IN (${patientIds.map(() => '?').join(',')})`)
    .pluck()
    .all(...patientIds) as string[];
  return new Set(rows);
}
