// Calm, specific wording for each error code the core can return. Core messages never carry PHI,
// but the UI owns its own voice: the code picks the sentence, the core's message is a fallback.
import type { ErrorCode } from '../../../shared/errors';
import type { BridgeError } from '../../../shared/result';

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Some fields need attention.',
  NOT_SIGNED_IN: 'Your session has ended. Please sign in again.',
  PERMISSION_DENIED: 'Your role does not allow this action.',
  NOT_INITIALIZED: 'This workstation has not been set up yet.',
  ALREADY_INITIALIZED: 'This workstation is already set up. Please sign in.',
  INVALID_CREDENTIALS: 'The username or password is incorrect.',
  WEAK_PASSWORD: 'Choose a stronger password.',
  NOT_FOUND: 'That record could not be found. It may have been removed.',
  MRN_TAKEN: 'Another patient already has this MRN. Check the number, or search for the existing patient.',
  ENCOUNTER_CLOSED: 'This encounter is closed. Start a new encounter to take photos.',
  CAMERA_UNAVAILABLE: 'The selected camera is not connected. Check the cable or choose another camera.',
  CAPTURE_FAILED: 'The camera did not deliver a photo. Check it and try again.',
  HANDLE_EXPIRED: 'The image link expired. Reopen the photo.',
  DATABASE_TOO_NEW: 'This data was written by a newer version of the app. Please update the app.',
  VAULT_CORRUPT: 'The encrypted store could not be opened. Contact your administrator.',
  BLOB_TAMPERED: 'This photo failed its integrity check and cannot be shown. Contact your administrator.',
  INTERNAL: 'Something went wrong. Please try again.',
  UNKNOWN_CHANNEL: 'Something went wrong. Please try again.',
};

export const messageFor = (error: BridgeError): string => MESSAGES[error.code] ?? error.message;

/** Field errors keyed by the request's dotted path, with the core's path prefix removed. */
export function fieldErrors(error: BridgeError | null, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error?.fields) return out;
  for (const [key, message] of Object.entries(error.fields)) {
    const name = prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
    out[name] = message;
  }
  return out;
}
