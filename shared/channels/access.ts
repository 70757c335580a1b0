// Access control (issue 3): patient-level status and break-glass for clinical staff; restricted
// patients, time-bound grants, account expiry and settings for administrators and the privacy
// officer; the privacy officer's alert list. The role matrix itself is shared/permissions.ts.
import { z } from 'zod';
import { channel, Empty, needs } from '../channel';
import { Id, Mrn, Timestamp } from '../domain';
import { ROLES } from '../permissions';

/** The words for these codes are catalogue keys (access.breakGlass.category.*, access.restriction.category.*). */
export const BREAK_GLASS_CATEGORIES = ['emergency', 'continuity-of-care', 'covering-colleague', 'patient-request', 'other'] as const;
/** Long enough that "x" or "needed" will not do: a sentence a reviewer can judge. */
export const BREAK_GLASS_REASON_MIN = 20;

export const RESTRICTION_CATEGORIES = ['staff', 'vip', 'legal', 'patient-request', 'other'] as const;

const Reason = (min: number) => z.string().trim().min(min, `must be at least ${min} characters`).max(500, 'is too long');

const RecordAccess = z.enum(['open', 'grant', 'break-glass', 'none']);
export const PatientAccessStatus = z.object({
  patientId: Id,
  restricted: z.boolean(),
  record: RecordAccess,
  photos: z.enum(['open', 'grant', 'break-glass', 'none', 'care']),
  grantExpiresAt: Timestamp.nullable(),
  breakGlassExpiresAt: Timestamp.nullable(),
  breakGlassMinutes: z.number().int(),
});
export type PatientAccessStatus = z.infer<typeof PatientAccessStatus>;

export const RestrictedPatient = z.object({
  patientId: Id,
  mrn: z.string(),
  name: z.string(),
  category: z.enum(RESTRICTION_CATEGORIES),
  reason: z.string(),
  restrictedBy: z.string(),
  restrictedAt: Timestamp,
});

export const AccessGrant = z.object({
  id: Id,
  userId: Id,
  userName: z.string(),
  /** Null: every patient, restricted ones included. */
  patient: z.object({ id: Id, mrn: z.string(), name: z.string() }).nullable(),
  startsAt: Timestamp,
  expiresAt: Timestamp,
  reason: z.string(),
  grantedBy: z.string(),
  grantedAt: Timestamp,
  revokedAt: Timestamp.nullable(),
});
export type AccessGrant = z.infer<typeof AccessGrant>;

export const StaffAccess = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  accessExpiresAt: Timestamp.nullable(),
});

export const AccessAlert = z.object({
  id: Id,
  /** `privacy-officer`: `user` made the account `subject` a privacy officer (created, re-enabled or re-roled it). */
  kind: z.enum(['break-glass', 'self-grant', 'privacy-officer']),
  raisedAt: Timestamp,
  user: z.object({ id: Id, username: z.string(), displayName: z.string() }),
  patient: z.object({ id: Id, mrn: z.string(), name: z.string() }).nullable(),
  category: z.string().nullable(),
  reason: z.string().nullable(),
  expiresAt: Timestamp.nullable(),
  acknowledgedAt: Timestamp.nullable(),
  acknowledgedBy: z.string().nullable(),
  subject: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  /** False when the alert is about the caller or a sponsor of the caller's account (separation of duties). */
  mayAcknowledge: z.boolean(),
});
export type AccessAlert = z.infer<typeof AccessAlert>;

export const AccessSettings = z.object({
  breakGlassMinutes: z.number().int().min(5, 'must be at least 5 minutes').max(720, 'must be at most 720 minutes (12 hours)'),
  careWindowDays: z.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days'),
});

const patientRef = z.object({ patientId: Id }).strict();

export const accessChannels = {
  /** How the caller may open this patient; reveals only the restricted flag, never demographics. */
  patientStatus: channel({ request: patientRef, response: PatientAccessStatus, access: needs('patient.read'), audit: null }),
  breakGlass: channel({
    request: z.object({ patientId: Id, category: z.enum(BREAK_GLASS_CATEGORIES), reason: Reason(BREAK_GLASS_REASON_MIN) }).strict(),
    response: PatientAccessStatus,
    access: needs('patient.break-glass'),
    audit: 'access.break-glass',
  }),
  endBreakGlass: channel({ request: patientRef, response: PatientAccessStatus, access: needs('patient.break-glass'), audit: 'access.break-glass.end' }),

  listRestricted: channel({ request: Empty, response: z.array(RestrictedPatient), access: needs('access.restrict'), audit: null }),
  restrict: channel({
    request: z.object({ mrn: Mrn, category: z.enum(RESTRICTION_CATEGORIES), reason: Reason(10) }).strict(),
    response: RestrictedPatient,
    access: needs('access.restrict'),
    audit: 'access.restrict',
  }),
  unrestrict: channel({ request: patientRef, response: z.object({}), access: needs('access.restrict'), audit: 'access.unrestrict' }),

  listStaff: channel({ request: Empty, response: z.array(StaffAccess), access: needs('access.review'), audit: null }),
  listGrants: channel({
    request: z.object({ includeEnded: z.boolean().default(false) }).strict(),
    response: z.array(AccessGrant),
    access: needs('access.review'),
    audit: null,
  }),
  createGrant: channel({
    request: z.object({ userId: Id, mrn: Mrn.nullable(), startsAt: Timestamp, expiresAt: Timestamp, reason: Reason(10) }).strict(),
    response: AccessGrant,
    access: needs('access.grant'),
    audit: 'access.grant',
  }),
  revokeGrant: channel({ request: z.object({ grantId: Id }).strict(), response: AccessGrant, access: needs('access.grant'), audit: 'access.grant.revoke' }),
  setAccountExpiry: channel({
    request: z.object({ userId: Id, expiresAt: Timestamp.nullable() }).strict(),
    response: StaffAccess,
    access: needs('access.grant'),
    audit: 'access.account-expiry',
  }),

  getSettings: channel({ request: Empty, response: AccessSettings, access: needs('access.review'), audit: null }),
  updateSettings: channel({ request: AccessSettings.strict(), response: AccessSettings, access: needs('access.configure'), audit: 'access.settings' }),

  listAlerts: channel({
    request: z.object({ includeAcknowledged: z.boolean().default(false) }).strict(),
    response: z.array(AccessAlert),
    access: needs('access.alerts'),
    audit: null,
  }),
  acknowledgeAlert: channel({ request: z.object({ alertId: Id }).strict(), response: AccessAlert, access: needs('access.alerts'), audit: 'access.alert.acknowledge' }),
};
