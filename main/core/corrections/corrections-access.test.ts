// Who may correct what (docs/access-control.md, "Corrections"), with real payloads through a real
// core: each role the matrix leaves out is refused with PERMISSION_DENIED, audited as denied under
// the correction's action, and the record is unchanged; a role that may correct still needs access
// to the patient (a restricted record refuses it like any other use).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient, Photo } from '../../../shared/domain';
import { ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '../../../shared/permissions';
import type { CoreClient } from '../core';
import { addStaff, signedIn, withDatabase } from '../access/test-staff';
import { consentClinic, SITES } from '../consent/test-support/consent-fixtures';
import { unwrap } from '../test-support/fixtures';

let c: Awaited<ReturnType<typeof consentClinic>>;
let photoId: string;
let other: Patient;
const as: Partial<Record<Role, CoreClient>> = {};

beforeAll(async () => {
  c = await consentClinic();
  photoId = await c.capture(SITES.back);
  other = unwrap<Patient>(await c.client.api.patients.register({ mrn: 'OTHER-3', familyName: 'Berg', givenName: 'Liv', birthDate: '1990-01-01', sex: 'F' }));
  await addStaff(c.dir, { clin: 'clinician', photo: 'photographer', desk: 'front_desk', privacy: 'privacy_officer' });
  as.administrator = c.client;
  as.clinician = await signedIn(c.core, 'clin');
  as.photographer = await signedIn(c.core, 'photo');
  as.front_desk = await signedIn(c.core, 'desk');
  as.privacy_officer = await signedIn(c.core, 'privacy');
});
afterAll(async () => c.dispose());

describe('the corrections matrix', () => {
  const has = (role: Role, p: Permission) => ROLE_PERMISSIONS[role].includes(p);

  it('is as documented: merging only by administrators; moving and deleting photos by clinicians and administrators; the privacy officer reviews but corrects nothing', () => {
    const table = Object.fromEntries(ROLES.map((r) => [r, (['patient.correct', 'patient.merge', 'photo.correct', 'photo.reassign', 'photo.delete'] as const).filter((p) => has(r, p))]));
    expect(table).toEqual({
      administrator: ['patient.correct', 'patient.merge', 'photo.correct', 'photo.reassign', 'photo.delete'],
      clinician: ['patient.correct', 'photo.correct', 'photo.reassign', 'photo.delete'],
      photographer: ['photo.correct'],
      front_desk: ['patient.correct'],
      privacy_officer: [],
    });
  });

  it.each([
    ['front_desk', 'corrections.correctPhoto'],
    ['photographer', 'corrections.editPatient'],
    ['photographer', 'corrections.movePhoto'],
    ['photographer', 'corrections.deletePhoto'],
    ['clinician', 'corrections.mergePatients'],
    ['clinician', 'corrections.markEnteredInError'],
    ['front_desk', 'corrections.mergePatients'],
    ['privacy_officer', 'corrections.editPatient'],
    ['privacy_officer', 'corrections.deletePhoto'],
  ] as const)('refuses %s on %s, audited, with nothing changed', async (role, channel) => {
    const payloads = {
      'corrections.correctPhoto': { photoId, reason: 'Wrong side', laterality: 'unpaired', view: 'posterior' },
      'corrections.editPatient': { patientId: c.patient.id, reason: 'Typo in the name', givenName: 'Changed' },
      'corrections.movePhoto': { photoId, patientId: other.id, reason: 'Wrong patient' },
      'corrections.deletePhoto': { photoId, reason: 'Not needed' },
      'corrections.mergePatients': { fromPatientId: other.id, intoPatientId: c.patient.id, reason: 'Duplicate record' },
      'corrections.markEnteredInError': { patientId: other.id, reason: 'Test record' },
    } as const;
    const result = await as[role]!.invoke(channel, payloads[channel]);
    expect(result).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const denied = await withDatabase(c.dir, (db) =>
      db.prepare("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE a.outcome = 'denied' AND a.detail LIKE ? AND u.role = ?").pluck().get(`%channel=${channel}`, role),
    );
    expect(denied).toBeGreaterThanOrEqual(1);
    // Nothing moved, nothing was renamed, nothing was deleted.
    expect(unwrap<Photo[]>(await c.client.api.photos.list({ patientId: c.patient.id })).map((p) => [p.id, p.context?.view])).toEqual([[photoId, 'anterior']]);
    expect(unwrap<Patient>(await c.client.api.patients.get({ patientId: c.patient.id })).givenName).not.toBe('Changed');
    expect(unwrap<Patient>(await c.client.api.patients.get({ patientId: other.id })).mergedInto).toBeUndefined();
  });

  it('still needs access to the patient: a restricted record refuses a clinician who may correct', async () => {
    const restricted = unwrap<Patient>(await c.client.api.patients.register({ mrn: 'VIP-1', familyName: 'Star', givenName: 'Famous', birthDate: '1970-01-01', sex: 'M' }));
    unwrap(await c.client.api.access.restrict({ mrn: 'VIP-1', category: 'vip', reason: 'Public figure, press interest' }));
    const r = await as.clinician!.api.corrections.editPatient({ patientId: restricted.id, reason: 'Typo in the name', givenName: 'Famed' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PATIENT_RESTRICTED' } });
  });
});
