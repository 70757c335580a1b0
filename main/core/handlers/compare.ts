// Compare and alignment (issue 10): the default photo to compare with, screen-sized renditions
// (audited as views, like the viewer's photos.open) and alignments (compare/align.ts).
import { alignAuto, alignManual } from '../compare/align';
import { latestAlignment } from '../compare/alignment-rows';
import { detectCheckerIn } from '../compare/checker-service';
import { normaliseColour } from '../compare/colour-service';
import { exportComparison } from '../compare/export-comparison';
import { renditionOf } from '../compare/renditions';
import type { CompareWorkers } from '../compare/workers';
import { previousComparable } from '../photos/compare-lookups';
import { getPhotoRow } from '../photos/photos';
import { photoView } from './photos';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';

/** `workers` are the core's own threads for this area; the core stops them when it closes. */
export const compareHandlers = (s: CoreServices, workers: CompareWorkers): Handlers['compare'] => ({
  previous(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    const previousId = previousComparable(db, row);
    if (previousId === null) return { photo: null };
    // With its metadata and a thumbnail handle, as the gallery lists it (the gallery may not hold it: it pages).
    s.audit({ userId: user.id, action: 'photo.list', outcome: 'success', patientId: row.patient_id, photoId: previousId, detail: `previous-of=${row.id}` });
    return { photo: photoView(getPhotoRow(db, previousId), s.client(ctx), user.id) };
  },
  async rendition(ctx, req) {
    const { db, blobs } = s.workspace();
    const user = s.actor(ctx).user;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    const rendition = await renditionOf(db, blobs, row, req.edge, s.clock());
    s.audit({ userId: user.id, action: 'photo.view', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `rendition=${req.edge}` });
    const handle = s.client(ctx).handles.issue({ blobId: rendition.blob_id, mime: 'image/jpeg', userId: user.id });
    return { handle, width: rendition.width, height: rendition.height, mime: 'image/jpeg' };
  },
  align: (ctx, req) => alignAuto(s, workers.opencv, ctx, req),
  alignManual: (ctx, req) => alignManual(s, ctx, req),
  normaliseColour: (ctx, req) => normaliseColour(s, ctx, req),
  detectChecker: (ctx, req) => detectCheckerIn(s, workers.opencv, ctx, req),
  alignment(ctx, req) {
    const { db } = s.workspace();
    const row = getPhotoRow(db, req.fromPhotoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    return latestAlignment(db, req.fromPhotoId, req.toPhotoId);
  },
  export: (ctx, req) => exportComparison(s, workers.compose, ctx, req),
});
