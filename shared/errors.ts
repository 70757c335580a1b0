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
  'HANDLE_EXPIRED',
  'DATABASE_TOO_NEW',
  'VAULT_CORRUPT',
  'BLOB_TAMPERED',
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
