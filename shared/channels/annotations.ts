// Annotations and measurements (docs/annotations.md): a photo's annotation layers as versioned
// documents, the photo's ruler found automatically for calibration, lesions that keep their
// number across a patient's visits at one body site, and the exports a PACS or EMR reads (DICOM
// Color Softcopy Presentation State, W3C Web Annotation). Reading follows the viewer's rules
// (photo.view and patient access); saving changes the clinical record, so it needs photo.capture.
import { z } from 'zod';
import { channel, localOnly, needs } from '../channel';
import { Purpose } from '../consent';
import { Id, Timestamp } from '../domain';
import { AnnotationDocument, Calibration } from '../annotations/document';

export const ANNOTATION_EXPORT_FORMATS = ['csps', 'web-annotation', 'burned-in'] as const;
export type AnnotationExportFormat = (typeof ANNOTATION_EXPORT_FORMATS)[number];

/** Bytes handed over in the same process (the CLI): never on the renderer's bridge. */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes');

export const AnnotationVersionInfo = z.object({
  version: z.number().int().positive(),
  authorName: z.string(),
  createdAt: Timestamp,
  reason: z.string().nullable(),
});
export type AnnotationVersionInfo = z.infer<typeof AnnotationVersionInfo>;

export const Lesion = z.object({
  id: Id,
  patientId: Id,
  number: z.number().int().positive(),
  label: z.string(),
  bodySiteCode: z.string().nullable(),
  bodySiteDisplay: z.string().nullable(),
  laterality: z.string().nullable(),
});
export type Lesion = z.infer<typeof Lesion>;

export const LesionMeasurementRow = z.object({
  photoId: Id,
  /** When the photo was taken (ISO 8601 UTC). */
  takenAt: Timestamp,
  version: z.number().int().positive(),
  shapeId: z.string(),
  kind: z.enum(['length', 'area']),
  value: z.number(),
  uncertainty: z.number(),
  unit: z.enum(['mm', 'mm2', 'px', 'px2']),
  source: z.enum(['manual', 'ruler', 'none']),
});
export type LesionMeasurementRow = z.infer<typeof LesionMeasurementRow>;

const Reason = z.string().trim().max(500, 'is too long');

export const annotationChannels = {
  /** A photo's annotations: the requested version (default the current one) and the list of versions. */
  get: channel({
    request: z.object({ photoId: Id, version: z.number().int().positive().optional() }).strict(),
    response: z.object({
      photoId: Id,
      /** The version shown, or null when the photo has none yet (an empty document). */
      version: z.number().int().positive().nullable(),
      current: z.number().int().positive().nullable(),
      document: AnnotationDocument,
      versions: z.array(AnnotationVersionInfo),
      /** The presentation state's delivery to each DICOMweb target (sent after the photo). */
      deliveries: z.array(
        z.object({ targetId: Id, version: z.number().int().positive(), state: z.enum(['queued', 'in_flight', 'delivered', 'verified', 'failed']), lastError: z.string().nullable() }),
      ),
    }),
    access: needs('photo.view'),
    audit: 'annotation.view',
  }),
  /**
   * Saves a new version. `baseVersion` is the version the editor started from (null for none):
   * when someone saved in between, the save is refused with ANNOTATIONS_CHANGED and nothing is lost.
   */
  save: channel({
    request: z
      .object({ photoId: Id, baseVersion: z.number().int().positive().nullable(), document: AnnotationDocument, reason: Reason.optional() })
      .strict(),
    response: z.object({ photoId: Id, version: z.number().int().positive() }),
    access: needs('photo.capture'),
    audit: 'annotation.save',
  }),
  /** Looks for a millimetre scale ruler in the photo; null when none is found (calibrate by hand). */
  detectRuler: channel({
    request: z.object({ photoId: Id }).strict(),
    response: z.object({ calibration: Calibration.nullable() }),
    access: needs('photo.view'),
    audit: 'annotation.detect-ruler',
  }),
  /** The patient's lesions at this photo's body site and side, to mark one that is known already. */
  listLesions: channel({
    request: z.object({ photoId: Id }).strict(),
    response: z.array(Lesion),
    access: needs('photo.view'),
    audit: 'lesion.list',
  }),
  /** A new lesion for the photo's patient at the photo's site, with the next free number. */
  createLesion: channel({
    request: z.object({ photoId: Id, label: z.string().trim().min(1, 'is required').max(100, 'is too long') }).strict(),
    response: Lesion,
    access: needs('photo.capture'),
    audit: 'lesion.create',
  }),
  /** One lesion's measurements across visits, oldest photo first (each photo's current version). */
  lesionHistory: channel({
    request: z.object({ lesionId: Id }).strict(),
    response: z.object({ lesion: Lesion, measurements: z.array(LesionMeasurementRow) }),
    access: needs('photo.view'),
    audit: 'lesion.history',
  }),
  /**
   * The current version as a DICOM Color Softcopy Presentation State, W3C Web Annotation JSON, or a
   * derived DICOM copy of the photo with the annotations burned in (`cli export annotations`), after
   * the consent gate for `purpose`; NOT_FOUND when it has none.
   */
  export: channel({
    request: z.object({ photoId: Id, format: z.enum(ANNOTATION_EXPORT_FORMATS), purpose: Purpose.default('clinical') }).strict(),
    response: z.object({ photoId: Id, version: z.number().int().positive(), format: z.enum(ANNOTATION_EXPORT_FORMATS), bytes: Bytes }),
    access: localOnly('photo.export'),
    audit: 'annotation.export',
  }),
};
