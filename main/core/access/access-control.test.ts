// Patient-level access through a real core and real users of each role: restricted patients,
// break-glass (reason, time limit, audit, alert), time-bound grants, the photographers' care
// relationship and account expiry, all on the core's injectable clock. Every refusal is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { renderClinicalScene } from '../capture/simulated-camera';
import type { CoreClient } from '../core';
import type { Logger } from '../support/log';
import { initializedClinic, unwrap, importPhoto } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { assertAccountActive } from './accounts';
import { ADMIN } from '../test-support/fixtures';
import { addStaff, ONE_OF_EACH, STAFF_PASSWORD, signedIn, withDatabase } from './test-staff';

const MINUTE = 60_000;
const DAY = 86_400_000;
const VIP = { mrn: 'VIP-0042', familyName: 'Starling', givenName: 'Celestine', birthDate: '1979-06-02', sex: 'F' } as const;
const OPEN = { mrn: 'MRN-1001', familyName: 'Brookfield', givenName: 'Ottilie', birthDate: '1961-03-14', sex: 'F' } as const;
const BREAK_REASON = 'Patient on the ward with an acute reaction; her dermatologist is away';
const RESTRICT_REASON = 'Public figure, requested confidentiality';

let now: number;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let logged: string[];
let admin: CoreClient;
let vip: Patient;
let open: Patient;
const staff: Record<string, CoreClient> = {};

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

async function signInEveryone(): Promise<void> {
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password, { local: true });
  for (const username of Object.keys(ONE_OF_EACH)) staff[username] = await signedIn(clinic.core, username);
}

/** Moves the core's clock; the idle lock then locks every session, so everyone signs in afresh. */
async function advance(ms: number): Promise<void> {
  now += ms;
  await signInEveryone();
}

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z');
  logged = [];
  const log: Logger = { info: (event, fields) => logged.push(JSON.stringify({ event, fields })), error: (event, _e, fields) => logged.push(JSON.stringify({ event, fields })) };
  clinic = await initializedClinic({ clock: () => new Date(now), log });
  await addStaff(clinic.dir, ONE_OF_EACH, new Date(now));
  await signInEveryone();
  vip = unwrap<Patient>(await admin.api.patients.register(VIP));
  open = unwrap<Patient>(await admin.api.patients.register(OPEN));
  unwrap(await staff.privacy!.api.access.restrict({ mrn: VIP.mrn, category: 'vip', reason: RESTRICT_REASON }));
});

afterEach(async () => {
  await clinic.core.close();
  const findings = await scanForPlaintext(clinic.dir, [VIP.familyName, VIP.mrn, OPEN.familyName, BREAK_REASON, RESTRICT_REASON]);
  await clinic.dispose();
  expect(findings).toEqual([]);
  expect(logged.join('\n')).not.toMatch(/Starling|Brookfield|VIP-0042|acute reaction|Public figure/);
});

const deniedRows = () =>
  withDatabase(clinic.dir, (db) =>
    db.prepare("SELECT user_id, action, patient_id, detail FROM audit_events WHERE outcome = 'denied' AND action = 'patient.access' ORDER BY seq").all(),
  ) as Promise<Array<{ user_id: string; action: string; patient_id: string; detail: string }>>;

