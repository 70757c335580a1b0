// The renderer's data layer without React: a query drops older and cancelled answers; the shared
// poller keeps one timer per call whatever the number of watchers, waits for an answer before the
// next ask, stops when unwatched or paused; a submit refuses a second press while pending; an
// error reads the same everywhere.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/result';
import { describeError } from '../app/errors';
import { createPoller, type Poller } from './poller';
import { createQueryCell } from './query-cell';
import { createSubmitCell } from './submit-cell';

/** A promise the test answers when it chooses, to put answers out of order. */
function deferred<T>() {
  let resolve!: (value: Result<T>) => void;
  const promise = new Promise<Result<T>>((r) => (resolve = r));
  return { promise, answer: (value: T) => resolve({ ok: true, value }), fail: (code: 'INTERNAL' | 'PERMISSION_DENIED') => resolve({ ok: false, error: { code, message: code } }) };
}

describe('query cell', () => {
  it('keeps the newest question’s answer when an older one arrives later', async () => {
    const cell = createQueryCell<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    const a = cell.load(() => first.promise);
    const b = cell.load(() => second.promise);
    second.answer('new');
    await b;
    first.answer('old');
    await a;
    expect(cell.getState()).toEqual({ data: 'new', error: null, loading: false });
  });

  it('drops an answer that arrives after cancel (inputs changed or screen unmounted)', async () => {
    const cell = createQueryCell<string>();
    const listener = vi.fn();
    cell.subscribe(listener);
    const pending = deferred<string>();
    const done = cell.load(() => pending.promise);
    expect(cell.getState().loading).toBe(true);
    cell.cancel();
    listener.mockClear();
    pending.answer('late');
    await done;
    expect(cell.getState()).toEqual({ data: undefined, error: null, loading: false });
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps the last data beside a failure, and clears the failure on the next success', async () => {
    const cell = createQueryCell<number>();
    await cell.load(async () => ({ ok: true, value: 1 }));
    await cell.load(async () => ({ ok: false, error: { code: 'INTERNAL', message: 'x' } }));
    expect(cell.getState()).toMatchObject({ data: 1, error: { code: 'INTERNAL' }, loading: false });
    await cell.load(async () => ({ ok: true, value: 2 }));
    expect(cell.getState()).toEqual({ data: 2, error: null, loading: false });
  });

  it('turns a thrown call into INTERNAL instead of an unhandled rejection', async () => {
    const cell = createQueryCell<number>();
    await cell.load(() => Promise.reject(new Error('bridge gone')));
    expect(cell.getState().error?.code).toBe('INTERNAL');
  });

  it('update() edits the shown answer and lets an ask on its way land after it', async () => {
    const cell = createQueryCell<string[]>();
    await cell.load(async () => ({ ok: true, value: ['a'] }));
    const pending = deferred<string[]>();
    const done = cell.load(() => pending.promise);
    cell.update((list) => ['new', ...(list ?? [])]);
    expect(cell.getState().data).toEqual(['new', 'a']);
    pending.answer(['new', 'a', 'older']);
    await done;
    expect(cell.getState().data).toEqual(['new', 'a', 'older']);
  });

  it('set() replaces the answer and outranks a question still on its way', async () => {
    const cell = createQueryCell<string>();
    const pending = deferred<string>();
    const done = cell.load(() => pending.promise);
    cell.set('saved');
    pending.answer('stale');
    await done;
    expect(cell.getState().data).toBe('saved');
  });
});

