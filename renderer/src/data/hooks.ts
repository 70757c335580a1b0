// How screens fetch: three hooks over the bridge, so no screen writes its own fetch-in-effect.
//   useQuery  asks once per change of its key; older answers and answers after unmount are dropped.
//   usePoll   watches a call through the one shared poller (one timer per call for all screens,
//             paused while the session is locked or signed out).
//   useSubmit runs an action a person started, with its pending state and its error.
// Every call goes through `call`, so a lost or locked session is handled in one place. The logic
// lives in query-cell.ts, poller.ts and submit-cell.ts, which are tested without React.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ClinicApi } from '../../../shared/bridge';
import type { Result } from '../../../shared/result';
import { call } from '../app/clinic';
import { useAppStore } from '../app/store';
import { createPoller, type PollState } from './poller';
import { createQueryCell, type QueryState } from './query-cell';
import { createSubmitCell, type SubmitState } from './submit-cell';

type Ask<T> = (api: ClinicApi) => Promise<Result<T>>;

/** The renderer's one poller. Polling runs only while someone is signed in and not locked. */
export const poller = createPoller({
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (timer) => window.clearTimeout(timer as number),
});
const pollingAllowed = (s: ReturnType<typeof useAppStore.getState>) => s.phase === 'app' && s.session !== null && s.session.restriction === null;
poller.setActive(pollingAllowed(useAppStore.getState()));
useAppStore.subscribe((s) => poller.setActive(pollingAllowed(s)));

export interface Query<T> extends QueryState<T> {
  /** Asks again with the same inputs (after a change the user made). */
  reload(): Promise<void>;
  /** Shows a value the screen already has (what a save returned) without asking. */
  set(data: T): void;
  /** Edits the shown value (an item just added) without asking. */
  update(edit: (data: T | undefined) => T): void;
}

/**
 * Asks `ask` whenever `key` changes (any JSON value naming the inputs; null asks nothing). The
 * function is read when the key changes, so it may be written inline.
 */
export function useQuery<T>(key: unknown, ask: Ask<T>): Query<T> {
  const [cell] = useState(createQueryCell<T>);
  const state = useSyncExternalStore(cell.subscribe, cell.getState);
  const id = key === null ? null : JSON.stringify(key);
  const latestAsk = useRef(ask);
  latestAsk.current = ask;
  useEffect(() => {
    if (id === null) return;
    void cell.load(() => call(latestAsk.current));
    return () => cell.cancel();
  }, [cell, id, latestAsk]);
  const reload = useCallback(() => cell.load(() => call(latestAsk.current)), [cell, latestAsk]);
  return { ...state, reload, set: cell.set, update: cell.update };
}

/**
 * Watches a call through the shared poller. `key` names the call and its inputs: every screen that
 * watches the same key shares one timer and one answer (null watches nothing).
 */
export function usePoll<T>(key: string | null, ask: Ask<T>, intervalMs: number): PollState<T> & { refresh(): Promise<void> } {
  const latestAsk = useRef(ask);
  latestAsk.current = ask;
  const subscribe = useCallback(
    (listener: () => void) => (key === null ? () => undefined : poller.subscribe(key, () => call(latestAsk.current), intervalMs, listener)),
    [key, intervalMs, latestAsk],
  );
  const getState = useCallback(() => (key === null ? poller.getState<T>('') : poller.getState<T>(key)), [key]);
  const state = useSyncExternalStore(subscribe, getState);
  const refresh = useCallback(() => (key === null ? Promise.resolve() : poller.refresh(key)), [key]);
  return { ...state, refresh };
}

export interface Submit extends SubmitState {
  /** Runs the action unless one is already pending; null when refused or the screen is gone. */
  run<T>(ask: Ask<T>): Promise<Result<T> | null>;
  reset(): void;
}

export function useSubmit(): Submit {
  const [cell] = useState(createSubmitCell);
  const state = useSyncExternalStore(cell.subscribe, cell.getState);
  useEffect(() => () => cell.dispose(), [cell]);
  const run = useCallback(<T>(ask: Ask<T>) => cell.submit(() => call(ask)), [cell]);
  return { ...state, run, reset: cell.reset };
}
