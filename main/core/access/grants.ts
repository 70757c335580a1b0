// Time-bound grants, managed by administrators: a named user may open one restricted patient, or
// every patient, between two instants (a locum's cover, a colleague covering a VIP's care). A grant
// lifts the patient-level rules for its scope; it never adds permissions beyond the user's role.
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

export interface GrantRow {
  id: string;
  user_id: string;
  user_name: string;
  patient_id: string | null;
  mrn: string | null;
  family_name: string | null;
  given_name: string | null;
  starts_at: string;
  expires_at: string;
  reason: string;
  granted_by_name: string;
  granted_at: string;
  revoked_at: string | null;
}

const SELECT = `
  SELECT g.id, g.user_id, u.display_name AS user_name, g.patient_id, p.mrn, p.family_name, p.given_name, g.starts_at, g.expires_at,
         g.reason, b.display_name AS granted_by_name, g.granted_at, g.revoked_at
  FROM access_grants g JOIN users u ON u.id = g.user_id JOIN users b ON b.id = g.granted_by LEFT JOIN patients p ON p.id = g.patient_id`;

export interface NewGrant {
  readonly userId: string;
  readonly patientId: string | null;
  readonly startsAt: string;
  readonly expiresAt: string;
  readonly reason: string;
}

export function createGrant(db: Db, at: Date, grantedBy: string, input: NewGrant): GrantRow {
  if (input.expiresAt <= input.startsAt) {
    throw new CoreError('VALIDATION_FAILED', 'The grant must end after it starts.', { expiresAt: 'must be after the start' });
  }
  if (input.expiresAt <= at.toISOString()) {
    throw new CoreError('VALIDATION_FAILED', 'The grant would already have expired.', { expiresAt: 'must be in the future' });
  }
  if (!db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(input.userId)) throw new CoreError('NOT_FOUND', 'No such active user.');
  const id = newId();
  db.prepare(
    `INSERT INTO access_grants (id, user_id, patient_id, starts_at, expires_at, reason, granted_by, granted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.userId, input.patientId, input.startsAt, input.expiresAt, input.reason, grantedBy, at.toISOString());
  return getGrant(db, id);
}

export function getGrant(db: Db, id: string): GrantRow {
  const row = db.prepare(`${SELECT} WHERE g.id = ?`).get(id) as GrantRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such grant.');
  return row;
}

export function revokeGrant(db: Db, at: Date, by: string, id: string): GrantRow {
  const grant = getGrant(db, id);
  if (grant.revoked_at === null) db.prepare('UPDATE access_grants SET revoked_at = ?, revoked_by = ? WHERE id = ?').run(at.toISOString(), by, id);
  return getGrant(db, id);
}

/** Grants not revoked and not yet expired (current and future), or all of them. */
export function listGrants(db: Db, now: Date, includeEnded: boolean): GrantRow[] {
  if (includeEnded) return db.prepare(`${SELECT} ORDER BY g.granted_at DESC`).all() as GrantRow[];
  return db.prepare(`${SELECT} WHERE g.revoked_at IS NULL AND g.expires_at > ? ORDER BY g.expires_at`).all(now.toISOString()) as GrantRow[];
}
