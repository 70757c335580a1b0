// Correcting patient records through a real core (docs/corrections.md): demographics edited with a
// reason and the earlier values kept; two records of one person merged (photos, encounters,
// consents move; the merge is reviewable); a registration entered in error hidden but kept. Every
// change is in the audit trail with its reason; each refusal changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PatientHistory } from '../../../shared/channels/corrections';
import type { Encounter, Patient, Photo } from '../../../shared/domain';
import { BREAK_GLASS_CATEGORIES } from '../../../shared/channels/access';
import { withDatabase } from '../access/test-staff';
import { SIMULATED_CAMERA_ID } from '../capture/simulated-camera';
import { consentClinic, PATIENT, SITES } from '../consent/test-support/consent-fixtures';
import { unwrap } from '../test-support/fixtures';

let c: Awaited<ReturnType<typeof consentClinic>>;
beforeEach(async () => {
  c = await consentClinic();
});
afterEach(async () => c.dispose());

const register = async (mrn: string, familyName = 'Okonkwo', givenName = 'Ada') =>
  unwrap<Patient>(await c.client.api.patients.register({ mrn, familyName, givenName, birthDate: '1985-07-14', sex: 'F' }));

const auditOf = (action: string) =>
  withDatabase(c.dir, (db) => db.prepare('SELECT patient_id AS patientId, reason, detail, outcome FROM audit_events WHERE action = ? ORDER BY seq').all(action));

describe('editing demographics', () => {
  it('changes the record, keeps the earlier values readable, and audits the reason', async () => {
    const edited = unwrap<Patient>(await c.client.api.corrections.editPatient({ patientId: c.patient.id, reason: 'Given name misspelt at registration', givenName: 'Adaora', birthDate: '1985-07-15' }));
    expect(edited).toMatchObject({ givenName: 'Adaora', birthDate: '1985-07-15', familyName: PATIENT.familyName });
    // Search finds the corrected name, not the old one.
    expect(unwrap<{ patients: Patient[] }>(await c.client.api.patients.search({ query: 'okonkwo, adaora' })).patients.map((p) => p.id)).toEqual([c.patient.id]);
    expect(unwrap<{ patients: Patient[] }>(await c.client.api.patients.search({ query: 'okonkwo, adaeze' })).patients).toEqual([]);

    const history = unwrap<PatientHistory>(await c.client.api.corrections.patientHistory({ patientId: c.patient.id }));
    expect(history.edits).toEqual([
      {
        at: expect.any(String),
        byName: 'Dr Ada Admin',
        reason: 'Given name misspelt at registration',
        changes: [
          { field: 'givenName', before: 'Adaeze', after: 'Adaora' },
          { field: 'birthDate', before: '1985-07-14', after: '1985-07-15' },
        ],
      },
    ]);
    expect(await auditOf('patient.edit')).toEqual([{ patientId: c.patient.id, reason: 'Given name misspelt at registration', detail: 'fields=givenName,birthDate', outcome: 'success' }]);
  });

  it('refuses a missing reason, a change of nothing, a future birth date and a taken MRN, changing nothing', async () => {
    await register('OTHER-1');
    const attempts = [
      { reason: '', givenName: 'X' },
      { reason: 'No change really', givenName: PATIENT.givenName },
      { reason: 'Typo', birthDate: '2999-01-01' },
      { reason: 'Typo', mrn: 'other-1' },
    ];
    const codes = [];
    for (const a of attempts) {
      const r = await c.client.api.corrections.editPatient({ patientId: c.patient.id, ...a });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'MRN_TAKEN']);
    expect(unwrap<Patient>(await c.client.api.patients.get({ patientId: c.patient.id }))).toMatchObject(PATIENT);
    expect(unwrap<PatientHistory>(await c.client.api.corrections.patientHistory({ patientId: c.patient.id })).edits).toEqual([]);
  });
});

