// Roles at the capture desk through a real core and real users (issue 13): the front desk checks a
// patient in (encounter, reason, chosen provider) and sees no photos; the stored provider is the
// chosen clinician, never silently the person at the camera; an administrator captures on behalf
// of a chosen provider; a photographer sees the photos they took, inside the care window only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureContext, Encounter, Patient, Photo } from '../../../shared/domain';
import type { Provider } from '../../../shared/channels/patients';
import type { Result } from '../../../shared/result';
import type { CoreClient } from '../core';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { plansOf } from '../test-support/query-plans';
import { hasCareRelationship } from './policy';
import { addStaff, ONE_OF_EACH, signedIn, withDatabase } from './test-staff';

const DAY = 86_400_000;
const PATIENT = { mrn: 'MRN-2001', familyName: 'Quennell', givenName: 'Marisol', birthDate: '1974-11-23', sex: 'F' } as const;
const REASON = 'Follow-up of left cheek lesion';
const CHEEK: CaptureContext = { bodySite: { code: '36141000', display: 'Skin of cheek' }, laterality: 'left', view: 'left lateral' };

let now: number;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let admin: CoreClient;
let patient: Patient;
let ids: Record<string, string>;
const staff: Record<string, CoreClient> = {};

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

async function signInEveryone(): Promise<void> {
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password, { local: true });
  for (const username of Object.keys(ONE_OF_EACH)) staff[username] = await signedIn(clinic.core, username);
}

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z');
  clinic = await initializedClinic({ clock: () => new Date(now) });
  const added = await addStaff(clinic.dir, ONE_OF_EACH, new Date(now));
  ids = Object.fromEntries(Object.entries(added).map(([k, u]) => [k, u.id]));
  await signInEveryone();
  patient = unwrap<Patient>(await admin.api.patients.register(PATIENT));
});

afterEach(async () => {
  await clinic.core.close();
  const findings = await scanForPlaintext(clinic.dir, [PATIENT.familyName, PATIENT.mrn, REASON]);
  await clinic.dispose();
  expect(findings).toEqual([]);
});

describe('checking a patient in', () => {
  it('lets the front desk start the encounter with its reason for a chosen clinician, and shows them no photos', async () => {
    const desk = staff.desk!;
    const providers = unwrap<Provider[]>(await desk.api.encounters.providers({}));
    expect(providers.map((p) => p.id).sort()).toEqual([ids.clin, await adminId()].sort());

    // The front desk is never the provider: without a choice the core refuses and names the field.
    const unnamed = await desk.api.encounters.start({ patientId: patient.id, reason: REASON });
    expect(unnamed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { providerId: 'is required' } } });
    // Nor may the front desk name someone who is not a clinician (a photographer, themselves).
    for (const who of [ids.photo!, ids.desk!]) {
      expect(await desk.api.encounters.start({ patientId: patient.id, reason: REASON, providerId: who })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }

    const encounter = unwrap<Encounter>(await desk.api.encounters.start({ patientId: patient.id, reason: REASON, providerId: ids.clin! }));
    expect(encounter).toMatchObject({ patientId: patient.id, reason: REASON, providerId: ids.clin, providerName: 'Test clin', photoCount: 0 });
    expect(unwrap<Encounter[]>(await desk.api.encounters.list({ patientId: patient.id })).map((e) => e.id)).toEqual([encounter.id]);

    // No photos, no capture: refused at the door and audited.
    expect(code(await desk.api.photos.list({ patientId: patient.id }))).toBe('PERMISSION_DENIED');
    expect(code(await desk.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: CHEEK }))).toBe('PERMISSION_DENIED');
    const audit = await withDatabase(clinic.dir, (db) =>
      db.prepare("SELECT action, outcome, detail FROM audit_events WHERE user_id = ? AND action IN ('encounter.start', 'photo.list', 'photo.capture', 'request.denied') ORDER BY seq").all(ids.desk),
    );
    expect(audit).toEqual([
      { action: 'encounter.start', outcome: 'success', detail: `provider=${ids.clin}` },
      expect.objectContaining({ outcome: 'denied', detail: expect.stringMatching(/^PERMISSION_DENIED;channel=photos\.list/) }),
      { action: 'photo.capture', outcome: 'denied', detail: 'PERMISSION_DENIED;channel=capture.take' },
    ]);
  });

  it('refuses a disabled or expired provider, and a role without check-in', async () => {
    unwrap(await admin.api.access.setAccountExpiry({ userId: ids.clin!, expiresAt: new Date(now + 60_000).toISOString() }));
    now += 2 * 60_000;
    expect(unwrap<Provider[]>(await staff.desk!.api.encounters.providers({})).map((p) => p.id)).toEqual([await adminId()]);
    expect(await staff.desk!.api.encounters.start({ patientId: patient.id, reason: '', providerId: ids.clin! })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(code(await staff.privacy!.api.encounters.start({ patientId: patient.id, reason: '', providerId: await adminId() }))).toBe('PERMISSION_DENIED');
    expect(code(await staff.privacy!.api.encounters.providers({}))).toBe('PERMISSION_DENIED');
  });
});

