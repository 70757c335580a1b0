// The one check every patient-touching use-case makes (through CoreServices.requirePatientAccess):
// the account is still active, the patient exists, and the patient-level rules allow the need.
import type { UserSummary } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { assertAccountActive } from './accounts';
import { patientAccess, refusalFor, type PatientAccess, type PatientNeed } from './policy';

const MESSAGES = {
  PATIENT_RESTRICTED: 'This patient’s record is restricted. Access needs a grant or a stated reason (break-glass).',
  NO_CARE_RELATIONSHIP: 'You can see photos of patients in your own encounters. Start an encounter, or state a reason (break-glass).',
} as const;

export function checkPatientAccess(db: Db, user: UserSummary, patientId: string, now: Date, need: PatientNeed): PatientAccess {
  assertAccountActive(db, user.id, now);
  if (!db.prepare('SELECT 1 FROM patients WHERE id = ?').get(patientId)) throw new CoreError('NOT_FOUND', 'No such patient.');
  const access = patientAccess(db, user, patientId, now);
  const refusal = refusalFor(access, need);
  if (refusal) throw new CoreError(refusal, MESSAGES[refusal]);
  return access;
}
