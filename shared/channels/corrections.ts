// Correcting mistakes (issue 13; docs/corrections.md): a patient's demographics, a merge of two
// records of the same person, a registration entered in error; a photo's site, side, view,
// encounter or patient, a soft delete and its undoing; and each record's correction history. Every
// change needs a reason, and each kind of change has its own permission (docs/access-control.md,
// "Corrections").
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, IsoDate, Mrn, Patient, PersonName, Sex, Timestamp } from '../domain';
import { LATERALITIES, VIEWS } from '../value-sets/views';

/** Why: required for every correction, kept in the audit trail and the correction's record. */
export const Reason = z.string().trim().min(3, 'is required').max(500, 'is too long');

const DemographicField = z.enum(['mrn', 'familyName', 'givenName', 'birthDate', 'sex']);

export const TargetOutcome = z.object({
  targetId: Id,
  targetName: z.string(),
  kind: z.enum(['dicom', 'fhir']),
  action: z.enum(['requeued', 'pending', 'dropped', 'flagged']),
  previousRemoteId: z.string().nullable(),
  heldForConsent: z.string().nullable(),
});
export type TargetOutcome = z.infer<typeof TargetOutcome>;

export const RemoteOutcome = z.enum(['none', 'requeued', 'flagged']);

export const PhotoCorrectionResult = z.object({
  correctionId: Id,
  photoId: Id,
  revision: z.number().int().nonnegative(),
  remoteOutcome: RemoteOutcome,
  targets: z.array(TargetOutcome),
});
export type PhotoCorrectionResult = z.infer<typeof PhotoCorrectionResult>;

export const PhotoCorrection = z.object({
  id: Id,
  kind: z.enum(['edit', 'delete', 'restore']),
  correctedAt: Timestamp,
  correctedByName: z.string(),
  reason: z.string(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  revision: z.number().int(),
  mergeId: Id.nullable(),
  remoteOutcome: RemoteOutcome,
});
export type PhotoCorrection = z.infer<typeof PhotoCorrection>;

const Moved = z.object({ encounterIds: z.array(Id), consentIds: z.array(Id), photoIds: z.array(Id) });

export const MergeRecord = z.object({
  id: Id,
  fromPatientId: Id,
  intoPatientId: Id,
  at: Timestamp,
  byName: z.string(),
  reason: z.string(),
  moved: Moved,
});
export type MergeRecord = z.infer<typeof MergeRecord>;

export const PatientHistory = z.object({
  edits: z.array(
    z.object({
      at: Timestamp,
      byName: z.string(),
      reason: z.string(),
      changes: z.array(z.object({ field: DemographicField, before: z.string(), after: z.string() })),
    }),
  ),
  merges: z.array(MergeRecord),
  enteredInError: z.object({ at: Timestamp, byName: z.string(), reason: z.string() }).nullable(),
});
export type PatientHistory = z.infer<typeof PatientHistory>;

export const correctionChannels = {
  editPatient: channel({
    request: z
      .object({ patientId: Id, reason: Reason, mrn: Mrn.optional(), familyName: PersonName.optional(), givenName: PersonName.optional(), birthDate: IsoDate.optional(), sex: Sex.optional() })
      .strict(),
    response: Patient,
    access: needs('patient.correct'),
    audit: 'patient.edit',
  }),
  mergePatients: channel({
    request: z.object({ fromPatientId: Id, intoPatientId: Id, reason: Reason }).strict(),
    response: z.object({ mergeId: Id, into: Patient, moved: Moved, photos: z.array(PhotoCorrectionResult) }),
    access: needs('patient.merge'),
    audit: 'patient.merge',
  }),
  markEnteredInError: channel({
    request: z.object({ patientId: Id, reason: Reason }).strict(),
    response: Patient,
    access: needs('patient.merge'),
    audit: 'patient.entered-in-error',
  }),
  patientHistory: channel({ request: z.object({ patientId: Id }).strict(), response: PatientHistory, access: needs('patient.read'), audit: 'patient.history' }),
  correctPhoto: channel({
    request: z
      .object({
        photoId: Id,
        reason: Reason,
        bodySiteCode: z.string().regex(/^\d{6,18}$/, 'must be a SNOMED CT concept id').optional(),
        laterality: z.enum(LATERALITIES).optional(),
        view: z.enum(VIEWS).optional(),
        encounterId: Id.nullable().optional(),
      })
      .strict(),
    response: PhotoCorrectionResult,
    access: needs('photo.correct'),
    audit: 'photo.correct',
  }),
  movePhoto: channel({
    request: z.object({ photoId: Id, patientId: Id, encounterId: Id.nullable().optional(), reason: Reason }).strict(),
    response: PhotoCorrectionResult,
    access: needs('photo.reassign'),
    audit: 'photo.move',
  }),
  deletePhoto: channel({ request: z.object({ photoId: Id, reason: Reason }).strict(), response: PhotoCorrectionResult, access: needs('photo.delete'), audit: 'photo.delete' }),
  restorePhoto: channel({ request: z.object({ photoId: Id, reason: Reason }).strict(), response: PhotoCorrectionResult, access: needs('photo.delete'), audit: 'photo.restore' }),
  /** A patient's deleted photos (kept until retention purges them), for whoever may restore them. */
  deletedPhotos: channel({
    request: z.object({ patientId: Id }).strict(),
    response: z.array(
      z.object({ photoId: Id, capturedAt: Timestamp, deletedAt: Timestamp, deletedByName: z.string(), reason: z.string(), bodySite: z.string().nullable() }),
    ),
    access: needs('photo.delete'),
    audit: 'photo.list',
  }),
  photoHistory: channel({ request: z.object({ photoId: Id }).strict(), response: z.array(PhotoCorrection), access: needs('photo.view'), audit: 'photo.history' }),
};
