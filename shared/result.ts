// What crosses the bridge: a value or a named error, never a thrown string.
import type { ErrorCode } from './errors';

export interface BridgeError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Field-level problems for VALIDATION_FAILED, keyed by dotted path. */
  readonly fields?: Readonly<Record<string, string>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BridgeError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string, fields?: Record<string, string>): Result<never> =>
  fields ? { ok: false, error: { code, message, fields } } : { ok: false, error: { code, message } };