describe('merging two records of the same person', () => {
  it('moves photos, encounters and consents, keeps the duplicate pointing at the survivor, and can be reviewed', async () => {
    // The duplicate: registered again under another MRN, with a visit, a photo and a consent.
    const duplicate = await register('DUP-7', 'Okonkwo', 'Adaeze');
    const visit = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: duplicate.id, reason: 'Follow-up' }));
    const photo = unwrap<Photo>(
      await c.client.api.capture.take({ encounterId: visit.id, cameraId: SIMULATED_CAMERA_ID, context: { bodySite: SITES.back, laterality: 'unpaired', view: 'posterior' } }),
    );
    const ownPhoto = await c.capture(SITES.face);

    const merged = unwrap<{ mergeId: string; moved: { photoIds: string[]; encounterIds: string[]; consentIds: string[] } }>(
      await c.client.api.corrections.mergePatients({ fromPatientId: duplicate.id, intoPatientId: c.patient.id, reason: 'Same person, registered twice at the desk' }),
    );
    expect(merged.moved).toMatchObject({ photoIds: [photo.id], encounterIds: [visit.id] });

    // Everything is under the survivor now.
    const photos = unwrap<Photo[]>(await c.client.api.photos.list({ patientId: c.patient.id }));
    expect(photos.map((p) => p.id).sort()).toEqual([photo.id, ownPhoto].sort());
    expect(unwrap<Encounter[]>(await c.client.api.encounters.list({ patientId: c.patient.id })).map((e) => e.id)).toContain(visit.id);
    // The duplicate is kept, says where it went, and is no longer listed or found by its MRN.
    expect(unwrap<Patient>(await c.client.api.patients.get({ patientId: duplicate.id }))).toMatchObject({ mergedInto: c.patient.id });
    expect(unwrap<{ patients: Patient[] }>(await c.client.api.patients.search({ query: 'DUP-7' })).patients).toEqual([]);
    expect(unwrap(await c.client.api.patients.findByMrn({ mrn: 'DUP-7' }))).toMatchObject({ id: c.patient.id });

    // Reviewable from either record: who, when, why and what moved.
    for (const id of [c.patient.id, duplicate.id]) {
      const history = unwrap<PatientHistory>(await c.client.api.corrections.patientHistory({ patientId: id }));
      expect(history.merges).toEqual([
        expect.objectContaining({ id: merged.mergeId, fromPatientId: duplicate.id, intoPatientId: c.patient.id, byName: 'Dr Ada Admin', reason: 'Same person, registered twice at the desk', moved: merged.moved }),
      ]);
    }
    const audit = await auditOf('patient.merge');
    expect(audit.map((a) => (a as { patientId: string }).patientId).sort()).toEqual([c.patient.id, duplicate.id].sort());
    // A merged record takes no further changes.
    expect(await c.client.api.corrections.editPatient({ patientId: duplicate.id, reason: 'Typo', givenName: 'X' })).toMatchObject({ ok: false, error: { code: 'PATIENT_INACTIVE' } });
    expect(await c.client.api.corrections.mergePatients({ fromPatientId: duplicate.id, intoPatientId: c.patient.id, reason: 'Again' })).toMatchObject({ ok: false, error: { code: 'PATIENT_INACTIVE' } });
  });

  it('moves the consents with the record', async () => {
    const duplicate = await register('DUP-8', 'Okonkwo', 'Adaeze');
    const consent = await c.paper([{ scope: 'education', decision: 'grant' }], { mrn: 'DUP-8' });
    const merged = unwrap<{ moved: { consentIds: string[] } }>(await c.client.api.corrections.mergePatients({ fromPatientId: duplicate.id, intoPatientId: c.patient.id, reason: 'Duplicate registration' }));
    expect(merged.moved.consentIds).toEqual([consent.id]);
    expect(unwrap<Array<{ id: string }>>(await c.client.api.consent.list({ patientId: c.patient.id })).map((x) => x.id)).toContain(consent.id);
  });

  it('refuses to merge a restricted record into an unrestricted one', async () => {
    const duplicate = await register('DUP-9');
    unwrap(await c.client.api.access.restrict({ mrn: 'DUP-9', category: 'vip', reason: 'Public figure, press interest' }));
    unwrap(await c.client.api.access.breakGlass({ patientId: duplicate.id, category: BREAK_GLASS_CATEGORIES[0], reason: 'Merging a duplicate record of this patient' }));
    const r = await c.client.api.corrections.mergePatients({ fromPatientId: duplicate.id, intoPatientId: c.patient.id, reason: 'Duplicate registration' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PATIENT_RESTRICTED' } });
    expect(unwrap<Patient>(await c.client.api.patients.get({ patientId: duplicate.id })).mergedInto).toBeUndefined();
  });
});

describe('a registration entered in error', () => {
  it('is hidden from lists and look-ups but kept, with who, when and why', async () => {
    const wrong = await register('TYPO-1', 'Testpatient', 'Do not use');
    const marked = unwrap<Patient>(await c.client.api.corrections.markEnteredInError({ patientId: wrong.id, reason: 'Test registration during training' }));
    expect(marked.enteredInError).toBe(true);
    expect(unwrap<{ patients: Patient[] }>(await c.client.api.patients.search({ query: 'Testpatient' })).patients).toEqual([]);
    expect(unwrap<{ patients: Patient[] }>(await c.client.api.patients.search({ query: '' })).patients.map((p) => p.id)).not.toContain(wrong.id);
    expect(unwrap(await c.client.api.patients.findByMrn({ mrn: 'TYPO-1' }))).toBeNull();
    const history = unwrap<PatientHistory>(await c.client.api.corrections.patientHistory({ patientId: wrong.id }));
    expect(history.enteredInError).toEqual({ at: expect.any(String), byName: 'Dr Ada Admin', reason: 'Test registration during training' });
    expect(await auditOf('patient.entered-in-error')).toEqual([{ patientId: wrong.id, reason: 'Test registration during training', detail: '', outcome: 'success' }]);
  });

  it('is refused while the record holds photos', async () => {
    await c.capture(SITES.back);
    const r = await c.client.api.corrections.markEnteredInError({ patientId: c.patient.id, reason: 'Wrong record' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PATIENT_HAS_PHOTOS' } });
    expect(unwrap<Patient>(await c.client.api.patients.get({ patientId: c.patient.id })).enteredInError).toBeUndefined();
  });
});
