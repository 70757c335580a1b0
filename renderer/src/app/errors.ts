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
  CAMERA_NOT_DETECTED: 'No camera was found. Check that it is switched on and connected by USB.',
  CAMERA_BUSY: 'Another program is using the camera (for example the desktop photo importer). Close it and try again.',
  CAMERA_CARD_FULL: "The camera's memory card is full. Free some space or change the card.",
  CAMERA_DISCONNECTED: 'The camera was disconnected during the transfer. Reconnect it and take the photo again.',
  CAMERA_TIMEOUT: 'The camera did not answer in time. Check it and try again.',
  CAMERA_UNSUPPORTED: 'This camera cannot do that over USB.',
  CONTEXT_MISMATCH: 'The patient or encounter changed while capturing. Check the context bar and try again.',
  HANDLE_EXPIRED: 'The image link expired. Reopen the photo.',
  DATABASE_TOO_NEW: 'This data was written by a newer version of the app. Please update the app.',
  VAULT_CORRUPT: 'The encrypted store could not be opened. Contact your administrator.',
  INSECURE_TARGET: 'Plain http is allowed only to this computer. Use an https address for the PACS or EMR.',
  ALREADY_DELIVERED: 'This photo has already been sent to the PACS or EMR, so it stays in the record. Take another photo if you need a better one.',
  EHR_UNAVAILABLE: 'The EHR did not answer. Check the network, or find the patient locally.',
  SMART_LAUNCH_FAILED: 'Signing in to the EHR did not complete. Try again from the EHR or the Patients screen.',
  // PATIENT_MISMATCH: the core's message says which identifier disagrees (worklist, EHR, SMART).
  PATIENT_AMBIGUOUS: 'More than one patient matches in the EHR. Capture is blocked: search with the MRN and birth date.',
  INVALID_RECOVERY_CODE: 'That recovery code is not right. Check each group of four characters and try again.',
  KEYSTORE_UNAVAILABLE: "The operating system's key store is not available here (it may be locked or missing). Nothing was changed.",
  VAULT_BUSY: 'The data is in use by another program on this computer. Close it and try again.',
  BLOB_TAMPERED: 'This photo failed its integrity check and cannot be shown. Contact your administrator.',
  SESSION_LOCKED: 'This session is locked. Unlock it to continue.',
  SESSION_SETUP_REQUIRED: 'Finish setting up your account first.',
  TOO_MANY_ATTEMPTS: 'Too many failed attempts. Wait a moment and try again.',
  RATE_LIMITED: 'Too many look-ups in a short time. Wait a minute and try again.',
  LAST_ADMINISTRATOR: 'The clinic must keep at least one active administrator.',
  USERNAME_TAKEN: 'This username is already in use.',
  PATIENT_RESTRICTED: 'This patient’s record is restricted. Open it with a grant, or with emergency access (break the glass).',
  NO_CARE_RELATIONSHIP: 'You can see photos of patients in your own encounters. Start an encounter, or use emergency access.',
  ACCOUNT_EXPIRED: 'This account’s access has expired. Ask an administrator to extend it.',
  INTERNAL: 'Something went wrong. Please try again.',
  UNKNOWN_CHANNEL: 'Something went wrong. Please try again.',
};

export const messageFor = (error: BridgeError): string => MESSAGES[error.code] ?? error.message;

export interface ErrorDisplay {
  /** The sentence for the notice above the form, or null when the fields say it all. */
  readonly message: string | null;
  /** Problems per field, keyed by the request's dotted path with `prefix` removed. */
  readonly fields: Record<string, string>;
}

/**
 * How one failed call reads on screen, the same on every screen: a validation failure with field
 * problems is shown beside the fields only; anything else is one sentence chosen by its code.
 */
export function describeError(error: BridgeError | null, prefix = ''): ErrorDisplay {
  if (!error) return { message: null, fields: {} };
  const fields = error.code === 'VALIDATION_FAILED' ? fieldErrors(error, prefix) : {};
  return { message: Object.keys(fields).length > 0 ? null : messageFor(error), fields };
}

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
