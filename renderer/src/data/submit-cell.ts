// The logic behind useSubmit, free of React and of the bridge so it can be tested in plain Node:
// one action a person starts (save, add, run), with its pending state and its error. A second
// press while the first is on its way is refused instead of sent twice, and an answer that arrives
// after the screen went away changes nothing.
import type { BridgeError, Result } from '../../../shared/result';

export interface SubmitState {
  readonly pending: boolean;
  readonly error: BridgeError | null;
}

export interface SubmitCell {
  getState(): SubmitState;
  subscribe(listener: () => void): () => void;
  /** Runs the action unless one is pending; resolves to its result, or null when refused or disposed. */
  submit<T>(task: () => Promise<Result<T>>): Promise<Result<T> | null>;
  /** Clears the error (the person edited the form). */
  reset(): void;
  /** The screen is gone: later answers are dropped. */
  dispose(): void;
}

export function createSubmitCell(): SubmitCell {
  let state: SubmitState = { pending: false, error: null };
  let disposed = false;
  const listeners = new Set<() => void>();
  const update = (next: SubmitState) => {
    if (disposed) return;
    state = next;
    for (const listener of listeners) listener();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async submit<T>(task: () => Promise<Result<T>>) {
      if (state.pending || disposed) return null;
      update({ pending: true, error: null });
      let result: Result<T>;
      try {
        result = await task();
      } catch {
        result = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong.' } };
      }
      if (disposed) return null;
      update({ pending: false, error: result.ok ? null : result.error });
      return result;
    },
    reset() {
      if (state.error) update({ ...state, error: null });
    },
    dispose() {
      disposed = true;
      listeners.clear();
    },
  };
}
