// Egress probes shared by the browser-shell and Electron e2e tests: a UDP and a TCP listener on
// 127.0.0.1 standing in for a STUN and a TURN server, and a WebRTC candidate gathering that page
// code (or an isolated world) runs against them.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import type { Page } from '@playwright/test';

export interface Listeners {
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly udpPackets: () => number;
  readonly tcpConnections: () => number;
  close(): Promise<void>;
}

export async function listen(): Promise<Listeners> {
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
export function gatherCandidates(ports: { udpPort: number; tcpPort: number; ctorName: string; inFrame: boolean }): Promise<{ gathered: string; candidates: string[] }> {
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

/** Names of WebRTC interfaces visible to page code, in the page and in a fresh frame it makes. */
export function exposedWebRtc(page: Page): Promise<{ page: string[]; frame: string[] }> {
  return page.evaluate(() => {
    const names = (g: object) => Object.getOwnPropertyNames(g).filter((n) => /^(?:webkit)?RTC[A-Z]/.test(n));
    type Doc = { createElement(tag: string): { contentWindow: object | null }; body: { appendChild(n: unknown): void } };
    const doc = (globalThis as unknown as { document: Doc }).document;
    const frame = doc.createElement('iframe');
    doc.body.appendChild(frame);
    return { page: names(globalThis), frame: names(frame.contentWindow ?? {}) };
  });
}

/**
 * Gathers candidates from an isolated world of the page's main frame: its WebRTC interfaces are
 * its own, which no page script could remove, so only the browser's policy stands between it and
 * the listeners.
 */
export async function gatherFromIsolatedWorld(page: Page, listeners: Listeners): Promise<{ value?: { gathered: string; candidates: string[] }; exception?: unknown }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'egress-probe' })) as { executionContextId: number };
    const args = JSON.stringify({ udpPort: listeners.udpPort, tcpPort: listeners.tcpPort, ctorName: 'RTCPeerConnection', inFrame: false });
    const evaluated = (await cdp.send('Runtime.evaluate', {
      expression: `(${gatherCandidates.toString()})(${args})`,
      contextId: executionContextId,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: { gathered: string; candidates: string[] } }; exceptionDetails?: unknown };
    return { value: evaluated.result.value, exception: evaluated.exceptionDetails };
  } finally {
    await cdp.detach();
  }
}