describe('shared poller', () => {
  let poller: Poller;
  beforeEach(() => {
    vi.useFakeTimers();
    poller = createPoller({ setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>) });
  });
  afterEach(() => vi.useRealTimers());

  /** A call that counts its asks and answers each with the count. */
  function counter() {
    const calls = { n: 0 };
    const task = async (): Promise<Result<number>> => ({ ok: true, value: ++calls.n });
    return { calls, task };
  }

  it('runs one timer per call for all its watchers, who share one answer', async () => {
    const status = counter();
    const header = vi.fn();
    const screen = vi.fn();
    const stopHeader = poller.subscribe('delivery.status', status.task, 2000, header);
    const stopScreen = poller.subscribe('delivery.status', status.task, 2000, screen);
    await vi.advanceTimersByTimeAsync(0);
    expect(status.calls.n).toBe(1);
    expect(poller.armedTimers()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(status.calls.n).toBe(6);
    expect(header).toHaveBeenCalledTimes(6);
    expect(screen).toHaveBeenCalledTimes(6);
    expect(poller.getState('delivery.status').data).toBe(6);
    stopHeader();
    stopScreen();
  });

  it('gives two different calls a timer each, at the shortest interval asked for', async () => {
    const status = counter();
    const session = counter();
    const stops = [
      poller.subscribe('delivery.status', status.task, 2000, () => undefined),
      poller.subscribe('session.current', session.task, 15_000, () => undefined),
      poller.subscribe('session.current', session.task, 5_000, () => undefined),
    ];
    await vi.advanceTimersByTimeAsync(15_000);
    expect(poller.armedTimers()).toBe(2);
    expect(status.calls.n).toBe(8);
    expect(session.calls.n).toBe(4);
    for (const stop of stops) stop();
  });

  it('never has two of the same call on the wire: the next ask waits for the answer', async () => {
    let asks = 0;
    const slow = (): Promise<Result<number>> => new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: ++asks }), 5000));
    const stop = poller.subscribe('slow', slow, 1000, () => undefined);
    await vi.advanceTimersByTimeAsync(5000);
    expect(asks).toBe(1);
    expect(poller.armedTimers()).toBe(1);
    await vi.advanceTimersByTimeAsync(6000);
    expect(asks).toBe(2);
    stop();
  });

  it('stops when the last watcher leaves, and drops the answer on its way', async () => {
    const pending = deferred<string>();
    const listener = vi.fn();
    const stop = poller.subscribe('x', () => pending.promise, 2000, listener);
    stop();
    pending.answer('late');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(listener).not.toHaveBeenCalled();
    expect(poller.armedTimers()).toBe(0);
    expect(poller.getState('x').data).toBeUndefined();
  });

  it('asks nothing while paused (locked) and asks every watched call at once when resumed', async () => {
    const status = counter();
    const stop = poller.subscribe('delivery.status', status.task, 2000, () => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(status.calls.n).toBe(1);
    poller.setActive(false);
    expect(poller.armedTimers()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(status.calls.n).toBe(1);
    poller.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(status.calls.n).toBe(2);
    expect(poller.armedTimers()).toBe(1);
    stop();
  });

  it('drops an answer that was on its way when the session locked', async () => {
    const pending = deferred<string>();
    const listener = vi.fn();
    const stop = poller.subscribe('x', () => pending.promise, 2000, listener);
    poller.setActive(false);
    pending.answer('after lock');
    await vi.advanceTimersByTimeAsync(0);
    expect(listener).not.toHaveBeenCalled();
    expect(poller.getState('x').data).toBeUndefined();
    stop();
  });

  it('keeps the last data beside an error, and refresh() asks at once', async () => {
    let n = 0;
    const flaky = async (): Promise<Result<number>> => (++n === 2 ? { ok: false, error: { code: 'INTERNAL', message: 'x' } } : { ok: true, value: n });
    const stop = poller.subscribe('flaky', flaky, 2000, () => undefined);
    await vi.advanceTimersByTimeAsync(0);
    await poller.refresh('flaky');
    expect(poller.getState('flaky')).toMatchObject({ data: 1, error: { code: 'INTERNAL' } });
    await poller.refresh('flaky');
    expect(poller.getState('flaky')).toEqual({ data: 3, error: null });
    stop();
  });
});

describe('submit cell', () => {
  it('is pending while on its way and refuses a second press', async () => {
    const cell = createSubmitCell();
    const pending = deferred<string>();
    const first = cell.submit(() => pending.promise);
    expect(cell.getState().pending).toBe(true);
    const task = vi.fn(async (): Promise<Result<string>> => ({ ok: true, value: 'twice' }));
    expect(await cell.submit(task)).toBeNull();
    expect(task).not.toHaveBeenCalled();
    pending.answer('saved');
    expect(await first).toEqual({ ok: true, value: 'saved' });
    expect(cell.getState()).toEqual({ pending: false, error: null });
  });

  it('keeps the error until the next submit or reset', async () => {
    const cell = createSubmitCell();
    await cell.submit(async () => ({ ok: false, error: { code: 'PERMISSION_DENIED', message: 'no' } }));
    expect(cell.getState().error?.code).toBe('PERMISSION_DENIED');
    cell.reset();
    expect(cell.getState().error).toBeNull();
  });

  it('changes nothing when the answer arrives after the screen is gone', async () => {
    const cell = createSubmitCell();
    const listener = vi.fn();
    cell.subscribe(listener);
    const pending = deferred<string>();
    const done = cell.submit(() => pending.promise);
    listener.mockClear();
    cell.dispose();
    pending.fail('INTERNAL');
    expect(await done).toBeNull();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('error display', () => {
  it('shows field problems beside the fields and one sentence otherwise', () => {
    expect(describeError({ code: 'VALIDATION_FAILED', message: 'bad', fields: { 'target.baseUrl': 'must be a URL' } }, 'target.')).toEqual({ message: null, fields: { baseUrl: 'must be a URL' } });
    expect(describeError({ code: 'PERMISSION_DENIED', message: 'core text' })).toEqual({ message: 'Your role does not allow this action.', fields: {} });
    expect(describeError({ code: 'VALIDATION_FAILED', message: 'bad' }).message).toBe('Some fields need attention.');
    expect(describeError(null)).toEqual({ message: null, fields: {} });
  });
});
