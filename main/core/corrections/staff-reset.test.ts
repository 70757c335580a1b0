// Staff corrections through the real core (real vault): an administrator resets a forgotten
// password to a new initial one that must be changed at the next sign-in (the old one stops
// working, and whoever was signed in with it is signed out), edits a name and role, and sees each
// account's last sign-in.
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffMember } from '../../../shared/channels/users';
import type { SessionInfo } from '../../../shared/channels/session';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
import { withDatabase } from '../access/test-staff';

const NURSE = { username: 'jdoe', displayName: 'Jordan Doe', role: 'clinician', initialPassword: 'first-day-password-77' } as const;
const OWN = 'my-own-long-password-19';
const RESET = 'reset-by-admin-password-31';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function clinicWithNurse() {
  const c = await initializedClinic();
  dispose = c.dispose;
  const nurse = unwrap<StaffMember>(await c.client.api.users.create(NURSE));
  const window = c.core.connect();
  unwrap(await window.api.session.signIn({ username: NURSE.username, password: NURSE.initialPassword }));
  unwrap(await window.api.session.changePassword({ currentPassword: NURSE.initialPassword, newPassword: OWN }));
  return { ...c, nurse, window };
}

const staff = async (c: Awaited<ReturnType<typeof clinicWithNurse>>, id: string) => unwrap<StaffMember[]>(await c.client.api.users.list({})).find((s) => s.id === id)!;

describe('resetting a password', () => {
  it('sets a new initial password that must be changed, retires the old one and signs the account out', async () => {
    const c = await clinicWithNurse();
    expect((await staff(c, c.nurse.id)).lastSignInAt).not.toBeNull();
    const reset = unwrap<StaffMember>(await c.client.api.users.resetPassword({ userId: c.nurse.id, initialPassword: RESET }));
    expect(reset.mustChangePassword).toBe(true);
    // The window they had open is back at sign-in.
    expect(await c.window.api.session.current({})).toMatchObject({ ok: true, value: null });

    const other = c.core.connect();
    expect(await other.api.session.signIn({ username: NURSE.username, password: OWN })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    const signedIn = unwrap<{ step: string; session?: SessionInfo }>(await other.api.session.signIn({ username: NURSE.username, password: RESET }));
    expect(signedIn.step).toBe('signedIn');
    // Until they choose their own, only the password change is open to them.
    expect(await other.api.patients.search({ query: '' })).toMatchObject({ ok: false });
    unwrap(await other.api.session.changePassword({ currentPassword: RESET, newPassword: 'another-own-password-88' }));
    expect((await staff(c, c.nurse.id)).mustChangePassword).toBe(false);

    const audit = await withDatabase(c.dir, (db) => db.prepare("SELECT detail FROM audit_events WHERE action = 'user.password-reset'").pluck().all());
    expect(audit).toEqual([`user=${c.nurse.id}`]);
  });

  it('refuses a weak password, a disabled account and your own account, changing nothing', async () => {
    const c = await clinicWithNurse();
    const admin = unwrap<StaffMember[]>(await c.client.api.users.list({})).find((s) => s.username === ADMIN.username)!;
    expect(await c.client.api.users.resetPassword({ userId: c.nurse.id, initialPassword: 'short' })).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD' } });
    expect(await c.client.api.users.resetPassword({ userId: admin.id, initialPassword: RESET })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    unwrap(await c.client.api.users.disable({ userId: c.nurse.id }));
    expect(await c.client.api.users.resetPassword({ userId: c.nurse.id, initialPassword: RESET })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    unwrap(await c.client.api.users.enable({ userId: c.nurse.id, initialPassword: RESET }));
    expect(await c.core.connect().api.session.signIn({ username: NURSE.username, password: RESET })).toMatchObject({ ok: true });
  });
});

describe('the staff list', () => {
  it('shows each account\'s last sign-in, and none for an account never used', async () => {
    const c = await clinicWithNurse();
    const fresh = unwrap<StaffMember>(await c.client.api.users.create({ ...NURSE, username: 'newbie', displayName: 'New Starter' }));
    expect(fresh.lastSignInAt).toBeNull();
    const nurse = await staff(c, c.nurse.id);
    expect(Date.parse(nurse.lastSignInAt!)).toBeLessThanOrEqual(Date.now());
    const edited = unwrap<StaffMember>(await c.client.api.users.update({ userId: c.nurse.id, displayName: 'Jordan Doe-Whitfield', role: 'photographer' }));
    expect(edited).toMatchObject({ displayName: 'Jordan Doe-Whitfield', role: 'photographer', lastSignInAt: nurse.lastSignInAt });
  });
});
