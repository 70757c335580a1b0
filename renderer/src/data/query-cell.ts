// The logic behind useQuery, free of React and of the bridge so it can be tested in plain Node:
// one cell holds the latest answer to one question, and only the newest question may answer. A
// question asked again with other inputs, or a cell that is disposed (the screen unmounted), turns
// every older answer still on its way into one that is dropped on arrival.
import type { BridgeError, Result } from '../../../shared/result';

export interface QueryState<T> {
  /** The last successful answer; kept while a newer question is on its way, so lists do not blink. */
  readonly data: T | undefined;
  /** The newest question's failure, or null once a later question succeeds. */
  readonly error: BridgeError | null;
  /** True while the newest question has not been answered. */
  readonly loading: boolean;
}

export interface QueryCell<T> {
  getState(): QueryState<T>;
  subscribe(listener: () => void): () => void;
  /** Asks a new question; any older one still on its way is ignored when it answers. */
  load(task: () => Promise<Result<T>>): Promise<void>;
  /** Replaces the answer without asking (e.g. with what a save returned); outranks any ask on its way. */
  set(data: T): void;
  /** Edits the answer in place (a photo just taken joins the list); an ask on its way still lands. */
  update(edit: (data: T | undefined) => T): void;
  /** Ignores whatever is on its way; called when the inputs change or the screen unmounts. */
  cancel(): void;
}

export function createQueryCell<T>(): QueryCell<T> {
  let state: QueryState<T> = { data: undefined, error: null, loading: false };
  let generation = 0;
  const listeners = new Set<() => void>();
  const update = (next: QueryState<T>) => {
    state = next;
    for (const listener of listeners) listener();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load(task) {
      const ticket = ++generation;
      if (!state.loading) update({ ...state, loading: true });
      let result: Result<T>;
      try {
        result = await task();
      } catch {
        result = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong.' } };
      }
      if (ticket !== generation) return;
      update(result.ok ? { data: result.value, error: null, loading: false } : { data: state.data, error: result.error, loading: false });
    },
    set(data) {
      generation++;
      update({ data, error: null, loading: false });
    },
    update(edit) {
      update({ ...state, data: edit(state.data) });
    },
    cancel() {
      generation++;
      if (state.loading) update({ ...state, loading: false });
    },
  };
}
