// Patient-level access: the rules applied after the router's role check, for one user and one
// patient at one instant. A restricted patient needs a live grant or break-glass; a role that sees
// photos only through a care relationship (photographers) needs an encounter with the patient
// inside the care window, a grant, or break-glass. See docs/access-control.md.
import type { UserSummary } from '../../../shared/domain';
import type { Role } from '../../../shared/permissions';
import type { Db } from '../db/open';
import { hasCapturedPatientSince } from '../photos/photo-lookups';
import { getAccessSettings } from './settings';

/** Roles whose photo access follows the care relationship rather than the whole clinic. */
export const CARE_RELATIONSHIP_ROLES: readonly Role[] = ['photographer'];

/** What the caller needs: the record (demographics, encounters, capture into it) or its photos. */
export type PatientNeed = 'record' | 'photos';

export type RecordAccess = 'open' | 'grant' | 'break-glass' | 'none';
export type PhotoAccess = RecordAccess | 'care';

export interface PatientAccess {
  readonly restricted: boolean;
  readonly record: RecordAccess;
  readonly photos: PhotoAccess;
  readonly grantExpiresAt: string | null;
  readonly breakGlassExpiresAt: string | null;
}

export const isRestricted = (db: Db, patientId: string): boolean =>
  db.prepare('SELECT 1 FROM patient_restrictions WHERE patient_id = ?').get(patientId) !== undefined;

/** The latest expiry among the user's live grants covering this patient (or every patient). */
export function liveGrantExpiry(db: Db, userId: string, patientId: string, now: Date): string | null {
  const at = now.toISOString();
  return (
    (db
      .prepare(
        `SELECT max(expires_at) FROM access_grants
         WHERE user_id = ? AND (patient_id IS NULL OR patient_id = ?) AND revoked_at IS NULL AND starts_at <= ? AND expires_at > ?`,
      )
      .pluck()
      .get(userId, patientId, at, at) as string | null) ?? null
  );
}

export function liveBreakGlassExpiry(db: Db, userId: string, patientId: string, now: Date): string | null {
  const at = now.toISOString();
  return (
    (db
      .prepare(
        `SELECT max(expires_at) FROM break_glass
         WHERE user_id = ? AND patient_id = ? AND ended_at IS NULL AND started_at <= ? AND expires_at > ?`,
      )
      .pluck()
      .get(userId, patientId, at, at) as string | null) ?? null
  );
}

/**
 * Inside the care window the user is an encounter's provider for the patient, checked the patient
 * in (started an encounter for a provider: the audit record is the one place that says who did),
 * or captured a photo of them.
 */
export function hasCareRelationship(db: Db, userId: string, patientId: string, now: Date): boolean {
  const since = new Date(now.getTime() - getAccessSettings(db).careWindowDays * 86_400_000).toISOString();
  const encounter = db.prepare('SELECT 1 FROM encounters WHERE patient_id = ? AND provider_id = ? AND started_at >= ? LIMIT 1').get(patientId, userId, since);
  if (encounter) return true;
  // The patient's own records since the window opened are the short list; left to itself the
  // planner may take the action index (every check-in of the clinic) or, on a young trail, a scan.
  const checkedIn = db
    .prepare(
      "SELECT 1 FROM audit_events INDEXED BY audit_events_by_patient WHERE patient_id = ? AND at >= ? AND user_id = ? AND action = 'encounter.start' AND outcome = 'success' LIMIT 1",
    )
    .get(patientId, since, userId);
  if (checkedIn) return true;
  return hasCapturedPatientSince(db, userId, patientId, since);
}

export function patientAccess(db: Db, user: UserSummary, patientId: string, now: Date): PatientAccess {
  const restricted = isRestricted(db, patientId);
  const grantExpiresAt = liveGrantExpiry(db, user.id, patientId, now);
  const breakGlassExpiresAt = liveBreakGlassExpiry(db, user.id, patientId, now);
  // The strongest ordinary right wins; break-glass is reported only when it is what opens the door,
  // so the UI's banner means "you are here because you broke the glass".
  const record: RecordAccess = !restricted ? 'open' : grantExpiresAt ? 'grant' : breakGlassExpiresAt ? 'break-glass' : 'none';
  let photos: PhotoAccess = record;
  if (record === 'open' && CARE_RELATIONSHIP_ROLES.includes(user.role)) {
    photos = hasCareRelationship(db, user.id, patientId, now) ? 'care' : grantExpiresAt ? 'grant' : breakGlassExpiresAt ? 'break-glass' : 'none';
  }
  return { restricted, record, photos, grantExpiresAt, breakGlassExpiresAt };
}

/** The error code for a refusal, or null when the user may proceed. */
export function refusalFor(access: PatientAccess, need: PatientNeed): 'PATIENT_RESTRICTED' | 'NO_CARE_RELATIONSHIP' | null {
  if (access.record === 'none') return 'PATIENT_RESTRICTED';
  if (need === 'photos' && access.photos === 'none') return 'NO_CARE_RELATIONSHIP';
  return null;
}
