// Every channel × every role through a REAL core: a real signed-in user of each role calls each
// channel, and the outcome must follow shared/permissions.ts — refused with PERMISSION_DENIED (and
// an audit record 'denied') exactly when the matrix says no, never refused at the door otherwise.
// (main/core/router.test.ts checks the same door in isolation.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelEntries, type ChannelDef } from '../../../shared/contract';
import { ROLE_PERMISSIONS, ROLES, roleHasPermission, type Permission, type Role } from '../../../shared/permissions';
import type { CoreClient } from '../core';
import { ADMIN, initializedClinic } from '../test-support/fixtures';
import { addStaff, signedIn, STAFF_PASSWORD, withDatabase } from './test-staff';

type Clinic = Awaited<ReturnType<typeof initializedClinic>>;
let clinic: Clinic;
const clients = new Map<Role, CoreClient>();
const usernames: Record<Role, string> = {
  administrator: ADMIN.username,
  clinician: 'clin',
  photographer: 'photo',
  front_desk: 'desk',
  privacy_officer: 'privacy',
};

beforeAll(async () => {
  clinic = await initializedClinic();
  await addStaff(clinic.dir, { clin: 'clinician', photo: 'photographer', desk: 'front_desk', privacy: 'privacy_officer' });
  clients.set('administrator', clinic.client);
  // Local clients (as the CLI's), so local-only channels show the role matrix too.
  for (const role of ROLES.filter((r) => r !== 'administrator')) clients.set(role, await signedIn(clinic.core, usernames[role], STAFF_PASSWORD, { local: true }));
});
afterAll(async () => clinic.dispose());

const allowed = (role: Role, access: ChannelDef['access']) => (access.kind !== 'permission' && access.kind !== 'local') || roleHasPermission(role, access.permission);
// Session channels with an empty payload may end or lock the session (sign-out, lock): each gets a
// fresh client so the next case still has a signed-in user.
const clientFor = async (role: Role, access: ChannelDef['access']) =>
  access.kind === 'permission' || access.kind === 'local' ? clients.get(role)! : role === 'administrator' ? signedIn(clinic.core, ADMIN.username, ADMIN.password) : signedIn(clinic.core, usernames[role]);

describe('the permission matrix through a real core', () => {
  const cases = channelEntries().flatMap(([name, def]) => ROLES.map((role) => [name, role, def] as const));

  it.each(cases)('%s as %s follows the matrix', async (name, role, def) => {
    const client = await clientFor(role, def.access);
    // Permission is checked before the payload: an empty payload shows the door's answer without
    // running a use-case that changes data.
    const result = await client.invoke(name, {});
    if (allowed(role, def.access)) {
      if (!result.ok) expect(['PERMISSION_DENIED', 'NOT_SIGNED_IN'], `${name} as ${role}: ${result.error.code}`).not.toContain(result.error.code);
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    }
  });

  it('audited every refusal above as denied, for the right user and channel', async () => {
    const expected = channelEntries()
      .flatMap(([name, def]) =>
        ROLES.filter((role) => !allowed(role, def.access)).map((role) => `${usernames[role]} ${def.audit ?? 'request.denied'} PERMISSION_DENIED;channel=${name}`),
      )
      .sort();
    const rows = await withDatabase(clinic.dir, (db) =>
      db
        .prepare(`SELECT u.username || ' ' || a.action || ' ' || a.detail AS k FROM audit_events a JOIN users u ON u.id = a.user_id WHERE a.outcome = 'denied' ORDER BY k`)
        .pluck()
        .all(),
    );
    expect(rows).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);
  });

  it('refuses every non-public channel without a session; a window does not even see local channels', async () => {
    const anonymous = clinic.core.connect();
    const anonymousCli = clinic.core.connect({ local: true });
    for (const [name, def] of channelEntries()) {
      if (def.access.kind === 'public') continue;
      const windowCode = def.access.kind === 'local' ? 'UNKNOWN_CHANNEL' : 'NOT_SIGNED_IN';
      expect(await anonymous.invoke(name, {}), name).toMatchObject({ ok: false, error: { code: windowCode } });
      expect(await anonymousCli.invoke(name, {}), name).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    }
  });
});

describe('least privilege in the matrix', () => {
  const has = (role: Role, p: Permission) => ROLE_PERMISSIONS[role].includes(p);

  it('front desk registers and finds patients but sees and takes no photos', () => {
    expect(has('front_desk', 'patient.read') && has('front_desk', 'patient.write')).toBe(true);
    for (const p of ['photo.view', 'photo.capture', 'photo.import', 'patient.break-glass'] as const) expect(has('front_desk', p), p).toBe(false);
  });

  it('the privacy officer reviews access and alerts but reads no patient record or photo', () => {
    for (const p of ['access.restrict', 'access.review', 'access.alerts'] as const) expect(has('privacy_officer', p), p).toBe(true);
    for (const p of ['patient.read', 'patient.write', 'photo.view', 'photo.capture', 'access.grant', 'access.configure'] as const) expect(has('privacy_officer', p), p).toBe(false);
  });

  it('only administrators grant access and change access settings; only the privacy officer handles alerts', () => {
    for (const role of ROLES) {
      expect(has(role, 'access.grant'), role).toBe(role === 'administrator');
      expect(has(role, 'access.configure'), role).toBe(role === 'administrator');
      expect(has(role, 'access.alerts'), role).toBe(role === 'privacy_officer');
    }
  });

  it('photographers capture, import and view but do not edit patients', () => {
    expect(has('photographer', 'photo.capture') && has('photographer', 'photo.view')).toBe(true);
    expect(has('photographer', 'photo.import')).toBe(true);
    expect(has('photographer', 'patient.write')).toBe(false);
  });

  it('every permission a role holds is one that exists, listed once', () => {
    for (const role of ROLES) expect(new Set(ROLE_PERMISSIONS[role]).size, role).toBe(ROLE_PERMISSIONS[role].length);
  });
});
