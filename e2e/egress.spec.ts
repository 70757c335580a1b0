// The renderer has no network: the app's origin is served in-process and every other request is
// refused, and WebRTC, the one route that bypasses request interception, is closed too. A UDP and a
// TCP listener on 127.0.0.1 stand in for a STUN and a TURN server the page tries to reach.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { expect, test } from './support/shell';

interface Listeners {
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly udpPackets: () => number;
  readonly tcpConnections: () => number;
  close(): Promise<void>;
}

async function listen(): Promise<Listeners> {
  let udpPackets = 0;
  let tcpConnections = 0;
  const udp: Socket = createSocket('udp4');
  udp.on('message', () => udpPackets++);
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const tcp: Server = createServer((socket) => {
    tcpConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const tcpAddress = tcp.address();
  return {
    udpPort: udp.address().port,
    tcpPort: typeof tcpAddress === 'object' && tcpAddress ? tcpAddress.port : 0,
    udpPackets: () => udpPackets,
    tcpConnections: () => tcpConnections,
    async close() {
      udp.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

/** A peer connection offering a data channel, with the listeners as its STUN and TURN servers. */
function gatherCandidates(ports: { udpPort: number; tcpPort: number; ctorName: string; inFrame: boolean }): Promise<{ gathered: string; candidates: string[] }> {
  type Pc = {
    createDataChannel(l: string): unknown;
    createOffer(): Promise<unknown>;
    setLocalDescription(d: unknown): Promise<void>;
    iceGatheringState: string;
    onicegatheringstatechange: (() => void) | null;
    onicecandidate: ((e: { candidate: { candidate: string } | null }) => void) | null;
    close(): void;
  };
  type Doc = { createElement(tag: string): { contentWindow: Record<string, unknown> | null }; body: { appendChild(n: unknown): void } };
  let scope = globalThis as unknown as Record<string, unknown>;
  if (ports.inFrame) {
    // A fresh same-origin frame has a global object of its own.
    const frame = (scope.document as Doc).createElement('iframe');
    (scope.document as Doc).body.appendChild(frame);
    scope = frame.contentWindow ?? {};
  }
  const Ctor = scope[ports.ctorName] as (new (config: unknown) => Pc) | undefined;
  if (typeof Ctor !== 'function') return Promise.resolve({ gathered: 'no constructor', candidates: [] });
  const pc = new Ctor({ iceServers: [{ urls: `stun:127.0.0.1:${ports.udpPort}` }, { urls: `turn:127.0.0.1:${ports.tcpPort}?transport=tcp`, username: 'u', credential: 'p' }] });
  const candidates: string[] = [];
  pc.onicecandidate = (e) => {
    if (e.candidate) candidates.push(e.candidate.candidate);
  };
  pc.createDataChannel('probe');
  // Gathering ends with 'complete' once every server has answered or been given up on; the cap
  // only bounds a run in which packets do leave (the listeners never answer).
  const done = new Promise<string>((resolve) => {
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') resolve('complete');
    };
    setTimeout(() => resolve('still gathering'), 15_000);
  });
  return pc
    .createOffer()
    .then((offer) => pc.setLocalDescription(offer))
    .then(() => done)
    .then((gathered) => {
      pc.close();
      return { gathered, candidates };
    });
}

test('page code finds no WebRTC interface, in the app or in a frame it makes', async ({ app }) => {
  const { page } = app;
  const listeners = await listen();
  try {
    const exposed = await page.evaluate(() => {
      const names = (g: object) => Object.getOwnPropertyNames(g).filter((n) => /^(?:webkit)?RTC[A-Z]/.test(n));
      type Doc = { createElement(tag: string): { contentWindow: object | null }; body: { appendChild(n: unknown): void } };
      const doc = (globalThis as unknown as { document: Doc }).document;
      const frame = doc.createElement('iframe');
      doc.body.appendChild(frame);
      return { page: names(globalThis), frame: names(frame.contentWindow ?? {}) };
    });
    expect(exposed).toEqual({ page: [], frame: [] });
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
  const { page } = app;
  const listeners = await listen();
  try {
    // An isolated world has WebRTC interfaces of its own that no page script could remove: what
    // holds there is the browser's own policy, the same for every frame of the shell.
    const cdp = await page.context().newCDPSession(page);
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'egress-probe' })) as { executionContextId: number };
    const args = JSON.stringify({ udpPort: listeners.udpPort, tcpPort: listeners.tcpPort, ctorName: 'RTCPeerConnection', inFrame: false });
    const evaluated = (await cdp.send('Runtime.evaluate', {
      expression: `(${gatherCandidates.toString()})(${args})`,
      contextId: executionContextId,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: { gathered: string; candidates: string[] } }; exceptionDetails?: unknown };
    expect(evaluated.exceptionDetails).toBeUndefined();
    // The constructor is there, so this is a real attempt; gathering completes with nothing found.
    expect(evaluated.result.value).toEqual({ gathered: 'complete', candidates: [] });
    expect({ udp: listeners.udpPackets(), tcp: listeners.tcpConnections() }).toEqual({ udp: 0, tcp: 0 });
    await cdp.detach();
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