describe('restricted patients', () => {
  it('are hidden from name and date searches, found flagged by exact MRN, and blocked for every role', async () => {
    const clin = staff.clin!;
    const byName = unwrap<{ patients: Patient[] }>(await clin.api.patients.search({ query: 'Starling' }));
    expect(byName.patients).toEqual([]);
    const byDob = unwrap<{ patients: Patient[] }>(await clin.api.patients.search({ query: VIP.birthDate }));
    expect(byDob.patients).toEqual([]);
    const byMrn = unwrap<{ patients: Patient[] }>(await clin.api.patients.search({ query: 'vip-0042' }));
    expect(byMrn.patients.map((p) => [p.id, p.restricted])).toEqual([[vip.id, true]]);
    expect(unwrap(await clin.api.patients.findByMrn({ mrn: VIP.mrn }))).toEqual({ id: vip.id, mrn: VIP.mrn, restricted: true });
    // The open patient is untouched.
    expect((unwrap<{ patients: Patient[] }>(await clin.api.patients.search({ query: 'Brookfield' }))).patients.map((p) => p.id)).toEqual([open.id]);

    for (const [who, client] of [['clin', clin], ['photo', staff.photo!], ['desk', staff.desk!], ['admin', admin]] as const) {
      expect(code(await client.api.patients.get({ patientId: vip.id })), who).toBe('PATIENT_RESTRICTED');
      expect(code(await client.api.encounters.list({ patientId: vip.id })), who).toBe('PATIENT_RESTRICTED');
    }
    expect(code(await clin.api.encounters.start({ patientId: vip.id, reason: '' }))).toBe('PATIENT_RESTRICTED');
    expect(code(await clin.api.photos.list({ patientId: vip.id }))).toBe('PATIENT_RESTRICTED');
    expect(code(await admin.api.patients.get({ patientId: open.id }))).toBe('ok');

    const denied = await deniedRows();
    expect(denied.length).toBe(10);
    expect(denied.every((r) => r.patient_id === vip.id && r.detail.startsWith('PATIENT_RESTRICTED'))).toBe(true);
    const status = unwrap<{ restricted: boolean; record: string }>(await clin.api.access.patientStatus({ patientId: vip.id }));
    expect(status).toMatchObject({ restricted: true, record: 'none' });
  });

  it('blocks opening a restricted patient’s photo by id and importing into the record', async () => {
    unwrap(await staff.privacy!.api.access.unrestrict({ patientId: vip.id }));
    const photoId = await importPhoto(admin, { mrn: VIP.mrn, bytes: await renderClinicalScene(1200, 800, 1), device: 'test' });
    unwrap(await staff.privacy!.api.access.restrict({ mrn: VIP.mrn, category: 'vip', reason: RESTRICT_REASON }));
    expect(code(await staff.clin!.api.photos.open({ photoId }))).toBe('PATIENT_RESTRICTED');
    await expect(importPhoto(admin, { mrn: VIP.mrn, bytes: await renderClinicalScene(1200, 800, 2), device: 'test' })).rejects.toMatchObject({
      code: 'PATIENT_RESTRICTED',
    });
  });

  it('are listed for the privacy officer with their reason, and unrestricting audits the change', async () => {
    const list = unwrap<Array<{ patientId: string; category: string; reason: string }>>(await staff.privacy!.api.access.listRestricted({}));
    expect(list).toEqual([expect.objectContaining({ patientId: vip.id, category: 'vip', reason: RESTRICT_REASON })]);
    expect(code(await staff.privacy!.api.access.restrict({ mrn: 'NOPE-1', category: 'vip', reason: RESTRICT_REASON }))).toBe('NOT_FOUND');
    unwrap(await staff.privacy!.api.access.unrestrict({ patientId: vip.id }));
    expect(code(await staff.clin!.api.patients.get({ patientId: vip.id }))).toBe('ok');
    const actions = await withDatabase(clinic.dir, (db) =>
      db.prepare("SELECT action, detail FROM audit_events WHERE action LIKE 'access.%restrict' ORDER BY seq").all(),
    );
    expect(actions).toEqual([
      { action: 'access.restrict', detail: 'category=vip' },
      { action: 'access.unrestrict', detail: '' },
    ]);
  });
});

