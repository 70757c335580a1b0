// Patient registration and look-up by id, MRN or exact name. The search box is search.ts.
import type { Patient, Sex } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

export interface PatientRow {
  id: string;
  mrn: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  sex: Sex;
  created_at: string;
  merged_into: string | null;
  entered_in_error_at: string | null;
}

export const COLUMNS = 'id, mrn, family_name, given_name, birth_date, sex, created_at, merged_into, entered_in_error_at';

/** Records merged into another or entered in error are kept but never listed (docs/corrections.md). */
export const ACTIVE = 'merged_into IS NULL AND entered_in_error_at IS NULL';

export const toPatient = (r: PatientRow): Patient => ({
  id: r.id,
  mrn: r.mrn,
  familyName: r.family_name,
  givenName: r.given_name,
  birthDate: r.birth_date,
  sex: r.sex,
  createdAt: r.created_at,
  ...(r.merged_into ? { mergedInto: r.merged_into } : {}),
  ...(r.entered_in_error_at ? { enteredInError: true } : {}),
});

/** Lower-case, accents folded, single spaces: "Müller-Łukasz " → "muller-lukasz". */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Stored search key: "family\u001fgiven", so a prefix on family or on the whole key both index. */
export const searchKey = (family: string, given: string): string => `${foldName(family)}\u001f${foldName(given)}`;

export interface NewPatient {
  mrn: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: Sex;
}

export function registerPatient(db: Db, at: Date, createdBy: string, input: NewPatient): Patient {
  if (input.birthDate > at.toISOString().slice(0, 10)) {
    throw new CoreError('VALIDATION_FAILED', 'Date of birth cannot be in the future.', { birthDate: 'cannot be in the future' });
  }
  if (db.prepare('SELECT 1 FROM patients WHERE mrn = ?').get(input.mrn)) {
    throw new CoreError('MRN_TAKEN', 'Another patient already has this MRN.', { mrn: 'is already in use' });
  }
  const row: PatientRow = {
    id: newId(),
    mrn: input.mrn,
    family_name: input.familyName,
    given_name: input.givenName,
    birth_date: input.birthDate,
    sex: input.sex,
    created_at: at.toISOString(),
    merged_into: null,
    entered_in_error_at: null,
  };
  db.prepare(
    `INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.id, row.mrn, row.family_name, row.given_name, searchKey(row.family_name, row.given_name), row.birth_date, row.sex, row.created_at, createdBy);
  return toPatient(row);
}

export function getPatient(db: Db, id: string): Patient {
  const row = db.prepare(`SELECT ${COLUMNS} FROM patients WHERE id = ?`).get(id) as PatientRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such patient.');
  return toPatient(row);
}

/**
 * The patient with this MRN. A record merged into another answers with the record it was merged
 * into (a wristband printed before the merge still finds the patient); one entered in error, none.
 */
export function findPatientByMrn(db: Db, mrn: string): Patient | null {
  let row = db.prepare(`SELECT ${COLUMNS} FROM patients WHERE mrn = ?`).get(mrn) as PatientRow | undefined;
  // Merges chain at most as often as records were merged; the bound only guards a corrupt cycle.
  for (let hops = 0; row?.merged_into && hops < 16; hops += 1) row = db.prepare(`SELECT ${COLUMNS} FROM patients WHERE id = ?`).get(row.merged_into) as PatientRow | undefined;
  return row && !row.entered_in_error_at && !row.merged_into ? toPatient(row) : null;
}

/** Patients with exactly this (folded) family and given name and birth date: a duplicate check. */
export function findPatientsByNameAndBirthDate(db: Db, familyName: string, givenName: string, birthDate: string): Patient[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM patients WHERE search_name = ? AND birth_date = ? AND ${ACTIVE} LIMIT 10`).all(searchKey(familyName, givenName), birthDate) as PatientRow[];
  return rows.map(toPatient);
}
