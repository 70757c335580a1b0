// Who may be an encounter's provider: the active clinicians and administrators (PROVIDER_ROLES),
// never an account that is disabled or past its access expiry. Checking a patient in names one of
// them; the photos captured into the encounter carry that provider, whoever holds the camera.
import type { UserSummary } from '../../../shared/domain';
import type { Provider } from '../../../shared/channels/patients';
import { CoreError } from '../../../shared/errors';
import { PROVIDER_ROLES, isProviderRole } from '../../../shared/permissions';
import type { Db } from '../db/open';

interface ProviderRow {
  id: string;
  display_name: string;
  role: Provider['role'];
}

const ACTIVE_PROVIDERS = `
  SELECT id, display_name, role FROM users
  WHERE role IN (${PROVIDER_ROLES.map(() => '?').join(', ')}) AND disabled_at IS NULL
    AND (access_expires_at IS NULL OR access_expires_at > ?)`;

/** The staff a check-in may name as provider, by name. */
export function listProviders(db: Db, now: Date): Provider[] {
  const rows = db.prepare(`${ACTIVE_PROVIDERS} ORDER BY display_name COLLATE NOCASE, id`).all(...PROVIDER_ROLES, now.toISOString()) as ProviderRow[];
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
}

/**
 * The provider for a new encounter: the one named, if they may be one; otherwise the caller, if
 * their role may be a provider. A photographer or the front desk must name one: the stored
 * provider is the clinician responsible, never silently whoever pressed the button.
 */
export function resolveProvider(db: Db, now: Date, caller: UserSummary, providerId: string | undefined): string {
  if (providerId === undefined) {
    if (isProviderRole(caller.role)) return caller.id;
    throw new CoreError('VALIDATION_FAILED', 'Choose the clinician this encounter is for.', { providerId: 'is required' });
  }
  const row = db.prepare(`${ACTIVE_PROVIDERS} AND id = ?`).get(...PROVIDER_ROLES, now.toISOString(), providerId) as ProviderRow | undefined;
  if (!row) throw new CoreError('VALIDATION_FAILED', 'That person cannot be the provider: choose an active clinician.', { providerId: 'is not an active clinician or administrator' });
  return row.id;
}
