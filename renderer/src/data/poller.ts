// The logic behind usePoll, free of React and of the bridge so it can be tested in plain Node: one
// shared poller for the whole renderer. Each distinct call (its key) gets one timer however many
// screens watch it, and every watcher sees the same answer. A call is asked again `intervalMs`
// after its previous answer arrived (never two of the same on the wire), stops when its last
// watcher leaves, and nothing is asked while the poller is paused (session locked or signed out).
import type { BridgeError, Result } from '../../../shared/result';

export interface PollState<T> {
  readonly data: T | undefined;
  readonly error: BridgeError | null;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export interface Poller {
  /**
   * Watches `key`: the first watcher starts the call at once, later ones share it. The shortest
   * interval among the watchers wins. Returns the function that stops watching.
   */
  subscribe<T>(key: string, task: () => Promise<Result<T>>, intervalMs: number, listener: () => void): () => void;
  /** The latest answer for `key` (the same object until a new answer arrives). */
  getState<T>(key: string): PollState<T>;
  /** Asks `key` now (after a change the user made) instead of waiting for its timer. */
  refresh(key: string): Promise<void>;
  /** Paused: timers stop and answers still on their way are dropped; resumed: every watched call runs at once. */
  setActive(active: boolean): void;
  /** How many timers are armed: one per watched call while active, none while paused. */
  armedTimers(): number;
}

interface Watcher {
  readonly intervalMs: number;
  readonly listener: () => void;
}

interface Entry {
  readonly task: () => Promise<Result<unknown>>;
  readonly watchers: Set<Watcher>;
  state: PollState<unknown>;
  timer: unknown;
  /** Bumped to drop an answer on its way (unwatched, paused, or a newer ask started). */
  generation: number;
  inFlight: boolean;
}

const EMPTY: PollState<never> = Object.freeze({ data: undefined, error: null });

export function createPoller(timers: Timers): Poller {
  const entries = new Map<string, Entry>();
  let active = true;

  const interval = (entry: Entry) => Math.min(...[...entry.watchers].map((w) => w.intervalMs));

  const disarm = (entry: Entry) => {
    if (entry.timer !== undefined) timers.clearTimeout(entry.timer);
    entry.timer = undefined;
  };

  const arm = (entry: Entry) => {
    disarm(entry);
    if (!active || entry.watchers.size === 0) return;
    entry.timer = timers.setTimeout(() => {
      entry.timer = undefined;
      void ask(entry);
    }, interval(entry));
  };

  async function ask(entry: Entry): Promise<void> {
    if (!active || entry.watchers.size === 0) return;
    disarm(entry);
    const ticket = ++entry.generation;
    entry.inFlight = true;
    let result: Result<unknown>;
    try {
      result = await entry.task();
    } catch {
      result = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong.' } };
    }
    if (ticket !== entry.generation) return;
    entry.inFlight = false;
    entry.state = result.ok ? { data: result.value, error: null } : { data: entry.state.data, error: result.error };
    for (const watcher of entry.watchers) watcher.listener();
    arm(entry);
  }

  return {
    subscribe(key, task, intervalMs, listener) {
      let entry = entries.get(key);
      const watcher: Watcher = { intervalMs, listener };
      if (!entry) {
        entry = { task, watchers: new Set(), state: EMPTY, timer: undefined, generation: 0, inFlight: false };
        entries.set(key, entry);
      }
      const first = entry.watchers.size === 0;
      entry.watchers.add(watcher);
      if (first) void ask(entry);
      else if (!entry.inFlight) arm(entry);
      const watched = entry;
      return () => {
        watched.watchers.delete(watcher);
        if (watched.watchers.size > 0) {
          if (!watched.inFlight) arm(watched);
          return;
        }
        disarm(watched);
        watched.generation++;
        if (entries.get(key) === watched) entries.delete(key);
      };
    },
    getState<T>(key: string) {
      return (entries.get(key)?.state ?? EMPTY) as PollState<T>;
    },
    async refresh(key) {
      const entry = entries.get(key);
      if (entry) await ask(entry);
    },
    setActive(next) {
      if (next === active) return;
      active = next;
      for (const entry of entries.values()) {
        if (active) void ask(entry);
        else {
          disarm(entry);
          entry.generation++;
          entry.inFlight = false;
        }
      }
    },
    armedTimers() {
      return [...entries.values()].filter((e) => e.timer !== undefined).length;
    },
  };
}
