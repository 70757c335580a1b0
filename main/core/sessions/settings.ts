// The clinic's session security settings (administrators change them): the idle time after which
// a session locks, and the roles that must use a second factor.
import type { SecuritySettings } from '../../../shared/channels/users';
import { ROLES, type Role } from '../../../shared/permissions';
import type { Db } from '../db/open';

export const DEFAULT_IDLE_LOCK_SECONDS = 300;

interface SettingsRow {
  idle_lock_seconds: number;
  second_factor_roles: string;
}

export function readSecuritySettings(db: Db): { idleLockSeconds: number; secondFactorRequiredFor: Role[] } {
  const row = db.prepare('SELECT idle_lock_seconds, second_factor_roles FROM security_settings WHERE id = 1').get() as SettingsRow | undefined;
  if (!row) return { idleLockSeconds: DEFAULT_IDLE_LOCK_SECONDS, secondFactorRequiredFor: [] };
  let roles: unknown;
  try {
    roles = JSON.parse(row.second_factor_roles);
  } catch {
    roles = [];
  }
  const required = Array.isArray(roles) ? ROLES.filter((r) => roles.includes(r)) : [];
  return { idleLockSeconds: row.idle_lock_seconds, secondFactorRequiredFor: required };
}

export function toPublicSettings(db: Db): SecuritySettings {
  const s = readSecuritySettings(db);
  return { idleLockMinutes: Math.max(1, Math.round(s.idleLockSeconds / 60)), secondFactorRequiredFor: s.secondFactorRequiredFor };
}

export function writeSecuritySettings(db: Db, settings: SecuritySettings): void {
  const roles = ROLES.filter((r) => settings.secondFactorRequiredFor.includes(r));
  db.prepare('UPDATE security_settings SET idle_lock_seconds = ?, second_factor_roles = ? WHERE id = 1').run(settings.idleLockMinutes * 60, JSON.stringify(roles));
}

export const secondFactorRequired = (db: Db, role: Role): boolean => readSecuritySettings(db).secondFactorRequiredFor.includes(role);
