// Named error codes the UI maps to specific messages. Messages sent with them never carry PHI.

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_CHANNEL',
  'NOT_SIGNED_IN',
  'PERMISSION_DENIED',
  'NOT_INITIALIZED',
  'ALREADY_INITIALIZED',
  'INVALID_CREDENTIALS',
  'WEAK_PASSWORD',
  'NOT_FOUND',
  'MRN_TAKEN',
  'ENCOUNTER_CLOSED',
  'INVALID_IMAGE',
  'CAMERA_UNAVAILABLE',
  'CAPTURE_FAILED',
  // Tethered cameras (gphoto2) and capture context; docs/cameras.md says what each means.
  'CAMERA_NOT_DETECTED',
  'CAMERA_BUSY',
  'CAMERA_CARD_FULL',
  'CAMERA_DISCONNECTED',
  'CAMERA_TIMEOUT',
  'CAMERA_UNSUPPORTED',
  'CONTEXT_MISMATCH',
  'HANDLE_EXPIRED',
  'DATABASE_TOO_NEW',
  'VAULT_CORRUPT',
  'BLOB_TAMPERED',
  // Keys (docs/storage-format.md section 3): recovery codes, the OS keystore, exclusive rotation.
  'INVALID_RECOVERY_CODE',
  'KEYSTORE_UNAVAILABLE',
  'VAULT_BUSY',
  'SESSION_LOCKED',
  'SESSION_SETUP_REQUIRED',
  'TOO_MANY_ATTEMPTS',
  // Too many calls of a rate-limited channel (an MRN look-up) in a short time; wait and retry.
  'RATE_LIMITED',
  'SECOND_FACTOR_REQUIRED',
  'LAST_ADMINISTRATOR',
  'USERNAME_TAKEN',
  'PATIENT_RESTRICTED',
  'NO_CARE_RELATIONSHIP',
  'ACCOUNT_EXPIRED',
  // Delivery (issue 5): a target URL over plain http to a host that is not this machine.
  'INSECURE_TARGET',
  'ARCHIVE_FAILED',
  'ALREADY_DELIVERED',
  // Consent (docs/consent.md): the gate refused a photo's release for a purpose (the message names
  // the scope); a signing screen showed a template version that is no longer the one stored.
  'CONSENT_REFUSED',
  'CONSENT_TEMPLATE_CHANGED',
  // The EHR (issue 14): its FHIR server or SMART authorization server did not answer as it must;
  // a SMART sign-in that failed (state or PKCE refused, denied, timed out); a patient from the EHR
  // whose identifiers disagree with the local record, or who is not one patient but several.
  'EHR_UNAVAILABLE',
  'SMART_LAUNCH_FAILED',
  'PATIENT_MISMATCH',
  'PATIENT_AMBIGUOUS',
  // Import (issue 14): the same file (by SHA-256) is already in the archive.
  'DUPLICATE_PHOTO',
  // Worklist and DIMSE (issue 14): nothing configured yet; the DICOM peer refused or could not be
  // reached; a worklist entry names a patient whose local record disagrees (wrong-patient guard).
  'NOT_CONFIGURED',
  'PEER_FAILED',
  // Corrections (issue 13, docs/corrections.md): the photo is on the wire right now; the record was
  // merged into another or entered in error and takes no more changes; the record still holds photos.
  'DELIVERY_IN_PROGRESS',
  'PATIENT_INACTIVE',
  'PATIENT_HAS_PHOTOS',
  // Annotations (issue 12): someone saved a newer version since the editor opened this one.
  'ANNOTATIONS_CHANGED',
  // Compare (issue 10): two photos that cannot be aligned (too few features or consistent matches:
  // a different site, too little overlap); the message says which.
  'ALIGNMENT_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure of a use-case; the router turns it into a `{ ok: false }` result. */
export class CoreError extends Error {
  override readonly name = 'CoreError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const isCoreError = (e: unknown): e is CoreError => e instanceof CoreError;
