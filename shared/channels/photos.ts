import { z } from 'zod';
import { channel, localOnly, needs } from '../channel';
import { Purpose } from '../consent';
import { Id, Mrn, Photo, PhotoHandle } from '../domain';
import { GALLERY_GROUPINGS, GalleryFilter, GalleryGroups, GalleryPage, GalleryPageRequest, ThumbnailRefresh, ThumbnailRefreshRequest, Timeline, TimelineRequest } from '../gallery';

export const EXPORT_FORMATS = ['dicom', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Bytes handed over in the same process (the CLI): never on the renderer's bridge. */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes');

export const photoChannels = {
  /** Every photo of a patient at once (the CLI and tests); the gallery pages with `page`. */
  list: channel({ request: z.object({ patientId: Id }).strict(), response: z.array(Photo), access: needs('photo.view'), audit: 'photo.list' }),
  /** One keyset page of a patient's photos, newest first, filtered (shared/gallery.ts). */
  page: channel({ request: GalleryPageRequest, response: GalleryPage, access: needs('photo.view'), audit: 'photo.list' }),
  /** The gallery's groups (by visit or by body site) with their counts, under a filter. */
  groups: channel({
    request: z.object({ patientId: Id, filter: GalleryFilter.default({}), by: z.enum(GALLERY_GROUPINGS) }).strict(),
    response: GalleryGroups,
    access: needs('photo.view'),
    audit: 'photo.list',
  }),
  /** One body site, side and view across visits, oldest first, with each visit's date. */
  timeline: channel({ request: TimelineRequest, response: Timeline, access: needs('photo.view'), audit: 'photo.list' }),
  /** New thumbnail handles for tiles whose handle expired: those tiles only. */
  thumbnails: channel({ request: ThumbnailRefreshRequest, response: ThumbnailRefresh, access: needs('photo.view'), audit: 'photo.list' }),
  open: channel({
    request: z.object({ photoId: Id }).strict(),
    response: z.object({ handle: PhotoHandle, mime: z.string(), width: z.number().int(), height: z.number().int() }),
    access: needs('photo.view'),
    audit: 'photo.view',
  }),
  /** Imports one image file for a patient (`cli import`); the same ingest path as a capture. */
  import: channel({
    request: z
      .object({
        mrn: Mrn,
        bytes: Bytes,
        device: z.string().trim().min(1).max(200),
        /** The file's modification time: the acquisition time when the image has no EXIF date. */
        fileModifiedAt: z.string().datetime({ offset: true }).optional(),
      })
      .strict(),
    response: z.object({ photoId: Id }),
    access: localOnly('photo.import'),
    audit: 'photo.import',
  }),
  /**
   * Marks whether the photo may show a face or another identifying feature (DICOM Recognizable
   * Visual Features); null returns the decision to the body site (head and neck sites: yes).
   */
  setRecognizable: channel({
    request: z.object({ photoId: Id, recognizable: z.boolean().nullable() }).strict(),
    response: z.object({ photoId: Id, recognizable: z.boolean() }),
    access: needs('photo.capture'),
    audit: 'photo.recognizable',
  }),
  /**
   * One photo as a DICOM Part 10 file or a FHIR transaction Bundle (`cli export`), for a purpose the
   * consent gate checks first (docs/consent.md); refused with CONSENT_REFUSED naming the scope.
   */
  export: channel({
    request: z.object({ photoId: Id, format: z.enum(EXPORT_FORMATS), purpose: Purpose.default('clinical') }).strict(),
    response: z.object({ photoId: Id, patientId: Id, format: z.enum(EXPORT_FORMATS), bytes: Bytes }),
    access: localOnly('photo.export'),
    audit: 'photo.export',
  }),
};
