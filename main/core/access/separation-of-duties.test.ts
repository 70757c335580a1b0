// Separation of duties for the privacy officer's alerts, through a real core: an administrator who
// makes a privacy officer raises an alert, and neither that officer nor anyone else reviews alerts
// about themselves or about whoever created, re-enabled or re-roled their account. Refusals are
// audited; an officer the administrator did not set up reviews them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessAlert } from '../../../shared/channels/access';
import type { Patient } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import type { CoreClient } from '../core';
import { ADMIN, call, initializedClinic } from '../test-support/fixtures';
import { addStaff, signedIn, STAFF_PASSWORD, withDatabase } from './test-staff';

const DAY = 86_400_000;
const VIP = { mrn: 'VIP-0042', familyName: 'Starling', givenName: 'Celestine', birthDate: '1979-06-02', sex: 'F' } as const;
const INITIAL = 'initial password for the officer';
const OWN = 'the officer chose this passphrase';

let now: number;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let admin: CoreClient;
let vip: Patient;

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z');
  clinic = await initializedClinic({ clock: () => new Date(now) });
  // An officer already there, not set up by this administrator (as at a clinic's installation).
  await addStaff(clinic.dir, { elder: 'privacy_officer' }, new Date(now));
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password);
  vip = await call<Patient>(admin, 'patients.register', VIP);
  await call(admin, 'access.restrict', { mrn: VIP.mrn, category: 'vip', reason: 'Public figure' });
});
afterEach(() => clinic.dispose());

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

async function firstSignIn(username: string): Promise<CoreClient> {
  const client = clinic.core.connect();
  await call(client, 'session.signIn', { username, password: INITIAL });
  await call(client, 'session.changePassword', { currentPassword: INITIAL, newPassword: OWN });
  return client;
}

describe('alerts and separation of duties', () => {
  it('making a privacy officer raises an alert; that officer cannot acknowledge alerts about the administrator who made them', async () => {
    const created = await call<{ id: string }>(admin, 'users.create', { username: 'newpo', displayName: 'New Officer', role: 'privacy_officer', initialPassword: INITIAL });
    const adminId = (await call<{ user: { id: string } }>(admin, 'session.current')).user.id;
    await call(admin, 'access.createGrant', { userId: adminId, mrn: VIP.mrn, startsAt: new Date(now).toISOString(), expiresAt: new Date(now + DAY).toISOString(), reason: 'Covering the clinic for a colleague' });
    await call(admin, 'access.revokeGrant', { grantId: (await call<Array<{ id: string }>>(admin, 'access.listGrants', {}))[0]!.id });
    await call(admin, 'access.breakGlass', { patientId: vip.id, category: 'emergency', reason: 'Patient collapsed in the waiting room today' });

    const po = await firstSignIn('newpo');
    const seen = await call<AccessAlert[]>(po, 'access.listAlerts', {});
    expect(seen.map((a) => [a.kind, a.user.username, a.mayAcknowledge]).sort()).toEqual([
      ['break-glass', 'admin', false],
      ['privacy-officer', 'admin', false],
      ['self-grant', 'admin', false],
    ]);
    expect(seen.find((a) => a.kind === 'privacy-officer')?.subject).toEqual({ username: 'newpo', displayName: 'New Officer' });
    for (const alert of seen) expect(code(await po.invoke('access.acknowledgeAlert', { alertId: alert.id }))).toBe('PERMISSION_DENIED');
    expect(await call<AccessAlert[]>(po, 'access.listAlerts', {})).toHaveLength(3);

    const elder = await signedIn(clinic.core, 'elder', STAFF_PASSWORD);
    const forElder = await call<AccessAlert[]>(elder, 'access.listAlerts', {});
    expect(forElder.every((a) => a.mayAcknowledge)).toBe(true);
    for (const alert of forElder) await call(elder, 'access.acknowledgeAlert', { alertId: alert.id });
    expect(await call(po, 'access.listAlerts', {})).toEqual([]);

    await withDatabase(clinic.dir, (db) => {
      const denied = db.prepare("SELECT user_id, detail FROM audit_events WHERE action = 'access.alert.acknowledge' AND outcome = 'denied'").all();
      expect(denied).toEqual(seen.map((a) => ({ user_id: created.id, detail: `id=${a.id};SEPARATION_OF_DUTIES` })));
    });
  });

  it('an account re-roled to privacy officer cannot acknowledge its own alerts nor those about who re-roled it', async () => {
    const second = await call<{ id: string }>(admin, 'users.create', { username: 'admin2', displayName: 'Second Admin', role: 'administrator', initialPassword: INITIAL });
    const admin2 = await firstSignIn('admin2');
    await call(admin2, 'access.createGrant', { userId: second.id, mrn: null, startsAt: new Date(now).toISOString(), expiresAt: new Date(now + DAY).toISOString(), reason: 'Looking at every record myself' });
    // The first administrator (its sponsor) makes it a privacy officer; it then signs in afresh.
    await call(admin, 'users.update', { userId: second.id, role: 'privacy_officer' });
    const po = await signedIn(clinic.core, 'admin2', OWN);
    const seen = await call<AccessAlert[]>(po, 'access.listAlerts', {});
    expect(seen.map((a) => [a.kind, a.user.username, a.mayAcknowledge]).sort()).toEqual([
      ['privacy-officer', 'admin', false],
      ['self-grant', 'admin2', false],
    ]);
    for (const alert of seen) expect(code(await po.invoke('access.acknowledgeAlert', { alertId: alert.id }))).toBe('PERMISSION_DENIED');
  });
});
