// Correcting mistakes (docs/corrections.md): the use-cases behind the corrections channels. Each
// checks the patient-level access to every record it touches, makes the change and writes its audit
// record, with the user's reason, in one transaction; a refusal changes nothing.
import { CoreError } from '../../../shared/errors';
import { recordAudit } from '../audit/audit';
import { correctPhoto, deletePhoto, restorePhoto, type PhotoCorrectionResult } from '../corrections/photo-correction';
import { demographicsHistory, editDemographics, enteredInErrorRecord, getActivePatient, markEnteredInError } from '../patients/corrections';
import { mergePatients, mergesOf } from '../patients/merge';
import { getPatient } from '../patients/patients';
import { getPhotoFacts, listDeletedPhotos, listPhotoCorrections, livePhotoCount } from '../photos/corrections';
import type { CallContext, Handlers } from '../router';
import type { CoreServices } from '../services';

/** What a photo correction's audit record says besides the reason: identifiers and codes only. */
const photoDetail = (r: PhotoCorrectionResult, extra = ''): string =>
  `${extra}revision=${r.revision};remote=${r.remoteOutcome};targets=${r.targets.map((t) => `${t.targetId}:${t.action}${t.heldForConsent ? ':held' : ''}`).join(',')}`;

export const correctionHandlers = (s: CoreServices): Handlers['corrections'] => {
  const who = (ctx: CallContext, reason: string) => ({ at: s.clock(), userId: s.actor(ctx).user.id, reason });

  return {
    editPatient(ctx, req) {
      const { patientId, reason, ...fields } = req;
      s.requirePatientAccess(ctx, patientId);
      return s.write(() => {
        const w = who(ctx, reason);
        const edit = editDemographics(s.workspace().db, w.at, w.userId, patientId, fields, reason);
        s.audit({ userId: w.userId, action: 'patient.edit', outcome: 'success', patientId, reason, detail: `fields=${edit.changes.map((c) => c.field).join(',')}` });
        return edit.patient;
      });
    },
    mergePatients(ctx, req) {
      s.requirePatientAccess(ctx, req.fromPatientId);
      s.requirePatientAccess(ctx, req.intoPatientId);
      return s.write(() => {
        const { db } = s.workspace();
        const w = who(ctx, req.reason);
        const merged = mergePatients(db, w.at, w.userId, req.fromPatientId, req.intoPatientId, req.reason);
        const counts = `photos=${merged.moved.photoIds.length};encounters=${merged.moved.encounterIds.length};consents=${merged.moved.consentIds.length}`;
        const flagged = merged.photos.filter((p) => p.remoteOutcome === 'flagged').length;
        // One record under each patient, so either record's audit trail shows the merge.
        for (const [patientId, other] of [
          [req.intoPatientId, `from=${req.fromPatientId}`],
          [req.fromPatientId, `into=${req.intoPatientId}`],
        ] as const) {
          recordAudit(db, w.at, { userId: w.userId, action: 'patient.merge', outcome: 'success', patientId, reason: req.reason, detail: `merge=${merged.mergeId};${other};${counts};flagged=${flagged}` });
        }
        return merged;
      });
    },
    markEnteredInError(ctx, req) {
      s.requirePatientAccess(ctx, req.patientId);
      return s.write(() => {
        const { db } = s.workspace();
        // Hiding a record that holds photos would hide the photos: move or delete them first.
        const photos = livePhotoCount(db, req.patientId);
        if (photos > 0) throw new CoreError('PATIENT_HAS_PHOTOS', 'This record holds photos. Move them to the right patient (or merge the records) first.', { patientId: `holds ${photos} photos` });
        const w = who(ctx, req.reason);
        const patient = markEnteredInError(db, w.at, w.userId, req.patientId, req.reason);
        recordAudit(db, w.at, { userId: w.userId, action: 'patient.entered-in-error', outcome: 'success', patientId: req.patientId, reason: req.reason });
        return patient;
      });
    },
    patientHistory(ctx, req) {
      s.requirePatientAccess(ctx, req.patientId);
      const { db } = s.workspace();
      getPatient(db, req.patientId);
      const history = { edits: demographicsHistory(db, req.patientId), merges: mergesOf(db, req.patientId), enteredInError: enteredInErrorRecord(db, req.patientId) };
      s.audit({ userId: s.actor(ctx).user.id, action: 'patient.history', outcome: 'success', patientId: req.patientId });
      return history;
    },
    correctPhoto(ctx, req) {
      const { photoId, reason, ...input } = req;
      const patientId = getPhotoFacts(s.workspace().db, photoId).patientId;
      s.requirePatientAccess(ctx, patientId, 'photos');
      return s.write(() => {
        const w = who(ctx, reason);
        const result = correctPhoto(s.workspace().db, w, photoId, input);
        s.audit({ userId: w.userId, action: 'photo.correct', outcome: 'success', patientId, photoId, reason, detail: photoDetail(result, `fields=${Object.keys(input).join(',')};`) });
        return result;
      });
    },
    movePhoto(ctx, req) {
      const { db } = s.workspace();
      const fromPatientId = getPhotoFacts(db, req.photoId).patientId;
      if (fromPatientId === req.patientId) throw new CoreError('VALIDATION_FAILED', 'The photo already belongs to this patient.', { patientId: 'is the same patient' });
      s.requirePatientAccess(ctx, fromPatientId, 'photos');
      s.requirePatientAccess(ctx, req.patientId, 'photos');
      return s.write(() => {
        getActivePatient(db, req.patientId);
        const w = who(ctx, req.reason);
        const result = correctPhoto(db, w, req.photoId, { patientId: req.patientId, ...(req.encounterId !== undefined ? { encounterId: req.encounterId } : {}) });
        for (const [patientId, other] of [
          [fromPatientId, `to=${req.patientId};`],
          [req.patientId, `from=${fromPatientId};`],
        ] as const) {
          recordAudit(db, w.at, { userId: w.userId, action: 'photo.move', outcome: 'success', patientId, photoId: req.photoId, reason: req.reason, detail: photoDetail(result, other) });
        }
        return result;
      });
    },
    deletePhoto(ctx, req) {
      const patientId = getPhotoFacts(s.workspace().db, req.photoId).patientId;
      s.requirePatientAccess(ctx, patientId, 'photos');
      return s.write(() => {
        const w = who(ctx, req.reason);
        const result = deletePhoto(s.workspace().db, w, req.photoId);
        s.audit({ userId: w.userId, action: 'photo.delete', outcome: 'success', patientId, photoId: req.photoId, reason: req.reason, detail: photoDetail(result) });
        return result;
      });
    },
    restorePhoto(ctx, req) {
      const patientId = getPhotoFacts(s.workspace().db, req.photoId).patientId;
      s.requirePatientAccess(ctx, patientId, 'photos');
      return s.write(() => {
        const w = who(ctx, req.reason);
        const result = restorePhoto(s.workspace().db, w, req.photoId);
        s.audit({ userId: w.userId, action: 'photo.restore', outcome: 'success', patientId, photoId: req.photoId, reason: req.reason });
        return result;
      });
    },
    deletedPhotos(ctx, req) {
      s.requirePatientAccess(ctx, req.patientId, 'photos');
      const deleted = listDeletedPhotos(s.workspace().db, req.patientId);
      s.audit({ userId: s.actor(ctx).user.id, action: 'photo.list', outcome: 'success', patientId: req.patientId, detail: `deleted=${deleted.length}` });
      return deleted;
    },
    photoHistory(ctx, req) {
      const { db } = s.workspace();
      const patientId = getPhotoFacts(db, req.photoId).patientId;
      s.requirePatientAccess(ctx, patientId, 'photos');
      const history = listPhotoCorrections(db, req.photoId);
      s.audit({ userId: s.actor(ctx).user.id, action: 'photo.history', outcome: 'success', patientId, photoId: req.photoId });
      return history;
    },
  };
};
