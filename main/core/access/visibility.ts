// What patient lists show. A restricted patient the caller cannot open is left out of name and
// date-of-birth searches (browsing must not reveal that a VIP or a colleague is a patient here) but
// is found by its exact MRN, flagged, so staff with the wristband in hand can request access.
import type { Patient, UserSummary } from '../../../shared/domain';
import type { Db } from '../db/open';
import { liveBreakGlassExpiry, liveGrantExpiry } from './policy';
import { restrictedAmong } from './restrictions';

export function visiblePatients<P extends Patient>(db: Db, user: UserSummary, now: Date, patients: readonly P[], query: string): P[] {
  const restricted = restrictedAmong(
    db,
    patients.map((p) => p.id),
  );
  const exact = query.trim().toLowerCase();
  return patients.flatMap((p) => {
    if (!restricted.has(p.id)) return [p];
    const mayOpen = liveGrantExpiry(db, user.id, p.id, now) !== null || liveBreakGlassExpiry(db, user.id, p.id, now) !== null;
    return mayOpen || p.mrn.toLowerCase() === exact ? [{ ...p, restricted: true }] : [];
  });
}

/** The patient with its restricted flag, for a caller already allowed to see it. */
export const flagRestricted = (db: Db, patient: Patient): Patient => (restrictedAmong(db, [patient.id]).size > 0 ? { ...patient, restricted: true } : patient);
