// Import in the app (shared/channels/imports.ts): what a window's chosen files are before they are
// committed, and then each file into a patient's record through the one ingest path. The patient
// (and the encounter, which must be theirs) is checked on every call: a window is never trusted to
// have asked before.
import { CoreError } from '../../../shared/errors';
import type { ImportInspection } from '../../../shared/channels/imports';
import { ingestPhoto } from '../capture/ingest';
import { importAcquisitionTime } from '../imaging/acquisition-time';
import { sniffMime } from '../imaging/inspect';
import { getEncounter } from '../patients/encounters';
import { getPatient } from '../patients/patients';
import { photosWithOriginalSha256 } from '../photos/photo-lookups';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';

const fromBase64 = (b64: string): Buffer => Buffer.from(b64, 'base64');
const fileTime = (iso: string | undefined): Date | null => (iso ? new Date(iso) : null);

export const importHandlers = (s: CoreServices): Handlers['imports'] => ({
  async inspect(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    getPatient(db, req.patientId);
    s.requirePatientAccess(ctx, req.patientId);
    const now = s.clock();
    const answers: ImportInspection[] = [];
    for (const file of req.files) {
      const head = fromBase64(file.headBase64);
      const taken = await importAcquisitionTime(head, fileTime(file.fileModifiedAt), now);
      const existing = photosWithOriginalSha256(db, file.sha256);
      const same = existing.find((p) => p.patientId === req.patientId);
      answers.push({
        takenAt: taken.at,
        takenFrom: taken.origin === 'exif' || taken.origin === 'exif-local' || taken.origin === 'file' ? taken.origin : 'import',
        supported: sniffMime(head) !== null,
        // Under another patient it is only said to exist: the importer may have no access to whose it is.
        duplicate: same ? 'this-patient' : existing.length > 0 ? 'other-patient' : 'none',
        duplicateOf: same?.id ?? null,
      });
    }
    s.audit({ userId: user.id, action: 'photo.import-inspect', outcome: 'success', patientId: req.patientId, detail: `files=${req.files.length}` });
    return answers;
  },
  async add(ctx, req) {
    const { db, blobs } = s.workspace();
    const user = s.actor(ctx).user;
    getPatient(db, req.patientId);
    const encounter = req.encounterId ? getEncounter(db, req.encounterId) : null;
    if (encounter && encounter.patientId !== req.patientId) {
      throw new CoreError('CONTEXT_MISMATCH', 'The encounter does not belong to the patient on screen.');
    }
    s.requirePatientAccess(ctx, req.patientId);
    const photoId = await ingestPhoto(db, blobs, {
      bytes: fromBase64(req.imageBase64),
      patientId: req.patientId,
      encounterId: encounter?.id ?? null,
      providerId: encounter?.providerId ?? null,
      userId: user.id,
      source: 'import',
      device: req.device,
      at: s.clock(),
      fileModifiedAt: fileTime(req.fileModifiedAt),
    });
    // Its deliveries are queued: this process's worker starts on them now, not at its next poll.
    s.sync.kick();
    return { photoId };
  },
});
