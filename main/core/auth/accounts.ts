// Staff administration in the database: the list administrators see, the first-sign-in flag, and
// the rule that a clinic always keeps at least one active administrator.
import { CoreError } from '../../../shared/errors';
import type { StaffMember } from '../../../shared/channels/users';
import type { Role } from '../../../shared/permissions';
import type { Db } from '../db/open';

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  created_at: string;
  disabled_at: string | null;
  must_change_password: number;
  second_factor: number;
  last_sign_in_at: string | null;
}

const STAFF_SELECT = `
  SELECT u.id, u.username, u.display_name, u.role, u.created_at, u.disabled_at, u.must_change_password,
         (t.confirmed_at IS NOT NULL) AS second_factor,
         -- Newest first along audit_events_by_user: stops at the latest sign-in, however long the trail.
         (SELECT a.at FROM audit_events a WHERE a.user_id = u.id AND a.action = 'session.sign-in' AND a.outcome = 'success'
          ORDER BY a.at DESC LIMIT 1) AS last_sign_in_at
  FROM users u LEFT JOIN user_totp t ON t.user_id = u.id`;

const toStaff = (r: StaffRow): StaffMember => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  mustChangePassword: r.must_change_password === 1,
  secondFactor: r.second_factor === 1,
  lastSignInAt: r.last_sign_in_at,
});

export function listStaff(db: Db): StaffMember[] {
  return (db.prepare(`${STAFF_SELECT} ORDER BY u.disabled_at IS NOT NULL, u.display_name COLLATE NOCASE`).all() as StaffRow[]).map(toStaff);
}

export function getStaff(db: Db, userId: string): StaffMember {
  const row = db.prepare(`${STAFF_SELECT} WHERE u.id = ?`).get(userId) as StaffRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No staff member has this id.');
  return toStaff(row);
}

/** Any user (active or disabled) by username, for audit attribution of failed sign-ins. */
export function userIdByUsername(db: Db, username: string): string | null {
  return (db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username.trim().toLowerCase()) as string | undefined) ?? null;
}

export const usernames = (db: Db): Array<{ id: string; username: string }> =>
  db.prepare('SELECT id, username FROM users').all() as Array<{ id: string; username: string }>;

export function mustChangePassword(db: Db, userId: string): boolean {
  return db.prepare('SELECT must_change_password FROM users WHERE id = ?').pluck().get(userId) === 1;
}

export function setMustChangePassword(db: Db, userId: string, value: boolean): void {
  db.prepare('UPDATE users SET must_change_password = ? WHERE id = ?').run(value ? 1 : 0, userId);
}

/** Refuses a change that would leave the clinic without an active administrator. */
export function assertKeepsAnAdministrator(db: Db, userId: string): void {
  const others = db
    .prepare("SELECT count(*) FROM users WHERE role = 'administrator' AND disabled_at IS NULL AND id <> ?")
    .pluck()
    .get(userId) as number;
  if (others === 0) throw new CoreError('LAST_ADMINISTRATOR', 'The clinic must keep at least one active administrator.');
}
