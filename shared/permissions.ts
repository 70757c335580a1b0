// Roles and the permission matrix: the one place that says who may do what. Deny by default:
// a permission not listed for a role is refused.

export const ROLES = ['administrator', 'clinician', 'photographer', 'front_desk', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'patient.read',
  'patient.write',
  // Work an order into an encounter (the Modality Worklist); its provider is chosen as at check-in.
  'encounter.write',
  // Check a patient in: start an encounter with its reason and a chosen provider (issue 13).
  'encounter.checkin',
  'photo.view',
  'photo.capture',
  'photo.import',
  'clinic.read',
  'user.manage',
  // Keys (issue 3): key slots, recovery code, device key, rotation.
  'keys.manage',
  // Access control (issue 3): see docs/access-control.md.
  'patient.break-glass',
  'access.restrict',
  'access.grant',
  'access.review',
  'access.alerts',
  'access.configure',
  // Audit trail (issue 3): see docs/audit-log.md.
  'audit.read',
  'audit.export',
  'audit.settings',
  // Delivery (issue 5): targets and backfill; per-photo state and sync status; retrying a failure.
  'delivery.manage',
  'delivery.view',
  'delivery.retry',
  // Interop (issue 5): export one photo as DICOM or FHIR from the CLI; see docs/interop.md.
  'photo.export',
  // Consent (issue 11): see docs/consent.md. Read a patient's consents and the signed documents;
  // record a signed or paper consent and withdraw one; manage templates and the clinic's policy.
  'consent.read',
  'consent.record',
  'consent.manage-templates',
  // Corrections (issue 13): see docs/access-control.md, "Corrections". Edit demographics; merge two
  // records or mark one entered in error; correct a photo's site, laterality, view or encounter;
  // move a photo to another patient; delete a photo (soft, with a reason).
  'patient.correct',
  'patient.merge',
  'photo.correct',
  'photo.reassign',
  'photo.delete',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  administrator: ['clinic.read', 'patient.read', 'patient.write', 'encounter.write', 'encounter.checkin', 'photo.view', 'photo.capture', 'photo.import', 'user.manage', 'patient.break-glass', 'access.restrict', 'access.grant', 'access.review', 'access.configure', 'audit.read', 'audit.export', 'audit.settings', 'keys.manage', 'delivery.manage', 'delivery.view', 'delivery.retry', 'photo.export', 'consent.read', 'consent.record', 'consent.manage-templates', 'patient.correct', 'patient.merge', 'photo.correct', 'photo.reassign', 'photo.delete'],
  clinician: ['clinic.read', 'patient.read', 'patient.write', 'encounter.write', 'encounter.checkin', 'photo.view', 'photo.capture', 'photo.import', 'patient.break-glass', 'delivery.view', 'delivery.retry', 'photo.export', 'consent.read', 'consent.record', 'patient.correct', 'photo.correct', 'photo.reassign', 'photo.delete'],
  photographer: ['clinic.read', 'patient.read', 'encounter.write', 'encounter.checkin', 'photo.view', 'photo.capture', 'photo.import', 'patient.break-glass', 'delivery.view', 'delivery.retry', 'consent.read', 'consent.record', 'photo.correct'],
  front_desk: ['clinic.read', 'patient.read', 'patient.write', 'encounter.checkin', 'consent.read', 'consent.record', 'patient.correct'],
  privacy_officer: ['clinic.read', 'access.restrict', 'access.review', 'access.alerts', 'audit.read', 'audit.export', 'audit.settings', 'consent.read'],
};

/**
 * Roles that may be recorded as an encounter's provider (the clinician responsible for the visit
 * and its photos). Photographers and the front desk start encounters for one of them; an
 * administrator who is also the lead clinician may be one.
 */
export const PROVIDER_ROLES = ['clinician', 'administrator'] as const satisfies readonly Role[];
export const isProviderRole = (role: Role): boolean => (PROVIDER_ROLES as readonly Role[]).includes(role);

export const roleHasPermission = (role: Role, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].includes(permission);

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  clinician: 'Clinician',
  photographer: 'Photographer / medical assistant',
  front_desk: 'Front desk',
  privacy_officer: 'Privacy officer',
};
