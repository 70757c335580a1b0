// Clinical photography standards: the previous photo of a site for the ghost overlay (a view of a
// photo, so audited and checked like one) and discarding or keeping a just-taken capture at the
// retake prompt.
import { discardCapture, keepCapture } from '../capture/ingest';
import { getPhotoRow } from '../photos/photos';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { findPreviousPhoto } from '../photos/previous';

export const standardsHandlers = (s: CoreServices): Handlers['standards'] => ({
  previousPhoto(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    s.requirePatientAccess(ctx, req.patientId, 'photos');
    const row = findPreviousPhoto(db, req.patientId, req.bodySiteCode, req.laterality, req.view);
    if (!row) return { photo: null };
    s.audit({ userId: user.id, action: 'photo.view', outcome: 'success', patientId: req.patientId, photoId: row.id, detail: 'ghost-overlay' });
    const handle = s.client(ctx).handles.issue({ blobId: row.original_blob_id, mime: row.mime, userId: user.id });
    return { photo: { id: row.id, handle, width: row.width, height: row.height, capturedAt: row.captured_at, view: row.view } };
  },
  async discardCapture(ctx, req) {
    const { db, blobs } = s.workspace();
    const user = s.actor(ctx).user;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    await discardCapture(db, blobs, req.photoId, user.id, s.clock());
    return { discarded: true as const };
  },
  keepCapture(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    if (keepCapture(db, req.photoId, user.id, s.clock()) > 0) s.sync.kick();
    return { kept: true as const };
  },
});
