// The gallery and the viewer. Photos leave the core as metadata plus short-lived opaque handles;
// opening a full image is audited as a view.
import type { Photo } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import { ingestPhoto } from '../capture/ingest';
import { recordAudit } from '../audit/audit';
import { isRecognizable } from '../interop/export-input';
import { exportPhoto } from '../interop/photo-export';
import { setPhotoRecognizable } from '../photos/photo-lookups';
import { getPhotoRow, listPhotoRows, type PhotoRow } from '../photos/photos';
import { findPatientByMrn, getPatient } from '../patients/patients';
import { galleryHandlers } from './gallery';
import type { Handlers } from '../router';
import { photoMetadataView } from '../standards/metadata';
import type { ClientState, CoreServices } from '../services';

/** A photo row as the renderer sees it, with a fresh thumbnail handle for this client. */
export function photoView(row: PhotoRow, client: ClientState, userId: string): Photo {
  return {
    id: row.id,
    patientId: row.patient_id,
    encounterId: row.encounter_id,
    capturedAt: row.captured_at,
    capturedBy: row.captured_by_name,
    source: row.source,
    device: row.device,
    mime: row.mime,
    width: row.width,
    height: row.height,
    byteSize: row.byte_size,
    sha256: row.sha256,
    thumbnail: {
      handle: client.handles.issue({ blobId: row.thumbnail_blob_id, mime: 'image/jpeg', userId }),
      width: row.thumbnail_width,
      height: row.thumbnail_height,
    },
    ...photoMetadataView(row),
  };
}

export const photoHandlers = (s: CoreServices): Handlers['photos'] => ({
  ...galleryHandlers(s),
  list(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    getPatient(db, req.patientId);
    s.requirePatientAccess(ctx, req.patientId, 'photos');
    const rows = listPhotoRows(db, req.patientId);
    s.audit({ userId: user.id, action: 'photo.list', outcome: 'success', patientId: req.patientId, detail: `count=${rows.length}` });
    return rows.map((row) => photoView(row, s.client(ctx), user.id));
  },
  open(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    s.audit({ userId: user.id, action: 'photo.view', outcome: 'success', patientId: row.patient_id, photoId: row.id });
    const handle = s.client(ctx).handles.issue({ blobId: row.original_blob_id, mime: row.mime, userId: user.id });
    return { handle, mime: row.mime, width: row.width, height: row.height };
  },
  async import(ctx, req) {
    const { db, blobs } = s.workspace();
    const user = s.actor(ctx).user;
    const patient = findPatientByMrn(db, req.mrn);
    if (!patient) throw new CoreError('NOT_FOUND', 'No patient has this MRN.');
    s.requirePatientAccess(ctx, patient.id);
    const photoId = await ingestPhoto(db, blobs, {
      bytes: req.bytes,
      patientId: patient.id,
      encounterId: null,
      userId: user.id,
      source: 'import',
      device: req.device,
      at: s.clock(),
      fileModifiedAt: req.fileModifiedAt ? new Date(req.fileModifiedAt) : null,
    });
    // Its deliveries are queued: this process's worker starts on them now, not at its next poll.
    s.sync.kick();
    return { photoId };
  },
  setRecognizable(ctx, req) {
    const { db } = s.workspace();
    const userId = s.actor(ctx).user.id;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    const at = s.clock();
    s.write(() => {
      setPhotoRecognizable(db, row.id, req.recognizable);
      recordAudit(db, at, { userId, action: 'photo.recognizable', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `recognizable=${req.recognizable ?? 'by-site'}` });
    });
    return { photoId: row.id, recognizable: isRecognizable(req.recognizable === null ? null : req.recognizable ? 1 : 0, row.body_site_code) };
  },
  export: (ctx, req) => exportPhoto(s, ctx, req),
});
