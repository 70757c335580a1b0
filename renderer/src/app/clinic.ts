// The renderer's only door to the rest of the app: the frozen `window.clinic` bridge. Every call
// goes through `call`, which turns a lost session into the sign-in screen in one place.
import type { ClinicApi } from '../../../shared/bridge';
import type { BridgeError, Result } from '../../../shared/result';
import { useAppStore } from './store';

declare global {
  interface Window {
    readonly clinic: ClinicApi;
  }
}

export const clinic = (): ClinicApi => window.clinic;

const BRIDGE_MISSING: BridgeError = { code: 'INTERNAL', message: 'The application bridge is not available.' };

/**
 * Runs one bridge call. A NOT_SIGNED_IN answer (session ended, e.g. signed out in another window)
 * sends the user back to sign-in; every other failure is returned for the screen to show inline.
 */
export async function call<T>(run: (api: ClinicApi) => Promise<Result<T>>): Promise<Result<T>> {
  let result: Result<T>;
  try {
    if (!window.clinic) return { ok: false, error: BRIDGE_MISSING };
    result = await run(window.clinic);
  } catch {
    result = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong.' } };
  }
  if (!result.ok && result.error.code === 'NOT_SIGNED_IN') useAppStore.getState().sessionLost();
  if (!result.ok && result.error.code === 'SESSION_LOCKED') useAppStore.getState().locked();
  return result;
}
