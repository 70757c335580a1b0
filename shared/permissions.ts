// Roles and the permission matrix: the one place that says who may do what. Deny by default:
// a permission not listed for a role is refused.

export const ROLES = ['administrator', 'clinician', 'photographer', 'front_desk', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'patient.read',
  'patient.write',
  'encounter.write',
  'photo.view',
  'photo.capture',
  'photo.import',
  'clinic.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  administrator: ['clinic.read', 'patient.read', 'patient.write', 'encounter.write', 'photo.view', 'photo.capture', 'photo.import'],
  clinician: ['clinic.read', 'patient.read', 'patient.write', 'encounter.write', 'photo.view', 'photo.capture'],
  photographer: ['clinic.read', 'patient.read', 'encounter.write', 'photo.view', 'photo.capture'],
  front_desk: ['clinic.read', 'patient.read', 'patient.write'],
  privacy_officer: ['clinic.read'],
};

export const roleHasPermission = (role: Role, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].includes(permission);

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  clinician: 'Clinician',
  photographer: 'Photographer / medical assistant',
  front_desk: 'Front desk',
  privacy_officer: 'Privacy officer',
};
