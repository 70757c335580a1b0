// Every action the audit trail records, with the words the privacy officer's screens show for it.
// The core's audit records and each channel's declared audit action (shared/channel.ts) are typed
// against this list, so a new action cannot be recorded without a label, and the screens cannot
// drift from what the core writes. Records hold the action's key; the label is for display only.

export const AUDIT_ACTION_LABELS = {
  'clinic.initialize': 'Workstation set up',
  'session.sign-in': 'Signed in',
  'session.sign-out': 'Signed out',
  'session.second-factor': 'Second factor checked',
  'session.lock': 'Session locked',
  'session.unlock': 'Session unlocked',
  'session.switch-user': 'Switched user',
  'session.lock-out': 'Sign-in locked out',
  'session.expired': 'Session ended by an administrator',
  'session.password-check': 'Password confirmed for a protected action',
  'patient.register': 'Patient registered',
  'patient.search': 'Patient search',
  'patient.lookup': 'Patient looked up by MRN',
  'patient.view': 'Patient record viewed',
  'patient.access': 'Patient access checked',
  'encounter.start': 'Encounter started',
  'photo.capture': 'Photo captured',
  'photo.import': 'Photo imported',
  'photo.list': 'Photos listed',
  'photo.view': 'Photo viewed',
  'photo.export': 'Photo exported',
  'photo.discard': 'Capture discarded',
  'photo.keep': 'Capture kept',
  'camera.session': 'Camera session',
  'access.break-glass': 'Break-glass access',
  'access.break-glass.end': 'Break-glass ended',
  'access.restrict': 'Patient restricted',
  'access.unrestrict': 'Restriction removed',
  'access.grant': 'Access granted',
  'access.grant.revoke': 'Grant revoked',
  'access.account-expiry': 'Account access expiry set',
  'access.settings': 'Access settings changed',
  'access.alert.acknowledge': 'Alert acknowledged',
  'access.review': 'Access reviewed',
  'user.create': 'Staff account created',
  'user.update': 'Staff account changed',
  'user.disable': 'Staff account disabled',
  'user.enable': 'Staff account enabled',
  'user.password-change': 'Password changed',
  'user.totp-enroll': 'Second factor enrolled',
  'user.totp-remove': 'Second factor removed',
  'user.totp-reset': 'Second factor reset',
  'settings.security-update': 'Security settings changed',
  'keys.recovery-create': 'Recovery code created',
  'keys.recovery-regenerate': 'Recovery code regenerated',
  'keys.recover': 'Vault recovered with the recovery code',
  'keys.device-enable': 'Device key enabled',
  'keys.device-disable': 'Device key disabled',
  'keys.rotate': 'Master key rotated',
  'keys.rotate-resume': 'Key rotation resumed',
  'keys.status': 'Key status viewed',
  'audit.search': 'Audit log searched',
  'audit.export-csv': 'Audit log exported (CSV)',
  'audit.export-log': 'Audit log exported (verifiable)',
  'audit.verify': 'Audit log verified',
  'audit.anomalies': 'Anomalies reviewed',
  'audit.thresholds-change': 'Anomaly thresholds changed',
  'audit.forwarding-change': 'Audit forwarding changed',
  'delivery.target-create': 'Delivery target added',
  'delivery.target-update': 'Delivery target changed',
  'delivery.backfill': 'Delivery backfill queued',
  'delivery.retry': 'Delivery retried',
  'delivery.view': 'Delivery status viewed',
  'worklist.settings-change': 'Worklist provider changed',
  'worklist.query': 'Worklist queried',
  'worklist.choose': 'Worklist entry chosen',
  /** A refused call on a channel that records nothing when it succeeds (detail: channel and code). */
  'request.denied': 'Request refused',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, value);

/** The area of an action ("photo" for "photo.view"): the audit screen's filter matches areas too. */
export const auditArea = (action: string): string => action.split('.', 1)[0] ?? action;
