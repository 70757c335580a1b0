import { z } from 'zod';
import { channel, localOnly, needs } from '../channel';
import { Purpose } from '../consent';
import { Id, Mrn, Photo, PhotoHandle } from '../domain';

export const EXPORT_FORMATS = ['dicom', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Bytes handed over in the same process (the CLI): never on the renderer's bridge. */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes');

export const photoChannels = {
  list: channel({ request: z.object({ patientId: Id }).strict(), response: z.array(Photo), access: needs('photo.view'), audit: 'photo.list' }),
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