describe('break-glass', () => {
  it('needs a reason, opens for the configured time with an alert, and closes again', async () => {
    const clin = staff.clin!;
    expect(code(await clin.api.access.breakGlass({ patientId: vip.id, category: 'emergency', reason: 'urgent' }))).toBe('VALIDATION_FAILED');
    expect(code(await staff.desk!.api.access.breakGlass({ patientId: vip.id, category: 'emergency', reason: BREAK_REASON }))).toBe('PERMISSION_DENIED');

    const status = unwrap<{ record: string; breakGlassExpiresAt: string }>(await clin.api.access.breakGlass({ patientId: vip.id, category: 'emergency', reason: BREAK_REASON }));
    expect(status.record).toBe('break-glass');
    expect(status.breakGlassExpiresAt).toBe(new Date(now + 60 * MINUTE).toISOString());
    expect(code(await clin.api.patients.get({ patientId: vip.id }))).toBe('ok');
    expect(code(await clin.api.photos.list({ patientId: vip.id }))).toBe('ok');
    // Only the user who broke the glass gets in.
    expect(code(await staff.photo!.api.patients.get({ patientId: vip.id }))).toBe('PATIENT_RESTRICTED');
    // While it lasts the patient shows up in the user's searches.
    expect((unwrap<{ patients: Patient[] }>(await clin.api.patients.search({ query: 'Starling' }))).patients.map((p) => p.id)).toEqual([vip.id]);

    const audit = await withDatabase(clinic.dir, (db) => db.prepare("SELECT user_id, patient_id, detail FROM audit_events WHERE action = 'access.break-glass' AND outcome = 'success'").all());
    expect(audit).toHaveLength(1);
    // The front desk's refusal is recorded under the channel's declared action, with its target.
    const refused = await withDatabase(clinic.dir, (db) => db.prepare("SELECT patient_id, detail FROM audit_events WHERE action = 'access.break-glass' AND outcome = 'denied'").all());
    expect(refused).toEqual([{ patient_id: vip.id, detail: 'PERMISSION_DENIED;channel=access.breakGlass' }]);
    expect(audit[0]).toMatchObject({ patient_id: vip.id });
    expect((audit[0] as { detail: string }).detail).toMatch(/^id=[0-9a-f]{32};category=emergency;minutes=60$/);
    const stored = await withDatabase(clinic.dir, (db) => db.prepare('SELECT reason FROM break_glass').pluck().all());
    expect(stored).toEqual([BREAK_REASON]);

    const alerts = unwrap<Array<{ id: string; kind: string; reason: string; patient: { id: string }; user: { username: string } }>>(await staff.privacy!.api.access.listAlerts({}));
    expect(alerts).toEqual([expect.objectContaining({ kind: 'break-glass', reason: BREAK_REASON, patient: expect.objectContaining({ id: vip.id }), user: expect.objectContaining({ username: 'clin' }) })]);
    unwrap(await staff.privacy!.api.access.acknowledgeAlert({ alertId: alerts[0]!.id }));
    expect(unwrap(await staff.privacy!.api.access.listAlerts({}))).toEqual([]);
    expect(unwrap(await staff.privacy!.api.access.listAlerts({ includeAcknowledged: true }))).toEqual([expect.objectContaining({ acknowledgedBy: 'Test privacy' })]);

    await advance(60 * MINUTE);
    expect(code(await staff.clin!.api.patients.get({ patientId: vip.id }))).toBe('PATIENT_RESTRICTED');
  });

  it('follows the configured duration and can be ended early', async () => {
    unwrap(await admin.api.access.updateSettings({ breakGlassMinutes: 15, careWindowDays: 30 }));
    expect(code(await staff.privacy!.api.access.updateSettings({ breakGlassMinutes: 600, careWindowDays: 30 }))).toBe('PERMISSION_DENIED');
    const status = unwrap<{ breakGlassExpiresAt: string }>(await staff.clin!.api.access.breakGlass({ patientId: vip.id, category: 'continuity-of-care', reason: BREAK_REASON }));
    expect(status.breakGlassExpiresAt).toBe(new Date(now + 15 * MINUTE).toISOString());
    await advance(10 * MINUTE);
    expect(code(await staff.clin!.api.patients.get({ patientId: vip.id }))).toBe('ok');
    expect(unwrap(await staff.clin!.api.access.endBreakGlass({ patientId: vip.id }))).toMatchObject({ record: 'none' });
    expect(code(await staff.clin!.api.patients.get({ patientId: vip.id }))).toBe('PATIENT_RESTRICTED');
  });

  it('is not recorded when the user already may open the patient', async () => {
    expect(unwrap(await staff.clin!.api.access.breakGlass({ patientId: open.id, category: 'other', reason: BREAK_REASON }))).toMatchObject({ record: 'open' });
    expect(unwrap(await staff.privacy!.api.access.listAlerts({}))).toEqual([]);
  });
});

