// Annotations through the router, as the renderer and the CLI call them: versions with author,
// time and reason (every save a new one, earlier ones readable, a stale save refused), calibration
// by the detected ruler measured against the simulated camera's known scale, a lesion followed
// across two visits at the same site, audit records for each change, and the viewer's access rules
// (restricted patients, roles without photo.view or photo.capture).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationDocument, Calibration } from '../../../shared/annotations/document';
import type { Encounter, Patient, Photo } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { addStaff, ONE_OF_EACH, signedIn, STAFF_PASSWORD } from '../access/test-staff';
import type { CoreClient } from '../core';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';

const ADA = { mrn: 'MRN-7001', familyName: 'Lovelace', givenName: 'Ada', birthDate: '1985-12-10', sex: 'F' } as const;
const FOREARM = { bodySite: { code: '70559009', display: 'Skin of anterior surface of forearm' }, laterality: 'left', view: 'anterior' } as const;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

let now = new Date('2026-03-01T09:00:00.000Z');
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let admin: CoreClient;
const staff: Record<string, CoreClient> = {};
let patient: Patient;

/** Moves the clock to another visit; everyone signs back in past the idle lock that moving it causes. */
async function setClock(at: string): Promise<void> {
  now = new Date(at);
  await admin.api.session.unlock({ password: ADMIN.password });
  for (const client of Object.values(staff)) await client.api.session.unlock({ password: STAFF_PASSWORD });
}

async function visitPhoto(at: string): Promise<Photo> {
  await setClock(at);
  const encounter = unwrap<Encounter>(await admin.api.encounters.start({ patientId: patient.id, reason: 'Mole check' }));
  return unwrap<Photo>(await admin.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FOREARM }));
}

beforeEach(async () => {
  clinic = await initializedClinic({ clock: () => now });
  await addStaff(clinic.dir, ONE_OF_EACH);
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password, { local: true });
  for (const username of Object.keys(ONE_OF_EACH)) staff[username] = await signedIn(clinic.core, username);
  patient = unwrap<Patient>(await admin.api.patients.register(ADA));
});

afterEach(async () => {
  await clinic.core.close();
  await clinic.dispose();
});

const rulerDoc = (calibration: Calibration | null, extra: AnnotationDocument['layers'][number]['shapes'] = []): AnnotationDocument => ({
  calibration,
  layers: [{ id: 'm', name: 'Measurements', shapes: [{ id: 'r1', kind: 'ruler', from: { x: 1000, y: 700 }, to: { x: 1074.4, y: 700 } }, ...extra] }],
});

