// Correcting photos through a real core (docs/corrections.md): site, side, view and encounter
// changed with a reason and a record of before and after; a move to another patient; a soft
// delete that hides the photo everywhere but keeps it, and its undoing. What happens at the
// receiving systems is correction-deliveries.test.ts (rules) and corrected-delivery.test.ts (Orthanc).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoCorrection, PhotoCorrectionResult } from '../../../shared/channels/corrections';
import type { Encounter, Patient, Photo } from '../../../shared/domain';
import { withDatabase } from '../access/test-staff';
import { consentClinic, SITES } from '../consent/test-support/consent-fixtures';
import { unwrap } from '../test-support/fixtures';

let c: Awaited<ReturnType<typeof consentClinic>>;
beforeEach(async () => {
  c = await consentClinic();
});
afterEach(async () => c.dispose());

const open = async (photoId: string) => c.client.api.photos.open({ photoId });
const listed = async (patientId: string, photoId: string) => unwrap<Photo[]>(await c.client.api.photos.list({ patientId })).find((p) => p.id === photoId);

describe('correcting a photo', () => {
  it('changes site, side and view, bumps the revision and keeps before and after with the reason', async () => {
    const photoId = await c.capture(SITES.back);
    const result = unwrap<PhotoCorrectionResult>(
      await c.client.api.corrections.correctPhoto({ photoId, reason: 'Photographed the cheek, not the back', bodySiteCode: SITES.cheek.code, laterality: 'right', view: 'right lateral' }),
    );
    expect(result).toMatchObject({ photoId, revision: 1, remoteOutcome: 'none', targets: [] });
    expect((await listed(c.patient.id, photoId))?.context).toMatchObject({ bodySite: SITES.cheek, laterality: 'right', view: 'right lateral' });

    const history = unwrap<PhotoCorrection[]>(await c.client.api.corrections.photoHistory({ photoId }));
    expect(history).toEqual([
      expect.objectContaining({
        kind: 'edit',
        reason: 'Photographed the cheek, not the back',
        correctedByName: 'Dr Ada Admin',
        revision: 1,
        before: { bodySite: SITES.back, laterality: 'unpaired', view: 'anterior' },
        after: { bodySite: SITES.cheek, laterality: 'right', view: 'right lateral', targets: [] },
      }),
    ]);
    const audit = await withDatabase(c.dir, (db) => db.prepare("SELECT photo_id AS photoId, reason, detail FROM audit_events WHERE action = 'photo.correct'").all());
    expect(audit).toEqual([{ photoId, reason: 'Photographed the cheek, not the back', detail: 'fields=bodySiteCode,laterality,view;revision=1;remote=none;targets=' }]);
  });

  it('refuses a side the site does not have, an encounter of another patient, and no change', async () => {
    const photoId = await c.capture(SITES.back);
    const other = unwrap<Patient>(await c.client.api.patients.register({ mrn: 'OTHER-2', familyName: 'Berg', givenName: 'Liv', birthDate: '1990-01-01', sex: 'F' }));
    const otherVisit = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: other.id }));
    const tries = [
      { laterality: 'left' as const },
      { encounterId: otherVisit.id },
      { view: 'anterior' as const },
    ];
    const codes = [];
    for (const t of tries) {
      const r = await c.client.api.corrections.correctPhoto({ photoId, reason: 'Trying a correction', ...t });
      codes.push(r.ok ? 'ok' : `${r.error.code}:${Object.keys(r.error.fields ?? {}).join()}`);
    }
    expect(codes).toEqual(['VALIDATION_FAILED:laterality', 'VALIDATION_FAILED:encounterId', 'VALIDATION_FAILED:reason']);
    expect(unwrap<PhotoCorrection[]>(await c.client.api.corrections.photoHistory({ photoId }))).toEqual([]);
  });

  it('moves a photo to the right patient, out of the wrong encounter, audited under both', async () => {
    const photoId = await c.capture(SITES.abdomen);
    const right = unwrap<Patient>(await c.client.api.patients.register({ mrn: 'RIGHT-1', familyName: 'Berg', givenName: 'Liv', birthDate: '1990-01-01', sex: 'F' }));
    const rightVisit = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: right.id }));
    unwrap(await c.client.api.corrections.movePhoto({ photoId, patientId: right.id, encounterId: rightVisit.id, reason: 'Taken while the wrong patient was open' }));
    expect(unwrap<Photo[]>(await c.client.api.photos.list({ patientId: c.patient.id })).map((p) => p.id)).not.toContain(photoId);
    expect(await listed(right.id, photoId)).toMatchObject({ patientId: right.id, encounterId: rightVisit.id });
    const audit = await withDatabase(c.dir, (db) => db.prepare("SELECT patient_id AS patientId FROM audit_events WHERE action = 'photo.move' ORDER BY seq").pluck().all());
    expect(audit).toEqual([c.patient.id, right.id]);
  });
});

