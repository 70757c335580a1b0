// The renderer has no network: the app's origin is served in-process and every other request is
// refused, and WebRTC, the one route beneath request interception, is closed too. A UDP and a TCP
// listener on 127.0.0.1 stand in for a STUN and a TURN server the page tries to reach.
import { exposedWebRtc, gatherCandidates, gatherFromIsolatedWorld, listen } from './support/egress';
import { expect, test } from './support/shell';

test('page code finds no WebRTC interface, in the app or in a frame it makes', async ({ app }) => {
  const { page } = app;
  const listeners = await listen();
  try {
    expect(await exposedWebRtc(page)).toEqual({ page: [], frame: [] });
    for (const ctorName of ['RTCPeerConnection', 'webkitRTCPeerConnection']) {
      for (const inFrame of [false, true]) {
        const outcome = await page.evaluate(gatherCandidates, { udpPort: listeners.udpPort, tcpPort: listeners.tcpPort, ctorName, inFrame });
        expect(outcome).toEqual({ gathered: 'no constructor', candidates: [] });
      }
    }
    expect({ udp: listeners.udpPackets(), tcp: listeners.tcpConnections() }).toEqual({ udp: 0, tcp: 0 });
  } finally {
    await listeners.close();
  }
});

test('a peer connection the bridge never saw still sends nothing: no STUN, no TURN, no host candidate', async ({ app }) => {
  const listeners = await listen();
  try {
    const outcome = await gatherFromIsolatedWorld(app.page, listeners);
    expect(outcome.exception).toBeUndefined();
    // The constructor is there, so this is a real attempt; gathering completes with nothing found.
    expect(outcome.value).toEqual({ gathered: 'complete', candidates: [] });
    expect({ udp: listeners.udpPackets(), tcp: listeners.tcpConnections() }).toEqual({ udp: 0, tcp: 0 });
  } finally {
    await listeners.close();
  }
});

test('fetch, WebSocket, beacon and image requests to a local port reach nothing', async ({ app }) => {
  const { page } = app;
  const listeners = await listen();
  try {
    const outcome = await page.evaluate(async (port) => {
      const g = globalThis as unknown as {
        fetch(u: string): Promise<unknown>;
        WebSocket: new (u: string) => { onerror: (() => void) | null; onopen: (() => void) | null; close(): void };
        navigator: { sendBeacon(u: string, d: string): boolean };
        Image: new () => { src: string; onerror: (() => void) | null; onload: (() => void) | null };
      };
      const fetched = await g.fetch(`http://127.0.0.1:${port}/`).then(
        () => 'reached',
        () => 'blocked',
      );
      const socket = await new Promise<string>((resolve) => {
        try {
          const ws = new g.WebSocket(`ws://127.0.0.1:${port}/`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('blocked');
        } catch {
          resolve('blocked');
        }
      });
      const beacon = g.navigator.sendBeacon(`http://127.0.0.1:${port}/`, 'x') ? 'queued' : 'refused';
      const image = await new Promise<string>((resolve) => {
        const img = new g.Image();
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('blocked');
        img.src = `http://127.0.0.1:${port}/x.png`;
      });
      return { fetched, socket, beacon, image };
    }, listeners.tcpPort);
    expect(outcome).toMatchObject({ fetched: 'blocked', socket: 'blocked', image: 'blocked' });
    expect(listeners.tcpConnections()).toBe(0);
  } finally {
    await listeners.close();
  }
});
