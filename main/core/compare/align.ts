// The alignment use-cases: decode both originals in the core (upright, grey, working size),
// register them in the worker, and append the result with its inputs and author, audited in the
// same transaction. Refusals (too few features or matches, a different body site) are audited too
// and answered with ALIGNMENT_FAILED; the originals are only read.
import type { Alignment } from '../../../shared/channels/compare';
import { CoreError } from '../../../shared/errors';
import { getBlobRecord } from '../blobs/blob-rows';
import { recordAudit } from '../audit/audit';
import { getPhotoRow, type PhotoRow } from '../photos/photos';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { newId } from '../support/ids';
import type { OpenCvService } from './opencv-service';
import { insertAlignment } from './alignment-rows';
import { decodeGrey } from './decode';
import { fromPointPairs, REGISTRATION } from './register';
import type { Point } from './similarity';

/** Both photos, each checked for the caller's access; refused unless they are one patient's. */
export function pairFor(s: CoreServices, ctx: CallContext, fromPhotoId: string, toPhotoId: string): { from: PhotoRow; to: PhotoRow } {
  const { db } = s.workspace();
  if (fromPhotoId === toPhotoId) throw new CoreError('VALIDATION_FAILED', 'Choose two different photos to compare.', { toPhotoId: 'same as fromPhotoId' });
  const from = getPhotoRow(db, fromPhotoId);
  const to = getPhotoRow(db, toPhotoId);
  s.requirePatientAccess(ctx, from.patient_id, 'photos');
  // Deny first: a photo of a patient the caller may not see is refused as such, never described.
  if (to.patient_id !== from.patient_id) s.requirePatientAccess(ctx, to.patient_id, 'photos');
  if (to.patient_id !== from.patient_id) throw new CoreError('VALIDATION_FAILED', 'Only photos of the same patient can be compared.', { toPhotoId: 'another patient' });
  return { from, to };
}

function refuse(s: CoreServices, userId: string, from: PhotoRow, to: PhotoRow, reason: string, message: string): never {
  s.audit({ userId, action: 'compare.align', outcome: 'failure', patientId: from.patient_id, photoId: to.id, detail: `from=${from.id};reason=${reason}` });
  throw new CoreError('ALIGNMENT_FAILED', message, { reason });
}

function store(s: CoreServices, userId: string, from: PhotoRow, to: PhotoRow, fields: Pick<Alignment, 'method' | 'model' | 'matrix' | 'inliers' | 'rmsPx'> & { parameters: unknown }): Alignment {
  const { db } = s.workspace();
  const at = s.clock();
  return s.write(() => {
    const alignment = insertAlignment(db, { id: newId(), patientId: from.patient_id, fromPhotoId: from.id, toPhotoId: to.id, fromSha256: from.sha256, toSha256: to.sha256, createdBy: userId, createdAt: at, ...fields });
    recordAudit(db, at, {
      userId,
      action: 'compare.align',
      outcome: 'success',
      patientId: from.patient_id,
      photoId: to.id,
      detail: `from=${from.id};method=${fields.method};model=${fields.model};inliers=${fields.inliers};rmsPx=${fields.rmsPx.toFixed(2)}`,
    });
    return alignment;
  });
}

export async function alignAuto(s: CoreServices, opencv: OpenCvService, ctx: CallContext, req: { fromPhotoId: string; toPhotoId: string }): Promise<Alignment> {
  const userId = s.actor(ctx).user.id;
  const { from, to } = pairFor(s, ctx, req.fromPhotoId, req.toPhotoId);
  if (from.body_site_code !== null && to.body_site_code !== null && from.body_site_code !== to.body_site_code) {
    refuse(s, userId, from, to, 'different-site', 'These photos show different body sites; alignment needs the same site.');
  }
  const { db, blobs } = s.workspace();
  const greyOf = async (row: PhotoRow) => decodeGrey(await blobs.read(getBlobRecord(db, row.original_blob_id)), REGISTRATION.workingSide);
  const [fromGrey, toGrey] = await Promise.all([greyOf(from), greyOf(to)]);
  const answer = await opencv.align(fromGrey, toGrey);
  if (!answer.ok) {
    if ('refused' in answer) {
      refuse(s, userId, from, to, answer.refused.reason, answer.refused.reason === 'few-features' ? 'Too few details to align in one of the photos.' : `Too few matching details (${answer.refused.inliers}): a different site or too little overlap. Align by three point pairs instead.`);
    }
    s.log.error('compare.align.failed', new Error(answer.failed));
    throw new CoreError('INTERNAL', 'Alignment failed.');
  }
  const r = answer.registration;
  return store(s, userId, from, to, {
    method: 'auto',
    model: r.model,
    matrix: r.matrix,
    inliers: r.inliers,
    rmsPx: r.rmsPx,
    parameters: { pipeline: 'akaze+ratio+ransac-similarity+ransac-homography+ecc+model-selection', ...REGISTRATION, matches: r.matches, refined: r.refined, comparison: r.comparison },
  });
}

export function alignManual(s: CoreServices, ctx: CallContext, req: { fromPhotoId: string; toPhotoId: string; pairs: ReadonlyArray<{ from: Point; to: Point }> }): Alignment {
  const userId = s.actor(ctx).user.id;
  const { from, to } = pairFor(s, ctx, req.fromPhotoId, req.toPhotoId);
  const outside = req.pairs.some((p) => p.from[0] > from.width || p.from[1] > from.height || p.to[0] > to.width || p.to[1] > to.height);
  if (outside) throw new CoreError('VALIDATION_FAILED', 'A point lies outside its photo.', { pairs: 'outside the photo' });
  const fitted = fromPointPairs(
    req.pairs.map((p) => p.to),
    req.pairs.map((p) => p.from),
  );
  if (!fitted) refuse(s, userId, from, to, 'degenerate-points', 'The points coincide; pick three points spread over the photo.');
  return store(s, userId, from, to, { method: 'manual', model: 'similarity', matrix: fitted.matrix, inliers: req.pairs.length, rmsPx: fitted.rmsPx, parameters: { pairs: req.pairs } });
}