describe('annotation versions', () => {
  it('saves every change as a new version with author, time and reason, and keeps the earlier ones', async () => {
    const photo = await visitPhoto('2026-03-01T09:00:00.000Z');
    expect(unwrap(await admin.api.annotations.get({ photoId: photo.id }))).toMatchObject({ version: null, current: null, document: { calibration: null, layers: [] }, versions: [] });

    expect(unwrap(await admin.api.annotations.save({ photoId: photo.id, baseVersion: null, document: rulerDoc(null) }))).toEqual({ photoId: photo.id, version: 1 });
    await setClock('2026-03-01T09:05:00.000Z');
    const second = rulerDoc(null, [{ id: 't1', kind: 'text', at: { x: 10, y: 10 }, text: 'Check border' }]);
    expect(unwrap(await staff.clin!.api.annotations.save({ photoId: photo.id, baseVersion: 1, document: second, reason: 'Added a note' }))).toMatchObject({ version: 2 });

    // Someone who opened version 1 cannot overwrite version 2 unseen.
    expect(code(await admin.api.annotations.save({ photoId: photo.id, baseVersion: 1, document: rulerDoc(null) }))).toBe('ANNOTATIONS_CHANGED');

    const current = unwrap(await admin.api.annotations.get({ photoId: photo.id }));
    expect(current).toMatchObject({ version: 2, current: 2, document: second });
    expect(current.versions).toEqual([
      { version: 1, authorName: ADMIN.displayName, createdAt: '2026-03-01T09:00:00.000Z', reason: null },
      { version: 2, authorName: expect.any(String), createdAt: '2026-03-01T09:05:00.000Z', reason: 'Added a note' },
    ]);
    expect(unwrap(await admin.api.annotations.get({ photoId: photo.id, version: 1 }))).toMatchObject({ version: 1, current: 2, document: rulerDoc(null) });
    expect(code(await admin.api.annotations.get({ photoId: photo.id, version: 3 }))).toBe('NOT_FOUND');

    const audit = unwrap<{ records: Array<{ action: string; outcome: string; photoId: string | null; detail: string | null; reason?: string | null }> }>(
      await admin.api.audit.search({ action: 'annotation.save' }),
    );
    expect(audit.records.map((r) => [r.outcome, r.photoId, r.detail])).toEqual(
      expect.arrayContaining([
        ['success', photo.id, 'version=1;shapes=1;calibration=none;reason=no'],
        ['success', photo.id, 'version=2;shapes=2;calibration=none;reason=yes'],
      ]),
    );
  });

  it('refuses bad documents with a clear error and keeps what was saved', async () => {
    const photo = await visitPhoto('2026-03-01T09:00:00.000Z');
    unwrap(await admin.api.annotations.save({ photoId: photo.id, baseVersion: null, document: rulerDoc(null) }));
    const duplicate = { calibration: null, layers: [{ id: 'a', name: 'A', shapes: [{ id: 'x', kind: 'text', at: { x: 1, y: 1 }, text: 'a' }, { id: 'x', kind: 'text', at: { x: 2, y: 2 }, text: 'b' }] }] };
    expect(code(await admin.api.annotations.save({ photoId: photo.id, baseVersion: 1, document: duplicate as AnnotationDocument }))).toBe('VALIDATION_FAILED');
    const badPoint = { calibration: null, layers: [{ id: 'a', name: 'A', shapes: [{ id: 'x', kind: 'ruler', from: { x: Number.NaN, y: 1 }, to: { x: 2, y: 2 } }] }] };
    expect(code(await admin.api.annotations.save({ photoId: photo.id, baseVersion: 1, document: badPoint as AnnotationDocument }))).toBe('VALIDATION_FAILED');
    const strangerLesion = rulerDoc(null, [{ id: 'l', kind: 'lesion', at: { x: 5, y: 5 }, lesionId: 'e'.repeat(32), measures: ['r1'] }]);
    expect(code(await admin.api.annotations.save({ photoId: photo.id, baseVersion: 1, document: strangerLesion }))).toBe('VALIDATION_FAILED');
    expect(unwrap(await admin.api.annotations.get({ photoId: photo.id })).current).toBe(1);
  });
});

