// Correcting a patient record (docs/corrections.md): demographics edited with a reason, the values
// before and after each edit kept in `patient_history`; a registration marked as entered in error
// (kept, hidden from every list, refused while it still holds photos); and the record's history in
// words a person can read. Merging two records is merge.ts. Permission, access and the audit
// record are the handler's (handlers/corrections.ts); this module owns the SQL.
import type { Patient, Sex } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';
import { getPatient, searchKey } from './patients';

export const DEMOGRAPHIC_FIELDS = ['mrn', 'familyName', 'givenName', 'birthDate', 'sex'] as const;
export type DemographicField = (typeof DEMOGRAPHIC_FIELDS)[number];
export type Demographics = Pick<Patient, DemographicField>;

/** A patient that takes changes: not merged into another record, not entered in error. */
export function getActivePatient(db: Db, patientId: string): Patient {
  const patient = getPatient(db, patientId);
  if (patient.mergedInto) throw new CoreError('PATIENT_INACTIVE', 'This record was merged into another; correct that record instead.', { patientId: 'was merged' });
  if (patient.enteredInError) throw new CoreError('PATIENT_INACTIVE', 'This registration was marked as entered in error.', { patientId: 'was entered in error' });
  return patient;
}

export interface DemographicsEdit {
  readonly changes: Array<{ field: DemographicField; before: string; after: string }>;
  readonly patient: Patient;
}

/**
 * Applies the changed fields and keeps the earlier values. A change that changes nothing is
 * refused (nothing to audit); a birth date in the future or an MRN another record holds is refused
 * naming the field. Call inside the transaction that writes the audit record.
 */
export function editDemographics(db: Db, at: Date, userId: string, patientId: string, input: Partial<Demographics>, reason: string): DemographicsEdit {
  const before = getActivePatient(db, patientId);
  const changes = DEMOGRAPHIC_FIELDS.filter((f) => input[f] !== undefined && input[f] !== before[f]).map((field) => ({
    field,
    before: before[field],
    after: input[field] as string,
  }));
  if (changes.length === 0) throw new CoreError('VALIDATION_FAILED', 'Nothing was changed.', { reason: 'change at least one field' });
  const after: Demographics = { ...pick(before), ...Object.fromEntries(changes.map((c) => [c.field, c.after])) };
  if (after.birthDate > at.toISOString().slice(0, 10)) throw new CoreError('VALIDATION_FAILED', 'Date of birth cannot be in the future.', { birthDate: 'cannot be in the future' });
  if (after.mrn !== before.mrn && db.prepare('SELECT 1 FROM patients WHERE mrn = ? AND id <> ?').get(after.mrn, patientId)) {
    throw new CoreError('MRN_TAKEN', 'Another patient already has this MRN.', { mrn: 'is already in use' });
  }
  db.prepare('UPDATE patients SET mrn = ?, family_name = ?, given_name = ?, search_name = ?, birth_date = ?, sex = ? WHERE id = ?').run(
    after.mrn,
    after.familyName,
    after.givenName,
    searchKey(after.familyName, after.givenName),
    after.birthDate,
    after.sex,
    patientId,
  );
  const beforeValues = Object.fromEntries(changes.map((c) => [c.field, c.before]));
  const afterValues = Object.fromEntries(changes.map((c) => [c.field, c.after]));
  db.prepare('INSERT INTO patient_history (id, patient_id, changed_at, changed_by, reason, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    newId(),
    patientId,
    at.toISOString(),
    userId,
    reason,
    JSON.stringify(beforeValues),
    JSON.stringify(afterValues),
  );
  return { changes, patient: getPatient(db, patientId) };
}

const pick = (p: Patient): Demographics => ({ mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: p.sex as Sex });

/** Hides the registration from every list; the row, its history and its audit trail stay. */
export function markEnteredInError(db: Db, at: Date, userId: string, patientId: string, reason: string): Patient {
  getActivePatient(db, patientId);
  db.prepare('UPDATE patients SET entered_in_error_at = ?, entered_in_error_by = ?, entered_in_error_reason = ? WHERE id = ?').run(at.toISOString(), userId, reason, patientId);
  return getPatient(db, patientId);
}

export interface DemographicsHistoryEntry {
  readonly at: string;
  readonly byName: string;
  readonly reason: string;
  readonly changes: Array<{ field: DemographicField; before: string; after: string }>;
}

/** Every edit of the record's demographics, oldest first. */
export function demographicsHistory(db: Db, patientId: string): DemographicsHistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT h.changed_at, u.display_name, h.reason, h.before_json, h.after_json FROM patient_history h JOIN users u ON u.id = h.changed_by
       WHERE h.patient_id = ? ORDER BY h.changed_at, h.id`,
    )
    .all(patientId) as Array<{ changed_at: string; display_name: string; reason: string; before_json: string; after_json: string }>;
  return rows.map((r) => {
    const before = JSON.parse(r.before_json) as Record<string, string>;
    const after = JSON.parse(r.after_json) as Record<string, string>;
    const changes = DEMOGRAPHIC_FIELDS.filter((f) => f in after).map((field) => ({ field, before: before[field] ?? '', after: after[field] ?? '' }));
    return { at: r.changed_at, byName: r.display_name, reason: r.reason, changes };
  });
}

/** When, by whom and why the registration was marked as entered in error, if it was. */
export function enteredInErrorRecord(db: Db, patientId: string): { at: string; byName: string; reason: string } | null {
  const row = db
    .prepare(
      `SELECT p.entered_in_error_at AS at, u.display_name AS byName, p.entered_in_error_reason AS reason
       FROM patients p JOIN users u ON u.id = p.entered_in_error_by WHERE p.id = ? AND p.entered_in_error_at IS NOT NULL`,
    )
    .get(patientId) as { at: string; byName: string; reason: string } | undefined;
  return row ?? null;
}
