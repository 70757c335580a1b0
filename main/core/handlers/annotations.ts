// Annotation and measurement use-cases (docs/annotations.md): reading and saving a photo's
// annotation versions, the automatic ruler calibration, lesions followed across visits, and the
// exports. Every call checks the photo's patient as the viewer does (restrictions, grants, care
// relationship); every save is a new version written together with its audit record.
import { allShapes, type AnnotationDocument } from '../../../shared/annotations/document';
import { EMPTY_DOCUMENT } from '../../../shared/annotations/document';
import { CoreError } from '../../../shared/errors';
import { annotationDeliveriesOf, queueAnnotationDelivery } from '../annotations/annotation-outbox';
import { exportAnnotations } from '../annotations/export';
import { createLesion, getLesion, lesionsAtSite, lesionsBelongTo } from '../annotations/lesions';
import { detectRuler } from '../annotations/ruler-detect';
import { appendVersion, lesionMeasurements, listVersions, markedLesionIds, readVersion } from '../annotations/versions';
import { recordAudit } from '../audit/audit';
import { getBlobRecord } from '../blobs/blob-rows';
import { getPhotoRow } from '../photos/photos';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';

const MEASURING = new Set(['ruler', 'area']);

/** What the schema cannot see: markers measure shapes of their own document that measure a size. */
function checkMarkers(document: AnnotationDocument): void {
  const shapes = allShapes(document);
  const byId = new Map(shapes.map((s) => [s.id, s.kind]));
  for (const shape of shapes) {
    if (shape.kind !== 'lesion') continue;
    for (const id of shape.measures) {
      if (!MEASURING.has(byId.get(id) ?? '')) {
        throw new CoreError('VALIDATION_FAILED', 'A lesion marker names a measurement that is not a ruler or an area in these annotations.', { document: 'has a lesion marker with an unknown measurement' });
      }
    }
  }
}

export const annotationHandlers = (s: CoreServices): Handlers['annotations'] => ({
  get(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    const shown = readVersion(db, row.id, req.version);
    const versions = listVersions(db, row.id);
    s.audit({ userId: user.id, action: 'annotation.view', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `version=${shown?.version ?? 0}` });
    return { photoId: row.id, version: shown?.version ?? null, current: versions.at(-1)?.version ?? null, document: shown?.document ?? EMPTY_DOCUMENT, versions, deliveries: annotationDeliveriesOf(db, row.id) };
  },
  save(ctx, req) {
    const { db } = s.workspace();
    const userId = s.actor(ctx).user.id;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    checkMarkers(req.document);
    if (!lesionsBelongTo(db, row.patient_id, markedLesionIds(req.document))) {
      throw new CoreError('VALIDATION_FAILED', "A lesion marker names a lesion that is not this patient's.", { document: 'marks another patient’s lesion' });
    }
    const at = s.clock();
    const saved = s.write(() => {
      const result = appendVersion(db, { photoId: row.id, baseVersion: req.baseVersion, document: req.document, authorId: userId, at, reason: req.reason?.length ? req.reason : null });
      // The presentation state follows the photo to each DICOMweb target (annotation-outbox.ts).
      queueAnnotationDelivery(db, row.id, result.version, at);
      // The reason goes where the audit trail keeps what users typed (as for break-glass), not in the detail.
      const detail = `version=${result.version};shapes=${allShapes(req.document).length};calibration=${req.document.calibration?.source ?? 'none'};reason=${req.reason ? 'yes' : 'no'}`;
      recordAudit(db, at, { userId, action: 'annotation.save', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail, ...(req.reason ? { reason: req.reason } : {}) });
      return result;
    });
    s.sync.kick();
    return { photoId: row.id, version: saved.version };
  },
  async detectRuler(ctx, req) {
    const { db, blobs } = s.workspace();
    const userId = s.actor(ctx).user.id;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    const original = await blobs.read(getBlobRecord(db, row.original_blob_id));
    const calibration = await detectRuler(original);
    s.audit({ userId, action: 'annotation.detect-ruler', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `found=${calibration ? 'yes' : 'no'}` });
    return { calibration };
  },
  listLesions(ctx, req) {
    const { db } = s.workspace();
    const userId = s.actor(ctx).user.id;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    const lesions = lesionsAtSite(db, row.patient_id, { code: row.body_site_code, laterality: row.laterality });
    s.audit({ userId, action: 'lesion.list', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `count=${lesions.length}` });
    return lesions;
  },
  createLesion(ctx, req) {
    const { db } = s.workspace();
    const userId = s.actor(ctx).user.id;
    const row = getPhotoRow(db, req.photoId);
    s.requirePatientAccess(ctx, row.patient_id, 'photos');
    const at = s.clock();
    return s.write(() => {
      const lesion = createLesion(db, {
        patientId: row.patient_id,
        label: req.label,
        site: { code: row.body_site_code, display: row.body_site_display, laterality: row.laterality },
        userId,
        at,
      });
      recordAudit(db, at, { userId, action: 'lesion.create', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `number=${lesion.number}` });
      return lesion;
    });
  },
  lesionHistory(ctx, req) {
    const { db } = s.workspace();
    const userId = s.actor(ctx).user.id;
    const lesion = getLesion(db, req.lesionId);
    s.requirePatientAccess(ctx, lesion.patientId, 'photos');
    const measurements = lesionMeasurements(db, lesion.id)
      .map((m) => {
        const photo = getPhotoRow(db, m.photoId);
        return { ...m, takenAt: photo.acquired_at ?? photo.captured_at };
      })
      .sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.shapeId.localeCompare(b.shapeId));
    s.audit({ userId, action: 'lesion.history', outcome: 'success', patientId: lesion.patientId, detail: `lesion=${lesion.number};count=${measurements.length}` });
    return { lesion, measurements };
  },
  export: (ctx, req) => exportAnnotations(s, ctx, req),
});
