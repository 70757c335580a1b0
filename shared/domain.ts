// Domain shapes shared by the core and the UI. Every value that crosses the bridge is one of these.
import { z } from 'zod';
import { ROLES } from './permissions';
import { LATERALITIES, VIEWS } from './value-sets/views';

export const Id = z.string().regex(/^[0-9a-f]{32}$/, 'must be an identifier');

/** Calendar date as written in records: YYYY-MM-DD, a real day, not in the future is checked by use-cases. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date');

export const Timestamp = z.string().datetime({ offset: false });

export const SEXES = ['F', 'M', 'O', 'U'] as const;
export const Sex = z.enum(SEXES);
export type Sex = z.infer<typeof Sex>;
export const SEX_LABELS: Readonly<Record<Sex, string>> = { F: 'Female', M: 'Male', O: 'Other', U: 'Unknown' };

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{1,31}$/, 'must be 2–32 characters: letters, digits, dot, dash or underscore, starting with a letter');

/** Passwords are never trimmed or normalised beyond NFC: what the user typed is what is hashed. */
export const Password = z.string().min(1, 'is required').max(1024, 'is too long');

export const PersonName = z.string().trim().min(1, 'is required').max(100, 'is too long');

export const Mrn = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, 'must be 1–40 letters, digits, dot, dash, slash or underscore');

export const UserSummary = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const Patient = z.object({
  id: Id,
  mrn: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  sex: Sex,
  createdAt: Timestamp,
  /** Set when the patient is restricted (docs/access-control.md); opening needs a grant or break-glass. */
  restricted: z.boolean().optional(),
  /** Corrections (docs/corrections.md): the record this one was merged into, when it was. */
  mergedInto: Id.optional(),
  /** Corrections: the registration was marked as entered in error (kept, hidden from lists). */
  enteredInError: z.boolean().optional(),
});
export type Patient = z.infer<typeof Patient>;

/** A row of the patient list: the patient with their latest visit (encounter start) and photo count. */
export const PatientListEntry = Patient.extend({ lastVisitAt: Timestamp.nullable(), photoCount: z.number().int().nonnegative() });
export type PatientListEntry = z.infer<typeof PatientListEntry>;

export const Encounter = z.object({
  id: Id,
  patientId: Id,
  startedAt: Timestamp,
  providerId: Id,
  providerName: z.string(),
  reason: z.string(),
  photoCount: z.number().int().nonnegative(),
});
export type Encounter = z.infer<typeof Encounter>;

export const CameraKind = z.enum(['simulated', 'tethered', 'webcam']);
export const Camera = z.object({
  id: z.string(),
  label: z.string(),
  kind: CameraKind,
  isDefault: z.boolean(),
});
export type Camera = z.infer<typeof Camera>;

/** An opaque, short-lived token the shell resolves to decrypted bytes; never a path or a key. */
export const PhotoHandle = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** Where and how a photo was taken; required for every capture (see shared/value-sets/). */
export const CaptureContext = z
  .object({
    bodySite: z.object({ code: z.string().regex(/^\d{6,18}$/, 'must be a SNOMED CT concept id'), display: z.string().min(1).max(200) }).strict(),
    laterality: z.enum(LATERALITIES),
    view: z.enum(VIEWS),
    template: z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/), step: z.number().int().nonnegative().max(200) }).strict().optional(),
  })
  .strict();
export type CaptureContext = z.infer<typeof CaptureContext>;

/** Quality scores computed on every capture before it is stored (see docs/capture-standards.md). */
export const QUALITY_CHECKS = ['blur', 'underexposed', 'overexposed', 'glare'] as const;
export const PhotoQuality = z.object({
  sharpness: z.number(),
  meanLuminance: z.number(),
  darkClipped: z.number(),
  brightClipped: z.number(),
  glare: z.number(),
  failed: z.array(z.enum(QUALITY_CHECKS)),
});
export type PhotoQuality = z.infer<typeof PhotoQuality>;

/** Camera settings read from the image's EXIF, where the camera wrote them. */
export const CameraSettings = z.object({
  make: z.string().nullable(),
  model: z.string().nullable(),
  lens: z.string().nullable(),
  exposureTime: z.number().nullable(),
  fNumber: z.number().nullable(),
  iso: z.number().nullable(),
  focalLength: z.number().nullable(),
  flash: z.string().nullable(),
  whiteBalance: z.string().nullable(),
});
export type CameraSettings = z.infer<typeof CameraSettings>;

export const Photo = z.object({
  id: Id,
  patientId: Id,
  encounterId: Id.nullable(),
  capturedAt: Timestamp,
  capturedBy: z.string(),
  /** `derived`: made on this workstation from other photos (a comparison; photos/derivations.ts). */
  source: z.enum(['camera', 'import', 'derived']),
  device: z.string(),
  mime: z.enum(['image/jpeg', 'image/png']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  byteSize: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  thumbnail: z.object({ handle: PhotoHandle, width: z.number().int(), height: z.number().int() }),
  /** Null for imports and photos from before clinical capture metadata existed. */
  context: CaptureContext.nullable(),
  providerName: z.string().nullable(),
  quality: PhotoQuality.nullable(),
  camera: CameraSettings.nullable(),
});
export type Photo = z.infer<typeof Photo>;
