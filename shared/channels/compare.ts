// Compare and alignment (issue 10; docs/compare.md): the previous photo to compare with, screen-sized
// renditions for the compare view, and alignments of one photo onto another (automatic, or from
// three or more point pairs a person picked), kept with their inputs, author and quality.
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, Photo, PhotoHandle } from '../domain';
import { compareExportChannels } from './compare-export';

const Row3 = z.tuple([z.number(), z.number(), z.number()]);
/** Maps a pixel (x, y) of the `to` photo (upright) onto the `from` photo: (x', y', w) = M · (x, y, 1). */
export const Matrix3 = z.tuple([Row3, Row3, Row3]);
const PixelPoint = z.tuple([z.number().finite().min(0).max(100_000), z.number().finite().min(0).max(100_000)]);

export const Alignment = z.object({
  id: Id,
  fromPhotoId: Id,
  toPhotoId: Id,
  method: z.enum(['auto', 'manual']),
  model: z.enum(['similarity', 'homography']),
  matrix: Matrix3,
  inliers: z.number().int().nonnegative(),
  /** RMS reprojection error in pixels of the `from` photo (for manual: over the picked pairs). */
  rmsPx: z.number().nonnegative(),
  createdAt: z.string(),
});
export type Alignment = z.infer<typeof Alignment>;

const Rgb = z.tuple([z.number(), z.number(), z.number()]);

/** Colour normalisation of the `to` photo onto the `from` photo (display-only; nothing is stored). */
export const ColourCorrection = z.object({
  fromPhotoId: Id,
  toPhotoId: Id,
  /** Per-channel gains (one or a few patches) or a full matrix (six or more distinct patches). */
  kind: z.enum(['gains', 'matrix']),
  /** Row-major 3×3 in linear RGB: rgb' = M · rgb for each pixel of the `to` photo. */
  matrix: Matrix3,
  /** Mean CIEDE2000 over the patches between the two photos, before and after the correction. */
  deltaE: z.object({ before: z.number().nonnegative(), after: z.number().nonnegative() }),
  /** Each patch used: its mean sRGB (0–255) in both photos and its ΔE2000 before and after. */
  patches: z.array(z.object({ reference: Rgb, second: Rgb, before: z.number(), after: z.number() })),
  /** Indexes (into the request's patches) left out because a channel is too dark or clipped in one photo. */
  unused: z.array(z.number().int().nonnegative()),
});
export type ColourCorrection = z.infer<typeof ColourCorrection>;

const Corner = z.tuple([z.number().finite(), z.number().finite()]);

/**
 * A 24-patch colour checker found automatically in one photo (full-resolution upright pixels), or
 * "not found" with why; never a guess. The corners are the patch grid's, in the order the
 * renderer's checker.ts takes them: at the dark-skin patch, along the long side, opposite, along
 * the short side. Patches are each one's median sRGB about its centre, in the published order.
 */
export const CheckerDetection = z.discriminatedUnion('found', [
  z.object({
    found: z.literal(true),
    photoId: Id,
    corners: z.tuple([Corner, Corner, Corner, Corner]),
    patches: z.array(Rgb).length(24),
    /** 0–1: colours like a checker's after a cast, one orientation clearly best, patches seen as squares. */
    confidence: z.number().min(0).max(1),
    /** The long side's direction (dark skin → bluish green), degrees clockwise from the x axis; seen mirrored or not. */
    orientation: z.object({ rotationDeg: z.number(), mirrored: z.boolean() }),
    /** Patches recognised as squares (the rest placed by the grid). */
    squares: z.number().int().min(0).max(24),
    /** Mean ΔE2000 of the patches read to the published colours after per-channel gains. */
    fitDeltaE: z.number().nonnegative(),
    /** Patches (published order) whose reading does not fit the chart's colours (a finger over them, glare): leave them out of a match. */
    mismatched: z.array(z.number().int().min(0).max(23)),
  }),
  z.object({ found: z.literal(false), photoId: Id, reason: z.enum(['no-grid', 'not-a-checker', 'ambiguous']), confidence: z.number().min(0).max(1) }),
]);
export type CheckerDetection = z.infer<typeof CheckerDetection>;

export const Rendition = z.object({ handle: PhotoHandle, width: z.number().int(), height: z.number().int(), mime: z.string() });
export type Rendition = z.infer<typeof Rendition>;

/** Screen-sized edge (longest side, px) the compare view asks for first; detail comes from the original on zoom. */
export const RENDITION_EDGES = [1024, 2048] as const;

export const compareChannels = {
  /**
   * The newest earlier photo of the same body site, laterality and view, with a thumbnail handle as
   * the gallery lists it (and audited as a listing); null when there is none.
   */
  previous: channel({
    request: z.object({ photoId: Id }).strict(),
    response: z.object({ photo: Photo.nullable() }),
    access: needs('photo.view'),
    audit: 'photo.list',
  }),
  /** A rendition of the photo at most `edge` pixels on its longest side, upright; audited as a view. */
  rendition: channel({
    request: z.object({ photoId: Id, edge: z.union([z.literal(RENDITION_EDGES[0]), z.literal(RENDITION_EDGES[1])]) }).strict(),
    response: Rendition,
    access: needs('photo.view'),
    audit: 'photo.view',
  }),
  /** Aligns `toPhotoId` onto `fromPhotoId` automatically; ALIGNMENT_FAILED says why it cannot. */
  align: channel({
    request: z.object({ fromPhotoId: Id, toPhotoId: Id }).strict(),
    response: Alignment,
    access: needs('photo.view'),
    audit: 'compare.align',
  }),
  /** The manual fallback: a similarity through three or more point pairs (full-resolution upright pixels). */
  alignManual: channel({
    request: z
      .object({
        fromPhotoId: Id,
        toPhotoId: Id,
        pairs: z.array(z.object({ from: PixelPoint, to: PixelPoint }).strict()).min(3).max(20),
      })
      .strict(),
    response: Alignment,
    access: needs('photo.view'),
    audit: 'compare.align',
  }),
  /**
   * Matches the colour of `toPhotoId` to `fromPhotoId` from one to 24 patches seen in both (a grey
   * card, or a colour checker's patches), each given as its centre in both photos' full-resolution
   * upright pixels; the mean over a square of `radiusPx` around each is compared. Display-only:
   * the renderer applies the matrix; nothing is written but the audit record.
   */
  normaliseColour: channel({
    request: z
      .object({
        fromPhotoId: Id,
        toPhotoId: Id,
        patches: z.array(z.object({ from: PixelPoint, to: PixelPoint }).strict()).min(1).max(24),
        radiusPx: z.number().finite().min(2).max(2000),
      })
      .strict(),
    response: ColourCorrection,
    access: needs('photo.view'),
    audit: 'compare.colour',
  }),
  /**
   * Looks for a 24-patch colour checker in the photo (in the core, off its main thread); the
   * renderer reads the patches through normaliseColour from the corners found in both photos.
   * Audited as a colour match (found or not, the confidence; no colour).
   */
  detectChecker: channel({
    request: z.object({ photoId: Id }).strict(),
    response: CheckerDetection,
    access: needs('photo.view'),
    audit: 'compare.colour',
  }),
  /** The newest stored alignment of `toPhotoId` onto `fromPhotoId`, or null. */
  alignment: channel({
    request: z.object({ fromPhotoId: Id, toPhotoId: Id }).strict(),
    response: Alignment.nullable(),
    access: needs('photo.view'),
    audit: null,
  }),
  ...compareExportChannels,
};
