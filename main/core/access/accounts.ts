// Account access expiry: after `access_expires_at` an account may not sign in or open patients
// (a locum's last day). The identity sign-in calls assertAccountActive after unwrapping the slot.
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';

/** Throws ACCOUNT_EXPIRED when the user's access expiry has passed; unknown users are NOT_FOUND. */
export function assertAccountActive(db: Db, userId: string, now: Date): void {
  const row = db.prepare('SELECT access_expires_at FROM users WHERE id = ?').get(userId) as { access_expires_at: string | null } | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such user.');
  if (row.access_expires_at !== null && row.access_expires_at <= now.toISOString()) {
    throw new CoreError('ACCOUNT_EXPIRED', 'This account’s access has expired. Ask an administrator to extend it.');
  }
}

export function setAccountExpiry(db: Db, userId: string, expiresAt: string | null): void {
  const changed = db.prepare('UPDATE users SET access_expires_at = ? WHERE id = ?').run(expiresAt, userId).changes;
  if (changed === 0) throw new CoreError('NOT_FOUND', 'No such user.');
}

export interface StaffAccessRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  disabled_at: string | null;
  access_expires_at: string | null;
}

export function listStaffAccess(db: Db): StaffAccessRow[] {
  return db
    .prepare('SELECT id, username, display_name, role, disabled_at, access_expires_at FROM users ORDER BY display_name COLLATE NOCASE, username')
    .all() as StaffAccessRow[];
}