describe('calibration and lesions', () => {
  it('calibrates on the simulated camera ruler and measures a 6.2 mm segment as 6.2 mm, across two visits', async () => {
    const first = await visitPhoto('2026-01-10T09:00:00.000Z');
    const { calibration } = unwrap(await admin.api.annotations.detectRuler({ photoId: first.id }));
    expect(calibration).toMatchObject({ source: 'ruler' });
    // The simulated camera draws 100 mm over half the frame's width: 12 px/mm at 2400 px.
    expect(calibration!.pxPerMm).toBeCloseTo(12, 2);

    const lesion = unwrap(await admin.api.annotations.createLesion({ photoId: first.id, label: 'Naevus, left forearm' }));
    expect(lesion).toMatchObject({ number: 1, patientId: patient.id, bodySiteCode: FOREARM.bodySite.code, laterality: 'left' });
    const marker = { id: 'm1', kind: 'lesion' as const, at: { x: 1037, y: 690 }, lesionId: lesion.id, measures: ['r1'] };
    unwrap(await admin.api.annotations.save({ photoId: first.id, baseVersion: null, document: rulerDoc(calibration, [marker]) }));

    // Second visit: the same site offers lesion 1; it has grown to 7.5 mm (90 px at 12 px/mm).
    const second = await visitPhoto('2026-04-10T09:00:00.000Z');
    expect(unwrap(await admin.api.annotations.listLesions({ photoId: second.id })).map((l) => [l.number, l.label])).toEqual([[1, 'Naevus, left forearm']]);
    const again = unwrap(await admin.api.annotations.detectRuler({ photoId: second.id })).calibration;
    const grown: AnnotationDocument = {
      calibration: again,
      layers: [{ id: 'm', name: 'Measurements', shapes: [{ id: 'r1', kind: 'ruler', from: { x: 900, y: 600 }, to: { x: 990, y: 600 } }, { ...marker, id: 'm2' }, { id: 'a1', kind: 'area', outline: { type: 'ellipse', center: { x: 945, y: 600 }, rx: 45, ry: 30 } }] }],
    };
    grown.layers[0]!.shapes[1] = { ...marker, id: 'm2', measures: ['r1', 'a1'] };
    unwrap(await admin.api.annotations.save({ photoId: second.id, baseVersion: null, document: grown }));

    const history = unwrap(await staff.clin!.api.annotations.lesionHistory({ lesionId: lesion.id }));
    expect(history.lesion.number).toBe(1);
    expect(history.measurements.map((m) => [m.photoId, m.takenAt.slice(0, 10), m.kind, m.unit, m.source])).toEqual([
      [first.id, '2026-01-10', 'length', 'mm', 'ruler'],
      [second.id, '2026-04-10', 'area', 'mm2', 'ruler'],
      [second.id, '2026-04-10', 'length', 'mm', 'ruler'],
    ]);
    const [before, area, after] = history.measurements;
    expect(before!.value).toBeCloseTo(6.2, 1);
    expect(after!.value).toBeCloseTo(7.5, 1);
    // π × 3.75 mm × 2.5 mm
    expect(area!.value).toBeCloseTo(Math.PI * 3.75 * 2.5, 0);
    expect(before!.uncertainty).toBeGreaterThan(0.05);
    expect(before!.uncertainty).toBeLessThan(0.3);

    // A new lesion on this patient gets the next number.
    expect(unwrap(await admin.api.annotations.createLesion({ photoId: second.id, label: 'Second naevus' })).number).toBe(2);
  });
});

describe('access as for the viewer', () => {
  it('refuses restricted patients, and roles without photo.view or photo.capture', async () => {
    const photo = await visitPhoto('2026-03-01T09:00:00.000Z');
    unwrap(await admin.api.annotations.save({ photoId: photo.id, baseVersion: null, document: rulerDoc(null) }));
    expect(code(await staff.desk!.api.annotations.get({ photoId: photo.id }))).toBe('PERMISSION_DENIED');
    expect(code(await staff.privacy!.api.annotations.get({ photoId: photo.id }))).toBe('PERMISSION_DENIED');
    expect(code(await staff.clin!.api.annotations.get({ photoId: photo.id }))).toBe('ok');
    // Photographers see only patients in their care relationship, as in the viewer.
    expect(code(await staff.photo!.api.annotations.get({ photoId: photo.id }))).toBe(code(await staff.photo!.api.photos.open({ photoId: photo.id })));

    unwrap(await staff.privacy!.api.access.restrict({ mrn: ADA.mrn, category: 'vip', reason: 'Public figure' }));
    expect(code(await staff.clin!.api.annotations.get({ photoId: photo.id }))).toBe('PATIENT_RESTRICTED');
    expect(code(await staff.clin!.api.annotations.save({ photoId: photo.id, baseVersion: 1, document: rulerDoc(null) }))).toBe('PATIENT_RESTRICTED');
    expect(code(await staff.clin!.api.annotations.detectRuler({ photoId: photo.id }))).toBe('PATIENT_RESTRICTED');
    expect(code(await staff.clin!.api.annotations.listLesions({ photoId: photo.id }))).toBe('PATIENT_RESTRICTED');
    // A window never reaches the export: it is the CLI's.
    expect(code(await staff.clin!.api.annotations.export({ photoId: photo.id, format: 'csps' }))).not.toBe('ok');
  });
});
