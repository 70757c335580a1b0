// Separation of duties for the privacy officer's alerts, through a real core: an administrator who
// makes a privacy officer raises an alert, and neither that officer nor anyone else reviews alerts
// about themselves or about whoever created, re-enabled or re-roled their account. Refusals are
// audited; an officer the administrator did not set up reviews them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessAlert } from '../../../shared/channels/access';
import type { Patient } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import type { CoreClient } from '../core';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
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
  vip = unwrap<Patient>(await admin.api.patients.register(VIP));
  unwrap(await admin.api.access.restrict({ mrn: VIP.mrn, category: 'vip', reason: 'Public figure' }));
});
afterEach(() => clinic.dispose());

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

async function firstSignIn(username: string): Promise<CoreClient> {
  const client = clinic.core.connect();
  unwrap(await client.api.session.signIn({ username, password: INITIAL }));
  unwrap(await client.api.session.changePassword({ currentPassword: INITIAL, newPassword: OWN }));
  return client;
}

describe('alerts and separation of duties', () => {
  it('making a privacy officer raises an alert; that officer cannot acknowledge alerts about the administrator who made them', async () => {
    const created = unwrap<{ id: string }>(await admin.api.users.create({ username: 'newpo', displayName: 'New Officer', role: 'privacy_officer', initialPassword: INITIAL }));
    const adminId = (unwrap<{ user: { id: string } }>(await admin.api.session.current({}))).user.id;
    unwrap(await admin.api.access.createGrant({ userId: adminId, mrn: VIP.mrn, startsAt: new Date(now).toISOString(), expiresAt: new Date(now + DAY).toISOString(), reason: 'Covering the clinic for a colleague' }));
    unwrap(await admin.api.access.revokeGrant({ grantId: unwrap(await admin.api.access.listGrants({}))[0]!.id }));
    unwrap(await admin.api.access.breakGlass({ patientId: vip.id, category: 'emergency', reason: 'Patient collapsed in the waiting room today' }));

    const po = await firstSignIn('newpo');
    const seen = unwrap<AccessAlert[]>(await po.api.access.listAlerts({}));
    expect(seen.map((a) => [a.kind, a.user.username, a.mayAcknowledge]).sort()).toEqual([
      ['break-glass', 'admin', false],
      ['privacy-officer', 'admin', false],
      ['self-grant', 'admin', false],
    ]);
    expect(seen.find((a) => a.kind === 'privacy-officer')?.subject).toEqual({ username: 'newpo', displayName: 'New Officer' });
    for (const alert of seen) expect(code(await po.api.access.acknowledgeAlert({ alertId: alert.id }))).toBe('PERMISSION_DENIED');
    expect(unwrap<AccessAlert[]>(await po.api.access.listAlerts({}))).toHaveLength(3);

    const elder = await signedIn(clinic.core, 'elder', STAFF_PASSWORD);
    const forElder = unwrap<AccessAlert[]>(await elder.api.access.listAlerts({}));
    expect(forElder.every((a) => a.mayAcknowledge)).toBe(true);
    for (const alert of forElder) unwrap(await elder.api.access.acknowledgeAlert({ alertId: alert.id }));
    expect(unwrap(await po.api.access.listAlerts({}))).toEqual([]);

    await withDatabase(clinic.dir, (db) => {
      const denied = db.prepare("SELECT user_id, detail FROM audit_events WHERE action = 'access.alert.acknowledge' AND outcome = 'denied'").all();
      expect(denied).toEqual(seen.map((a) => ({ user_id: created.id, detail: `id=${a.id};SEPARATION_OF_DUTIES` })));
    });
  });

  it('an account re-roled to privacy officer cannot acknowledge its own alerts nor those about who re-roled it', async () => {
    const second = unwrap<{ id: string }>(await admin.api.users.create({ username: 'admin2', displayName: 'Second Admin', role: 'administrator', initialPassword: INITIAL }));
    const admin2 = await firstSignIn('admin2');
    unwrap(await admin2.api.access.createGrant({ userId: second.id, mrn: null, startsAt: new Date(now).toISOString(), expiresAt: new Date(now + DAY).toISOString(), reason: 'Looking at every record myself' }));
    // The first administrator (its sponsor) makes it a privacy officer; it then signs in afresh.
    unwrap(await admin.api.users.update({ userId: second.id, role: 'privacy_officer' }));
    const po = await signedIn(clinic.core, 'admin2', OWN);
    const seen = unwrap<AccessAlert[]>(await po.api.access.listAlerts({}));
    expect(seen.map((a) => [a.kind, a.user.username, a.mayAcknowledge]).sort()).toEqual([
      ['privacy-officer', 'admin', false],
      ['self-grant', 'admin2', false],
    ]);
    for (const alert of seen) expect(code(await po.api.access.acknowledgeAlert({ alertId: alert.id }))).toBe('PERMISSION_DENIED');
  });
});
