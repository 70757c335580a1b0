// Encounters: a visit of a patient with a provider; photos are captured into one.
import type { Encounter } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { encounterPhotoCountSql } from '../photos/photo-lookups';
import { newId } from '../support/ids';
import { getPatient } from './patients';

interface EncounterRow {
  id: string;
  patient_id: string;
  started_at: string;
  provider_id: string;
  provider_name: string;
  reason: string;
  photo_count: number;
}

const SELECT = `
  SELECT e.id, e.patient_id, e.started_at, e.provider_id, u.display_name AS provider_name, e.reason,
         ${encounterPhotoCountSql('e.id')} AS photo_count
  FROM encounters e JOIN users u ON u.id = e.provider_id`;

const toEncounter = (r: EncounterRow): Encounter => ({
  id: r.id,
  patientId: r.patient_id,
  startedAt: r.started_at,
  providerId: r.provider_id,
  providerName: r.provider_name,
  reason: r.reason,
  photoCount: r.photo_count,
});

export function startEncounter(db: Db, at: Date, providerId: string, input: { patientId: string; reason: string }): Encounter {
  getPatient(db, input.patientId);
  const id = newId();
  db.prepare('INSERT INTO encounters (id, patient_id, provider_id, started_at, reason) VALUES (?, ?, ?, ?, ?)').run(
    id,
    input.patientId,
    providerId,
    at.toISOString(),
    input.reason,
  );
  return getEncounter(db, id);
}

export function getEncounter(db: Db, id: string): Encounter {
  const row = db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as EncounterRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such encounter.');
  return toEncounter(row);
}

export function listEncounters(db: Db, patientId: string): Encounter[] {
  getPatient(db, patientId);
  return (db.prepare(`${SELECT} WHERE e.patient_id = ? ORDER BY e.started_at DESC`).all(patientId) as EncounterRow[]).map(toEncounter);
}