describe('deleting a photo', () => {
  it('hides it from the gallery and the viewer, keeps it with the reason, and can be undone', async () => {
    const photoId = await c.capture(SITES.back);
    unwrap(await c.client.api.corrections.deletePhoto({ photoId, reason: 'Blurred duplicate of the next shot' }));
    expect(unwrap<Photo[]>(await c.client.api.photos.list({ patientId: c.patient.id }))).toEqual([]);
    expect(await open(photoId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Kept: the row and its sealed original are still there for the retention rules.
    const kept = await withDatabase(c.dir, (db) => db.prepare('SELECT deleted_at IS NOT NULL AS deleted, delete_reason AS reason FROM photos WHERE id = ?').get(photoId));
    expect(kept).toEqual({ deleted: 1, reason: 'Blurred duplicate of the next shot' });
    // It is not the capture screen's ghost of that site any more.
    const ghost = unwrap<{ photo: { id: string } | null }>(await c.client.api.standards.previousPhoto({ patientId: c.patient.id, bodySiteCode: SITES.back.code, laterality: 'unpaired' }));
    expect(ghost.photo).toBeNull();
    // Nor is it counted in its visit, or queued for a delivery target added later.
    const visits = unwrap<Encounter[]>(await c.client.api.encounters.list({ patientId: c.patient.id }));
    expect(visits.find((e) => e.id === c.encounter.id)?.photoCount).toBe(0);
    const target = unwrap<{ id: string }>(
      await c.client.api.delivery.createTarget({ target: { name: 'Later PACS', kind: 'dicomweb', baseUrl: 'http://127.0.0.1:9/dicom-web', authKind: 'none', enabled: false } }),
    );
    await c.client.api.delivery.updateTarget({ targetId: target.id, target: { name: 'Later PACS', kind: 'dicomweb', baseUrl: 'http://127.0.0.1:9/dicom-web', authKind: 'none', enabled: true } });
    expect(unwrap<{ queued: number }>(await c.client.api.delivery.backfill({ targetId: target.id })).queued).toBe(0);
    // A deleted photo takes no corrections until it is restored.
    expect(await c.client.api.corrections.correctPhoto({ photoId, reason: 'Wrong view', view: 'posterior' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    expect(unwrap<Array<{ photoId: string; reason: string; deletedByName: string }>>(await c.client.api.corrections.deletedPhotos({ patientId: c.patient.id }))).toEqual([
      expect.objectContaining({ photoId, reason: 'Blurred duplicate of the next shot', deletedByName: 'Dr Ada Admin', bodySite: SITES.back.display }),
    ]);
    unwrap(await c.client.api.corrections.restorePhoto({ photoId, reason: 'Deleted the wrong shot' }));
    expect(unwrap(await c.client.api.corrections.deletedPhotos({ patientId: c.patient.id }))).toEqual([]);
    expect(unwrap<Photo[]>(await c.client.api.photos.list({ patientId: c.patient.id })).map((p) => p.id)).toEqual([photoId]);
    expect(unwrap<PhotoCorrection[]>(await c.client.api.corrections.photoHistory({ photoId })).map((h) => [h.kind, h.reason])).toEqual([
      ['delete', 'Blurred duplicate of the next shot'],
      ['restore', 'Deleted the wrong shot'],
    ]);
  });
});
