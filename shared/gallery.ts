// The gallery's shapes (issue 10): filters, keyset pages, group counts and the timeline of one
// site and view. The core pages a patient's photos newest first by (capturedAt, id); the renderer
// lays out groups from their counts and fetches only the pages near the viewport.
import { z } from 'zod';
import { Id, IsoDate, Photo, PhotoHandle, Timestamp } from './domain';
import { LATERALITIES } from './value-sets/views';

/** The most photos one page may carry (one call, one audit record, one batch of handles). */
export const GALLERY_PAGE_MAX = 500;

/**
 * What the gallery shows. An absent field filters nothing; `null` for encounter, site, side or
 * view asks for photos without one (imports outside a visit, photos without capture metadata).
 */
export const GalleryFilter = z
  .object({
    encounterId: Id.nullable().optional(),
    bodySiteCode: z.string().trim().min(1).max(32).nullable().optional(),
    laterality: z.enum(LATERALITIES).nullable().optional(),
    view: z.string().trim().min(1).max(64).nullable().optional(),
    templateId: z.string().trim().min(1).max(128).optional(),
    /** Capture day range, inclusive, in UTC days. */
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    /** `flagged`: failed at least one quality check at capture; `clean`: none failed (or unchecked). */
    quality: z.enum(['flagged', 'clean']).optional(),
    source: z.enum(['camera', 'import', 'derived']).optional(),
  })
  .strict();
export type GalleryFilter = z.infer<typeof GalleryFilter>;

/** Where a page starts: after this photo in newest-first order. */
export const GalleryCursor = z.object({ capturedAt: Timestamp, id: Id }).strict();
export type GalleryCursor = z.infer<typeof GalleryCursor>;

export const GalleryPageRequest = z
  .object({
    patientId: Id,
    filter: GalleryFilter.default({}),
    after: GalleryCursor.optional(),
    limit: z.number().int().min(1).max(GALLERY_PAGE_MAX).default(120),
  })
  .strict();
export const GalleryPage = z.object({ photos: z.array(Photo), next: GalleryCursor.nullable() });
export type GalleryPage = z.infer<typeof GalleryPage>;

export const GALLERY_GROUPINGS = ['visit', 'site'] as const;
export type GalleryGrouping = (typeof GALLERY_GROUPINGS)[number];

/**
 * One group of the gallery with its count. A visit group: its encounter (null for photos outside
 * any visit) with date and reason. A site group: body site and side (null: no capture metadata).
 * `filter` is what to add to the gallery's filter to page through this group alone.
 */
export const GalleryGroup = z.object({
  key: z.string(),
  count: z.number().int().positive(),
  newestAt: Timestamp,
  encounter: z.object({ id: Id, startedAt: Timestamp, reason: z.string() }).nullable(),
  site: z.object({ code: z.string().nullable(), display: z.string().nullable(), laterality: z.enum(LATERALITIES).nullable() }).nullable(),
  filter: GalleryFilter,
});
export type GalleryGroup = z.infer<typeof GalleryGroup>;
export const GalleryGroups = z.object({ total: z.number().int().nonnegative(), groups: z.array(GalleryGroup) });
export type GalleryGroups = z.infer<typeof GalleryGroups>;

/** The most photos a timeline returns (oldest first); a longer series says so with `truncated`. */
export const TIMELINE_MAX = 400;
export const TimelineRequest = z
  .object({ patientId: Id, bodySiteCode: z.string().trim().min(1).max(32), laterality: z.enum(LATERALITIES), view: z.string().trim().min(1).max(64).nullable() })
  .strict();
export const TimelineEntry = z.object({ photo: Photo, encounter: z.object({ id: Id, startedAt: Timestamp, reason: z.string() }).nullable() });
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const Timeline = z.object({ entries: z.array(TimelineEntry), truncated: z.boolean() });
export type Timeline = z.infer<typeof Timeline>;

/** Fresh thumbnail handles for tiles whose handle missed (expired): that tile only, no re-listing. */
export const THUMBNAIL_REFRESH_MAX = 200;
export const ThumbnailRefreshRequest = z.object({ patientId: Id, photoIds: z.array(Id).min(1).max(THUMBNAIL_REFRESH_MAX) }).strict();
export const ThumbnailRefresh = z.object({ thumbnails: z.array(z.object({ photoId: Id, handle: PhotoHandle })) });
