// Calm, specific wording for each error code the core can return, in the user's language (the
// catalogue's `errors` area; every code has a message, shared/i18n/catalog.test.ts). The core
// returns codes, never sentences meant for the screen: its message is only a fallback for a code
// this renderer does not know (a newer core), and for detail it adds in English, which an English
// screen shows after the sentence (the worklist's and the consent gate's specific reasons).
import type { BridgeError } from '../../../shared/result';
import { currentLocale, hasMessage, t } from '../i18n';
import { translateProblem } from './field-problems';

/** Codes whose core message names the specific reason (which identifier, which consent). */
const CORE_DETAIL: ReadonlySet<string> = new Set(['PATIENT_MISMATCH', 'CONSENT_REFUSED']);

export function messageFor(error: BridgeError): string {
  const id = `errors.${error.code}`;
  if (!hasMessage(id)) return error.message;
  if (CORE_DETAIL.has(error.code) && currentLocale() === 'en' && error.message) return error.message;
  return t(id);
}

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
    out[name] = translateProblem(message);
  }
  return out;
}
