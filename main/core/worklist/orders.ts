// Choosing a worklist entry: the wrong-patient guard, then the patient, the encounter and the order
// it carries. The guard follows the local search's rule (docs/interop.md, "Modality Worklist"):
// two identifiers confirm a patient (MRN and birth date); a local patient with the same MRN but
// another birth date, an entry without a birth date for an existing MRN, or a local patient with
// the same name and birth date under another MRN (the same person twice?) is ambiguous and blocks
// capture with PATIENT_MISMATCH until someone resolves it. No match at all registers the patient
// from the entry. The order row ties the encounter to the accession, requested procedure and
// scheduled step; choosing the same step again reopens the same encounter.
import type { WorklistEntry } from '../../../shared/channels/worklist';
import { SEXES, type Sex } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { startEncounter } from '../patients/encounters';
import { findPatientByMrn, foldName, registerPatient } from '../patients/patients';

/** The order an encounter was opened from, as the DICOM and FHIR builders use it. */
export interface WorklistOrder {
  readonly accessionNumber: string;
  readonly requestedProcedureId: string;
  readonly requestedProcedureDescription: string;
  readonly scheduledStepId: string;
  readonly scheduledStepDescription: string;
  readonly studyInstanceUid: string | null;
}

interface OrderRow {
  accession_number: string;
  requested_procedure_id: string;
  requested_procedure_description: string;
  scheduled_step_id: string;
  scheduled_step_description: string;
  study_instance_uid: string | null;
}

/** The order of an encounter, or null (a visit opened by hand, or a database before 0014). */
export function orderForEncounter(db: Db, encounterId: string): WorklistOrder | null {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'worklist_orders'").get();
  if (!exists) return null;
  const r = db
    .prepare(
      'SELECT accession_number, requested_procedure_id, requested_procedure_description, scheduled_step_id, scheduled_step_description, study_instance_uid FROM worklist_orders WHERE encounter_id = ?',
    )
    .get(encounterId) as OrderRow | undefined;
  return r
    ? {
        accessionNumber: r.accession_number,
        requestedProcedureId: r.requested_procedure_id,
        requestedProcedureDescription: r.requested_procedure_description,
        scheduledStepId: r.scheduled_step_id,
        scheduledStepDescription: r.scheduled_step_description,
        studyInstanceUid: r.study_instance_uid,
      }
    : null;
}

/** Which local patient an entry names; throws PATIENT_MISMATCH when that cannot be told safely. */
export function matchWorklistPatient(db: Db, entry: WorklistEntry): { id: string } | null {
  const byMrn = findPatientByMrn(db, entry.mrn);
  if (byMrn) {
    if (!entry.birthDate) {
      throw new CoreError('PATIENT_MISMATCH', 'The worklist entry has no birth date, so its patient cannot be confirmed against the local record. Check the order in the worklist system.');
    }
    if (byMrn.birthDate !== entry.birthDate) {
      throw new CoreError('PATIENT_MISMATCH', 'The local patient with this MRN has a different birth date than the worklist entry. Capture is blocked until the records agree.');
    }
    return { id: byMrn.id };
  }
  if (!entry.birthDate) throw new CoreError('PATIENT_MISMATCH', 'The worklist entry has no birth date; a patient cannot be registered from it.');
  const twin = db
    .prepare('SELECT count(*) FROM patients WHERE search_name = ? AND birth_date = ?')
    .pluck()
    .get(`${foldName(entry.familyName)}\u001f${foldName(entry.givenName)}`, entry.birthDate) as number;
  if (twin > 0) {
    throw new CoreError('PATIENT_MISMATCH', 'A local patient with the same name and birth date has a different MRN. Capture is blocked until someone checks which record is right.');
  }
  return null;
}

const sexOf = (s: string): Sex => ((SEXES as readonly string[]).includes(s) ? (s as Sex) : 'U');

/**
 * Inside the caller's write transaction: the patient (matched or registered), and the encounter of
 * this scheduled step (reopened if it was chosen before, else started with its order).
 */
export function chooseWorklistEntry(
  db: Db,
  at: Date,
  userId: string,
  entry: WorklistEntry,
  matched: { id: string } | null,
  /** The new encounter's provider, asked only when one is started (a reopened one keeps its own). */
  provider: () => string,
): { patientId: string; encounterId: string; patientCreated: boolean } {
  if (!entry.familyName) throw new CoreError('VALIDATION_FAILED', 'The worklist entry has no patient name.', { entry: 'has no patient name' });
  const patientId =
    matched?.id ??
    registerPatient(db, at, userId, { mrn: entry.mrn, familyName: entry.familyName, givenName: entry.givenName, birthDate: entry.birthDate!, sex: sexOf(entry.sex) }).id;
  const previous = db
    .prepare(
      `SELECT o.encounter_id FROM worklist_orders o JOIN encounters e ON e.id = o.encounter_id
       WHERE o.accession_number = ? AND o.scheduled_step_id = ? AND e.patient_id = ?`,
    )
    .pluck()
    .get(entry.accessionNumber, entry.scheduledStepId, patientId) as string | undefined;
  if (previous) return { patientId, encounterId: previous, patientCreated: false };
  const reason = entry.requestedProcedureDescription || entry.scheduledStepDescription;
  const encounter = startEncounter(db, at, provider(), { patientId, reason });
  db.prepare(
    `INSERT INTO worklist_orders (encounter_id, accession_number, requested_procedure_id, requested_procedure_description, scheduled_step_id,
       scheduled_step_description, scheduled_at, study_instance_uid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    encounter.id,
    entry.accessionNumber,
    entry.requestedProcedureId,
    entry.requestedProcedureDescription,
    entry.scheduledStepId,
    entry.scheduledStepDescription,
    entry.scheduledAt,
    /^[0-9.]{1,64}$/.test(entry.studyInstanceUid) ? entry.studyInstanceUid : null,
    at.toISOString(),
  );
  return { patientId, encounterId: encounter.id, patientCreated: matched === null };
}
