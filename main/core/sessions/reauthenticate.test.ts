// Re-authentication inside a session (the `keys.*` channels, changing one's password) through a
// real core: it shares the sign-in lock-out and back-off per username, tells nothing while the
// account is locked out, and every wrong password is a failed login in the audit and its anomalies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_THRESHOLDS } from '../../../shared/channels/audit';
import type { Result } from '../../../shared/result';
import { findAnomalies } from '../audit/anomalies';
import { FREE_ATTEMPTS, FIRST_LOCKOUT_MS } from '../auth/sign-in-throttle';
import { withDatabase } from '../access/test-staff';
import { ADMIN, initializedClinic } from '../test-support/fixtures';

const WRONG = 'not the right password at all';
let now: number;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z');
  clinic = await initializedClinic({ clock: () => new Date(now) });
});
afterEach(() => clinic.dispose());

const code = async (p: Promise<Result<unknown>>) => {
  const r = await p;
  return r.ok ? 'ok' : r.error.code;
};
const regenerate = (password: string) => code(clinic.client.api.keys.regenerateRecoveryCode({ password }));

describe('password checks inside a session', () => {
  it('keys.* lock out after the free attempts, refuse even the right password while locked out, and lock sign-in too', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) outcomes.push(await regenerate(WRONG));
    expect(outcomes.slice(0, FREE_ATTEMPTS)).toEqual(Array(FREE_ATTEMPTS).fill('INVALID_CREDENTIALS'));
    expect(outcomes.slice(FREE_ATTEMPTS)).toEqual(Array(20 - FREE_ATTEMPTS).fill('TOO_MANY_ATTEMPTS'));
    // No oracle: the right password gets the same answer as a wrong one while locked out.
    expect(await regenerate(ADMIN.password)).toBe('TOO_MANY_ATTEMPTS');
    expect(await code(clinic.client.api.keys.rotate({ password: ADMIN.password }))).toBe('TOO_MANY_ATTEMPTS');
    // The lock-out is the account's, not the channel's: a sign-in elsewhere is refused as well.
    expect(await code(clinic.core.connect().api.session.signIn({ username: ADMIN.username, password: ADMIN.password }))).toBe('TOO_MANY_ATTEMPTS');
    expect(await code(clinic.client.api.session.changePassword({ currentPassword: ADMIN.password, newPassword: 'another long passphrase 7' }))).toBe(
      'TOO_MANY_ATTEMPTS',
    );

    now += FIRST_LOCKOUT_MS + 1000;
    expect(await regenerate(ADMIN.password)).toBe('ok');
    // A right password clears the count: the next typo is a plain INVALID_CREDENTIALS again.
    expect(await regenerate(WRONG)).toBe('INVALID_CREDENTIALS');

    await withDatabase(clinic.dir, (db) => {
      const rows = db.prepare("SELECT action, outcome, detail FROM audit_events WHERE action LIKE 'session.%' AND outcome != 'success' ORDER BY seq").all() as Array<{
        action: string;
        outcome: string;
        detail: string;
      }>;
      expect(rows.filter((r) => r.action === 'session.sign-in' && r.outcome === 'failure')).toHaveLength(FREE_ATTEMPTS + 1);
      expect(rows.filter((r) => r.action === 'session.lock-out')).toHaveLength(1);
      expect(rows.filter((r) => r.detail === 'LOCKED_OUT').length).toBeGreaterThanOrEqual(20 - FREE_ATTEMPTS + 3);
      const failed = findAnomalies(db, new Date(now - 3_600_000).toISOString(), new Date(now + 60_000).toISOString(), DEFAULT_AUDIT_THRESHOLDS).anomalies;
      expect(failed.filter((a) => a.kind === 'failed-logins').map((a) => a.username)).toEqual([ADMIN.username]);
    });
  });
});
