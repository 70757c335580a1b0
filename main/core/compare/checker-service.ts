// Colour-checker detection as a use-case (issue 10, "Colour"; docs/compare.md): the photo decoded
// in the core (upright, colour, working size, in memory only), searched in the core's OpenCV worker
// thread (opencv-service.ts: started on first use, ended after a minute idle), and the
// answer given in the photo's full-resolution upright pixels. Nothing is stored; the audit record
// says found or not, with the confidence, and names no colour.
import type { CheckerDetection } from '../../../shared/channels/compare';
import { CoreError } from '../../../shared/errors';
import { getBlobRecord } from '../blobs/blob-rows';
import { getPhotoRow } from '../photos/photos';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { toFullResolution, type Point } from './checker-geometry';
import { decodeRgb } from './decode';
import type { OpenCvService } from './opencv-service';

/** Longest side searched: a patch of a chart a tenth of the photo wide is still ~20 pixels. */
export const CHECKER_WORKING_SIDE = 1600;

export async function detectCheckerIn(s: CoreServices, opencv: OpenCvService, ctx: CallContext, req: { photoId: string }): Promise<CheckerDetection> {
  const userId = s.actor(ctx).user.id;
  const { db, blobs } = s.workspace();
  const row = getPhotoRow(db, req.photoId);
  s.requirePatientAccess(ctx, row.patient_id, 'photos');
  const image = await decodeRgb(await blobs.read(getBlobRecord(db, row.original_blob_id)), CHECKER_WORKING_SIDE);
  const { scaleX, scaleY } = image;
  const answer = await opencv.detectChecker(image);
  if (!answer.ok) {
    s.log.error('compare.detectChecker.failed', new Error(answer.failed));
    throw new CoreError('INTERNAL', 'Colour checker detection failed.');
  }
  const d = answer.detection;
  const audit = (detail: string) => s.audit({ userId, action: 'compare.colour', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail });
  if (!d.found) {
    audit(`detect=not-found;reason=${d.reason};confidence=${d.confidence.toFixed(2)}`);
    return { found: false, photoId: row.id, reason: d.reason, confidence: d.confidence };
  }
  audit(`detect=found;confidence=${d.confidence.toFixed(2)};squares=${d.squares};mismatched=${d.mismatched.length}`);
  const full = (p: Point) => toFullResolution(p, scaleX, scaleY);
  return {
    found: true,
    photoId: row.id,
    corners: [full(d.corners[0]), full(d.corners[1]), full(d.corners[2]), full(d.corners[3])],
    patches: d.patches.map((p) => [p[0], p[1], p[2]]),
    confidence: d.confidence,
    orientation: { rotationDeg: d.orientation.rotationDeg, mirrored: d.orientation.mirrored },
    squares: d.squares,
    fitDeltaE: d.fitDeltaE,
    mismatched: [...d.mismatched],
  };
}
