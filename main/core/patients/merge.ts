// Merging two records of the same person (docs/corrections.md): the duplicate's encounters (and
// with them their worklist orders), consents and photos move to the surviving record; the
// duplicate keeps its row, marked merged into the survivor, so old links and wristbands still
// lead to the patient and the merge can be reviewed: who, when, why and what moved
// (`patient_merges`). Photos that had left are corrected at the receiving systems like any moved
// photo (corrections/photo-correction.ts), the consent gate asked again under the survivor's
// consents. Permission, access and the audit records are the handler's.
import type { Patient } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import { isRestricted } from '../access/policy';
import { moveConsentsOfPatient } from '../consent/reassign';
import { movePhotoForMerge, type PhotoCorrectionResult } from '../corrections/photo-correction';
import type { Db } from '../db/open';
import { allPhotoIdsOfPatient } from '../photos/corrections';
import { newId } from '../support/ids';
import { getActivePatient } from './corrections';
import { getPatient } from './patients';

export interface MergeMoved {
  readonly encounterIds: string[];
  readonly consentIds: string[];
  readonly photoIds: string[];
}

export interface MergeOutcome {
  readonly mergeId: string;
  readonly into: Patient;
  readonly moved: MergeMoved;
  readonly photos: PhotoCorrectionResult[];
}

export function mergePatients(db: Db, at: Date, userId: string, fromPatientId: string, intoPatientId: string, reason: string): MergeOutcome {
  if (fromPatientId === intoPatientId) throw new CoreError('VALIDATION_FAILED', 'Choose two different records.', { intoPatientId: 'is the same record' });
  getActivePatient(db, fromPatientId);
  const into = getActivePatient(db, intoPatientId);
  // A restriction protects the person, whichever record they are found under: the survivor must
  // carry it first (the privacy officer's decision, not a side effect of a merge).
  if (isRestricted(db, fromPatientId) && !isRestricted(db, intoPatientId)) {
    throw new CoreError('PATIENT_RESTRICTED', 'The duplicate record is restricted. Restrict the surviving record first, then merge.', { intoPatientId: 'is not restricted' });
  }
  const mergeId = newId();
  const encounterIds = db.prepare('SELECT id FROM encounters WHERE patient_id = ? ORDER BY started_at, id').pluck().all(fromPatientId) as string[];
  const photoIds = allPhotoIdsOfPatient(db, fromPatientId);
  // The merge row first: each moved photo's correction names it.
  db.prepare('INSERT INTO patient_merges (id, from_patient_id, into_patient_id, merged_at, merged_by, reason, moved_json) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    mergeId,
    fromPatientId,
    intoPatientId,
    at.toISOString(),
    userId,
    reason,
    '{}',
  );
  db.prepare('UPDATE encounters SET patient_id = ? WHERE patient_id = ?').run(intoPatientId, fromPatientId);
  const consentIds = moveConsentsOfPatient(db, fromPatientId, intoPatientId);
  const photos = photoIds.map((photoId) => movePhotoForMerge(db, { at, userId, reason, mergeId }, photoId, intoPatientId));
  const moved: MergeMoved = { encounterIds, consentIds, photoIds };
  db.prepare('UPDATE patient_merges SET moved_json = ? WHERE id = ?').run(JSON.stringify(moved), mergeId);
  db.prepare('UPDATE patients SET merged_into = ? WHERE id = ?').run(intoPatientId, fromPatientId);
  return { mergeId, into: getPatient(db, into.id), moved, photos };
}

export interface MergeRecord {
  readonly id: string;
  readonly fromPatientId: string;
  readonly intoPatientId: string;
  readonly at: string;
  readonly byName: string;
  readonly reason: string;
  readonly moved: MergeMoved;
}

/** The merges that involve the record, either way, oldest first. */
export function mergesOf(db: Db, patientId: string): MergeRecord[] {
  const rows = db
    .prepare(
      `SELECT m.id, m.from_patient_id, m.into_patient_id, m.merged_at, u.display_name, m.reason, m.moved_json
       FROM patient_merges m JOIN users u ON u.id = m.merged_by WHERE m.from_patient_id = ? OR m.into_patient_id = ? ORDER BY m.merged_at, m.id`,
    )
    .all(patientId, patientId) as Array<{ id: string; from_patient_id: string; into_patient_id: string; merged_at: string; display_name: string; reason: string; moved_json: string }>;
  return rows.map((r) => ({
    id: r.id,
    fromPatientId: r.from_patient_id,
    intoPatientId: r.into_patient_id,
    at: r.merged_at,
    byName: r.display_name,
    reason: r.reason,
    moved: JSON.parse(r.moved_json) as MergeMoved,
  }));
}
