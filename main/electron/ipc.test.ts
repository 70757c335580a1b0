// The ipcMain wiring, tested by calling the handlers it registers with fake events against a real
// core in a temp directory (Bitwarden's listener specs do the same).
import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelEntries } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Core, CoreClient } from '../core/core';
import { ADMIN, tempDir, testCore } from '../core/test-support/fixtures';
import { registerIpc } from './ipc';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** Records what the shell registers, like ipcMain would, so the test can call it. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const registrations: string[] = [];
  const removed: string[] = [];
  return {
    handlers,
    registrations,
    removed,
    handle(channel: string, listener: Handler) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      registrations.push(channel);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      removed.push(channel);
      handlers.delete(channel);
    },
  };
}

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

function fakeEvent(senderId: number, frame: FakeFrame | null): IpcMainInvokeEvent {
  return { sender: { id: senderId } as WebContents, senderFrame: frame as WebFrameMain | null } as unknown as IpcMainInvokeEvent;
}

const topFrame = (url: string): FakeFrame => ({ url, parent: null });
const APP_PAGE = 'clinic://app/index.html';

describe('registerIpc', () => {
  let core: Core;
  let cleanup: () => Promise<void>;
  let clients: Map<number, CoreClient>;
  let calls: number;
  let ipc: ReturnType<typeof fakeIpcMain>;
  let unregister: () => void;

  beforeEach(async () => {
    const dir = await tempDir('cpw-electron-ipc-');
    cleanup = dir.cleanup;
    core = testCore(dir.dir);
    calls = 0;
    // Two windows, each with its own client; the spy proves refused calls never reach the core.
    clients = new Map();
    for (const id of [1, 2]) {
      const real = core.connect();
      clients.set(id, { ...real, invoke: (channel, payload) => ((calls += 1), real.invoke(channel, payload)) });
    }
    ipc = fakeIpcMain();
    unregister = registerIpc(ipc, (sender) => clients.get(sender.id));
  });

  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  const call = (channel: string, event: IpcMainInvokeEvent, payload: unknown = {}) => {
    const handler = ipc.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, payload) as Promise<Result<unknown>>;
  };

  it('registers exactly one handler per contract channel, and nothing else', () => {
    const expected = channelEntries().map(([name]) => name);
    expect(ipc.registrations).toEqual(expected);
    expect(new Set(ipc.registrations).size).toBe(expected.length);
  });

  it('unregisters every channel it registered', () => {
    unregister();
    expect(ipc.removed.sort()).toEqual([...ipc.registrations].sort());
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes a call from the app top frame to the real core', async () => {
    const result = await call('setup.status', fakeEvent(1, topFrame(APP_PAGE)));
    expect(result).toEqual({ ok: true, value: { initialized: false, clinicName: null, locale: null } });
  });

  it('lets the core validate the payload', async () => {
    const result = await call('setup.status', fakeEvent(1, topFrame(APP_PAGE)), { extra: 'field' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('VALIDATION_FAILED');
    const bad = await call('patients.search', fakeEvent(1, topFrame(APP_PAGE)), 'not an object');
    expect(bad.ok).toBe(false);
  });

  it('keeps sessions per window: signing in one window does not sign in another', async () => {
    const init = await call('setup.initialize', fakeEvent(1, topFrame(APP_PAGE)), { clinicName: 'Harbour Dermatology', admin: ADMIN });
    expect(init.ok).toBe(true);
    const own = await call('patients.search', fakeEvent(1, topFrame('clinic://app/#/patients')), { query: '' });
    expect(own).toMatchObject({ ok: true, value: { patients: [], truncated: false } });
    const other = await call('patients.search', fakeEvent(2, topFrame(APP_PAGE)), { query: '' });
    expect(other).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  const refusedCases: Array<[string, IpcMainInvokeEvent]> = [
    ['another origin', fakeEvent(1, topFrame('https://evil.example/index.html'))],
    ['another host on the app scheme', fakeEvent(1, topFrame('clinic://evil/index.html'))],
    ['the app host with a port', fakeEvent(1, topFrame('clinic://app:8080/index.html'))],
    ['the app host with credentials', fakeEvent(1, topFrame('clinic://user@app/index.html'))],
    ['a file: page', fakeEvent(1, topFrame('file:///tmp/index.html'))],
    ['about:blank', fakeEvent(1, topFrame('about:blank'))],
    ['a subframe of the app', fakeEvent(1, { url: APP_PAGE, parent: topFrame(APP_PAGE) })],
    ['a destroyed frame', fakeEvent(1, null)],
    ['a webContents with no window client', fakeEvent(99, topFrame(APP_PAGE))],
  ];

  it.each(refusedCases)('refuses a call from %s without reaching the core', async (_name, event) => {
    const result = await call('setup.status', event);
    expect(result).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: expect.any(String) } });
    expect(calls).toBe(0);
  });

  it('returns a result, never a throw, when the client itself fails', async () => {
    clients.set(3, { ...clients.get(1)!, invoke: () => Promise.reject(new Error('boom with /secret/path')) });
    const result = await call('setup.status', fakeEvent(3, topFrame(APP_PAGE)));
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!result.ok) expect(result.error.message).not.toContain('secret');
  });
});
