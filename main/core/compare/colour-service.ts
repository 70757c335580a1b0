// Colour normalisation (issue 10, "Colour"; docs/compare.md): both originals decoded in the core
// (upright, colour, working size), each picked patch averaged in linear light in both photos, the
// correction fitted (colour.ts) and ΔE2000 before and after computed. Display-only: the answer is
// a matrix the renderer applies; nothing is stored but the audit record, which names no colour.
import type { ColourCorrection } from '../../../shared/channels/compare';
import { CoreError } from '../../../shared/errors';
import { getBlobRecord } from '../blobs/blob-rows';
import type { PhotoRow } from '../photos/photos';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { pairFor } from './align';
import { deltaESummary, fitCorrection, fromLinear, toLinear, type PatchPair, type Rgb } from './colour';
import { decodeRgb, type RgbImage } from './decode';

/** Longest side the patches are read at: plenty for a patch a person can click on. */
const COLOUR_WORKING_SIDE = 1600;
/** A patch with a channel this dark or this bright says nothing reliable about the cast. */
const DARKEST = 8;
const BRIGHTEST = 250;

type Point = readonly [number, number];

/** Mean sRGB over the square of half-side `radiusPx` (full-resolution) about `centre`, averaged in linear light. */
export function patchMean(image: RgbImage, [x, y]: Point, radiusPx: number): Rgb | null {
  const cx = x / image.scaleX;
  const cy = y / image.scaleY;
  const r = Math.max(1, radiusPx / Math.max(image.scaleX, image.scaleY));
  const x0 = Math.max(0, Math.round(cx - r));
  const x1 = Math.min(image.width - 1, Math.round(cx + r));
  const y0 = Math.max(0, Math.round(cy - r));
  const y1 = Math.min(image.height - 1, Math.round(cy + r));
  if (x1 < x0 || y1 < y0) return null;
  const sum = [0, 0, 0];
  let n = 0;
  for (let row = y0; row <= y1; row++) {
    for (let col = x0; col <= x1; col++) {
      const at = (row * image.width + col) * 3;
      for (let ch = 0; ch < 3; ch++) sum[ch]! += toLinear(image.data[at + ch]!);
      n++;
    }
  }
  return [fromLinear(sum[0]! / n), fromLinear(sum[1]! / n), fromLinear(sum[2]! / n)];
}

const usable = (rgb: Rgb) => rgb.every((v) => v >= DARKEST && v <= BRIGHTEST);

export async function normaliseColour(
  s: CoreServices,
  ctx: CallContext,
  req: { fromPhotoId: string; toPhotoId: string; patches: ReadonlyArray<{ from: Point; to: Point }>; radiusPx: number },
): Promise<ColourCorrection> {
  const userId = s.actor(ctx).user.id;
  const { from, to } = pairFor(s, ctx, req.fromPhotoId, req.toPhotoId);
  const outside = req.patches.some((p) => p.from[0] > from.width || p.from[1] > from.height || p.to[0] > to.width || p.to[1] > to.height);
  if (outside) throw new CoreError('VALIDATION_FAILED', 'A patch lies outside its photo.', { patches: 'outside the photo' });
  const { db, blobs } = s.workspace();
  const rgbOf = async (row: PhotoRow) => decodeRgb(await blobs.read(getBlobRecord(db, row.original_blob_id)), COLOUR_WORKING_SIDE);
  const [fromRgb, toRgb] = await Promise.all([rgbOf(from), rgbOf(to)]);
  const read: PatchPair[] = req.patches.map((p) => ({ reference: patchMean(fromRgb, p.from, req.radiusPx)!, second: patchMean(toRgb, p.to, req.radiusPx)! }));
  // A checker's white or black (or a saturated patch under a strong cast) clips in one photo: it
  // is left out of the fit and reported as unused rather than refusing the others.
  const used = read.map((p) => usable(p.reference) && usable(p.second));
  const pairs = read.filter((_, i) => used[i]);
  const refuse = (reason: string, message: string): never => {
    s.audit({ userId, action: 'compare.colour', outcome: 'failure', patientId: from.patient_id, photoId: to.id, detail: `from=${from.id};reason=${reason}` });
    throw new CoreError('VALIDATION_FAILED', message, { patches: reason });
  };
  if (pairs.length === 0) {
    refuse('clipped', 'The patches are too dark or too bright in one photo to match colour by; pick a mid-grey or lighter patch.');
  }
  const correction = fitCorrection(pairs);
  const summary = deltaESummary(pairs, correction.matrix);
  s.audit({
    userId,
    action: 'compare.colour',
    outcome: 'success',
    patientId: from.patient_id,
    photoId: to.id,
    detail: `from=${from.id};patches=${pairs.length}/${read.length};kind=${correction.kind};dE00=${summary.before.toFixed(1)}->${summary.after.toFixed(1)}`,
  });
  return {
    fromPhotoId: from.id,
    toPhotoId: to.id,
    kind: correction.kind,
    matrix: correction.matrix.map((row) => [...row]) as ColourCorrection['matrix'],
    deltaE: { before: summary.before, after: summary.after },
    patches: pairs.map((p, i) => ({ reference: [...p.reference], second: [...p.second], before: summary.patches[i]!.before, after: summary.patches[i]!.after })),
    unused: used.flatMap((ok, i) => (ok ? [] : [i])),
  };
}
