// The Electron preload's wiring, with electron's renderer APIs recorded: it exposes `clinic` and
// runs the WebRTC removal in the page's main world (not its own isolated one).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ mainWorld: [] as Array<{ func: () => unknown }>, exposed: [] as string[] }));

vi.mock('electron', () => ({
  contextBridge: {
    executeInMainWorld: (script: { func: () => unknown }) => void calls.mainWorld.push(script),
    exposeInMainWorld: (key: string) => void calls.exposed.push(key),
  },
  ipcRenderer: { invoke: () => Promise.resolve({ ok: true, value: null }) },
}));

const g = globalThis as unknown as Record<string, unknown>;

describe('preload/index.ts', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'RTCPeerConnection', { value: class {}, configurable: true, writable: true });
  });
  afterEach(() => {
    delete g.RTCPeerConnection;
  });

  it('exposes only clinic, and removes WebRTC in the main world', async () => {
    await import('../../preload/index');
    expect(calls.exposed).toEqual(['clinic']);
    expect(calls.mainWorld).toHaveLength(1);
    // Run what Electron would run in the page, from its source (Electron serialises the function).
    const source = calls.mainWorld[0]!.func.toString();
    const removed = (new Function(`return (${source})`)() as () => string[])();
    expect(removed).toContain('RTCPeerConnection');
    expect('RTCPeerConnection' in globalThis).toBe(false);
  });
});
