// Staff accounts as the database knows them. Passwords live only in vault key slots: a user can
// sign in exactly when their slot unwraps the vault key.
import { ROLES, type Role } from '../../../shared/permissions';
import type { UserSummary } from '../../../shared/domain';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  disabled_at: string | null;
}

export function insertUser(db: Db, at: Date, user: { username: string; displayName: string; role: Role }): UserSummary {
  const id = newId();
  db.prepare('INSERT INTO users (id, username, display_name, role, created_at) VALUES (?, ?, ?, ?, ?)').run(
    id,
    user.username,
    user.displayName,
    user.role,
    at.toISOString(),
  );
  return { id, username: user.username, displayName: user.displayName, role: user.role };
}

/** An active user by username, or null when unknown or disabled. */
export function findActiveUser(db: Db, username: string): UserSummary | null {
  const row = db.prepare('SELECT id, username, display_name, role, disabled_at FROM users WHERE username = ?').get(username) as UserRow | undefined;
  if (!row || row.disabled_at !== null || !(ROLES as readonly string[]).includes(row.role)) return null;
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role as Role };
}

export function clinicName(db: Db): string {
  return (db.prepare('SELECT name FROM clinic WHERE id = 1').pluck().get() as string | undefined) ?? '';
}