describe('time-bound grants', () => {
  const grant = (userId: string, mrn: string | null, from: number, to: number) =>
    admin.api.access.createGrant({ userId, mrn, startsAt: new Date(from).toISOString(), expiresAt: new Date(to).toISOString(), reason: 'Locum cover, Dr Okafor on leave' });
  const idOf = async (username: string) => withDatabase(clinic.dir, (db) => db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as string);

  it('open a named restricted patient from start to expiry, then deny again', async () => {
    const clinId = await idOf('clin');
    expect(code(await grant(clinId, VIP.mrn, now + DAY, now + 3 * DAY))).toBe('ok');
    expect(code(await staff.clin!.api.patients.get({ patientId: vip.id }))).toBe('PATIENT_RESTRICTED'); // not started yet
    await advance(DAY);
    expect(unwrap(await staff.clin!.api.access.patientStatus({ patientId: vip.id }))).toMatchObject({ record: 'grant', grantExpiresAt: new Date(now + 2 * DAY).toISOString() });
    expect(code(await staff.clin!.api.patients.get({ patientId: vip.id }))).toBe('ok');
    await advance(2 * DAY);
    expect(code(await staff.clin!.api.patients.get({ patientId: vip.id }))).toBe('PATIENT_RESTRICTED'); // expired
    expect(unwrap(await admin.api.access.listGrants({}))).toEqual([]);
    expect(unwrap<unknown[]>(await admin.api.access.listGrants({ includeEnded: true }))).toHaveLength(1);
  });

  it('cover every patient when unscoped, stop when revoked, and stay within the role', async () => {
    const deskId = await idOf('desk');
    const g = await grant(deskId, null, now, now + 7 * DAY);
    expect(g.ok).toBe(true);
    expect(code(await staff.desk!.api.patients.get({ patientId: vip.id }))).toBe('ok');
    // A grant lifts the patient-level rule, not the role's limits: front desk still sees no photos.
    expect(code(await staff.desk!.api.photos.list({ patientId: vip.id }))).toBe('PERMISSION_DENIED');
    unwrap(await admin.api.access.revokeGrant({ grantId: (g as { value: { id: string } }).value.id }));
    expect(code(await staff.desk!.api.patients.get({ patientId: vip.id }))).toBe('PATIENT_RESTRICTED');
    expect(code(await staff.privacy!.api.access.createGrant({ userId: deskId, mrn: null, startsAt: new Date(now).toISOString(), expiresAt: new Date(now + DAY).toISOString(), reason: 'Privacy officer tries' }))).toBe('PERMISSION_DENIED');
    expect(code(await grant(deskId, null, now - 2 * DAY, now - DAY))).toBe('VALIDATION_FAILED');
  });

  it('raise an alert when an administrator grants themselves access', async () => {
    const adminId = await idOf('admin');
    expect(code(await grant(adminId, VIP.mrn, now, now + DAY))).toBe('ok');
    expect(unwrap(await staff.privacy!.api.access.listAlerts({}))).toEqual([expect.objectContaining({ kind: 'self-grant', category: 'grant' })]);
  });
});