describe('capturing on behalf of a provider', () => {
  it('stores the chosen clinician as provider and the administrator as photographer', async () => {
    const encounter = unwrap<Encounter>(await admin.api.encounters.start({ patientId: patient.id, reason: REASON, providerId: ids.clin! }));
    const photo = unwrap<Photo>(await admin.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: CHEEK }));
    expect(photo).toMatchObject({ providerName: 'Test clin', capturedBy: ADMIN.displayName });
    const row = await withDatabase(clinic.dir, (db) => db.prepare('SELECT provider_id, captured_by FROM photos WHERE id = ?').get(photo.id));
    expect(row).toEqual({ provider_id: ids.clin, captured_by: await adminId() });
  });

  it('keeps the caller as provider when a clinician checks in without naming anyone', async () => {
    const encounter = unwrap<Encounter>(await staff.clin!.api.encounters.start({ patientId: patient.id, reason: '' }));
    expect(encounter.providerId).toBe(ids.clin);
  });
});

describe('photographers (care relationship)', () => {
  it('see the photos they took and the patient’s earlier ones once they check in for a clinician, and none after the care window', async () => {
    const earlier = unwrap<Encounter>(await staff.clin!.api.encounters.start({ patientId: patient.id, reason: '' }));
    const earlierPhoto = unwrap<Photo>(await staff.clin!.api.capture.take({ encounterId: earlier.id, cameraId: 'simulated:0', context: CHEEK }));
    const photo = staff.photo!;
    expect(code(await photo.api.photos.list({ patientId: patient.id }))).toBe('NO_CARE_RELATIONSHIP');

    // Checking in for the clinician (who stays the provider) opens the earlier photos for the ghost.
    const today = unwrap<Encounter>(await photo.api.encounters.start({ patientId: patient.id, reason: REASON, providerId: ids.clin! }));
    expect(today.providerId).toBe(ids.clin);
    expect(unwrap<Photo[]>(await photo.api.photos.list({ patientId: patient.id })).map((p) => p.id)).toEqual([earlierPhoto.id]);
    const taken = unwrap<Photo>(await photo.api.capture.take({ encounterId: today.id, cameraId: 'simulated:0', context: CHEEK }));
    expect(taken.providerName).toBe('Test clin');
    expect(unwrap<Photo[]>(await photo.api.photos.list({ patientId: patient.id })).map((p) => p.id).sort()).toEqual([earlierPhoto.id, taken.id].sort());
    expect(code(await photo.api.photos.open({ photoId: taken.id }))).toBe('ok');

    now += 31 * DAY;
    await signInEveryone();
    expect(code(await staff.photo!.api.photos.open({ photoId: taken.id }))).toBe('NO_CARE_RELATIONSHIP');
  });
});

describe('the care-relationship look-up', () => {
  it('reads the check-in from the audit trail through an index, never a scan of the trail', async () => {
    unwrap(await staff.photo!.api.encounters.start({ patientId: patient.id, reason: '', providerId: ids.clin! }));
    const plans = await withDatabase(clinic.dir, (db) => plansOf(db, (recorded) => expect(hasCareRelationship(recorded, ids.photo!, patient.id, new Date(now))).toBe(true)));
    const audit = plans.flat().filter((line) => line.includes('audit_events'));
    expect(audit.length).toBeGreaterThan(0);
    for (const line of audit) expect(line).toMatch(/USING (COVERING )?INDEX audit_events_by_(patient|user)/);
  });
});

async function adminId(): Promise<string> {
  return withDatabase(clinic.dir, (db) => db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(ADMIN.username) as string);
}