describe('care relationship (photographers)', () => {
  it('photographers see photos only of patients in their own recent encounters; clinicians of every open patient', async () => {
    const photoId = await importPhoto(admin, { mrn: OPEN.mrn, bytes: await renderClinicalScene(1200, 800, 3), device: 'test' });
    const photo = staff.photo!;
    expect(code(await photo.api.patients.get({ patientId: open.id }))).toBe('ok');
    expect(code(await photo.api.photos.list({ patientId: open.id }))).toBe('NO_CARE_RELATIONSHIP');
    expect(code(await photo.api.photos.open({ photoId }))).toBe('NO_CARE_RELATIONSHIP');
    expect(code(await staff.clin!.api.photos.list({ patientId: open.id }))).toBe('ok');

    // A photographer checks the patient in for a clinician, who stays the encounter's provider.
    const clinId = await withDatabase(clinic.dir, (db) => db.prepare("SELECT id FROM users WHERE username = 'clin'").pluck().get() as string);
    unwrap(await photo.api.encounters.start({ patientId: open.id, reason: '', providerId: clinId }));
    expect(unwrap(await photo.api.access.patientStatus({ patientId: open.id }))).toMatchObject({ photos: 'care' });
    expect(code(await photo.api.photos.open({ photoId }))).toBe('ok');

    await advance(31 * DAY);
    expect(code(await staff.photo!.api.photos.list({ patientId: open.id }))).toBe('NO_CARE_RELATIONSHIP');
    const denied = await deniedRows();
    expect(denied.map((r) => r.detail)).toEqual(['NO_CARE_RELATIONSHIP;need=photos', 'NO_CARE_RELATIONSHIP;need=photos', 'NO_CARE_RELATIONSHIP;need=photos']);
    // Break-glass opens the photos too, with its alert.
    expect(unwrap(await staff.photo!.api.access.breakGlass({ patientId: open.id, category: 'covering-colleague', reason: BREAK_REASON }))).toMatchObject({ photos: 'break-glass' });
    expect(code(await staff.photo!.api.photos.list({ patientId: open.id }))).toBe('ok');
  });
});

describe('account expiry', () => {
  it('refuses patient access and sign-in after the expiry, and audits the refusal', async () => {
    const clinId = await withDatabase(clinic.dir, (db) => db.prepare("SELECT id FROM users WHERE username = 'clin'").pluck().get() as string);
    const expiry = now + MINUTE;
    unwrap(await admin.api.access.setAccountExpiry({ userId: clinId, expiresAt: new Date(expiry).toISOString() }));
    expect(code(await staff.clin!.api.patients.get({ patientId: open.id }))).toBe('ok');
    now += 2 * MINUTE; // within the idle time, so the session is still open
    expect(code(await staff.clin!.api.patients.get({ patientId: open.id }))).toBe('ACCOUNT_EXPIRED');
    expect(code(await clinic.core.connect().api.session.signIn({ username: 'clin', password: STAFF_PASSWORD }))).toBe('ACCOUNT_EXPIRED');
    const refusals = await withDatabase(clinic.dir, (db) =>
      db.prepare("SELECT count(*) FROM audit_events WHERE action = 'session.sign-in' AND outcome = 'failure' AND detail LIKE 'ACCOUNT_EXPIRED%'").pluck().get(),
    );
    expect(refusals).toBe(1);
    await withDatabase(clinic.dir, (db) => {
      expect(() => assertAccountActive(db, clinId, new Date(now))).toThrow(expect.objectContaining({ code: 'ACCOUNT_EXPIRED' }));
      expect(() => assertAccountActive(db, clinId, new Date(expiry - MINUTE))).not.toThrow();
    });
    const adminId = await withDatabase(clinic.dir, (db) => db.prepare("SELECT id FROM users WHERE username = 'admin'").pluck().get() as string);
    expect(code(await admin.api.access.setAccountExpiry({ userId: adminId, expiresAt: new Date(now + DAY).toISOString() }))).toBe('VALIDATION_FAILED');
    const listed = unwrap<Array<{ username: string; accessExpiresAt: string | null }>>(await staff.privacy!.api.access.listStaff({}));
    expect(listed.find((u) => u.username === 'clin')?.accessExpiresAt).toBe(new Date(expiry).toISOString());
  });
});
