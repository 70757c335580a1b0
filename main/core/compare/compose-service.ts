// The core's side of the compose worker (compose-worker.ts), which draws the panels of an exported
// comparison off the core's thread: started on the first export, kept while exports keep coming,
// ended after a minute without one and never holding the process open, as the alignment worker is
// (align-service.ts). Panels are drawn one at a time in the worker; the core's thread only hands
// over the decoded pixels (moved into the worker, see `movable`) and waits, so every window keeps
// being answered while a comparison is drawn.
import threads, { Worker } from 'node:worker_threads';
import type { ComposeAnswer, ComposeJob } from './compose-worker';
import type { PanelJob, PanelLayer } from './panel-warp';

const IDLE_MS = 60_000;

/** Starts the worker thread: the built file beside the bundle, or the TypeScript source under tsx. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./compose-worker.ts', here).href;
    // Worker entry points do not get the parent's loader hooks: register tsx inside the thread first.
    return new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); })`, { eval: true });
  }
  return new Worker(new URL('./compose-worker.js', here));
}

/** Node ≥ 21 says which buffers it refuses to move (Electron's is; the Node 20 the tests run on has no such call). */
const isMarkedAsUntransferable = (threads as { isMarkedAsUntransferable?: (o: object) => boolean }).isMarkedAsUntransferable;

/** A copy is made this many bytes at a time, the event loop turning between slices. */
const COPY_SLICE = 4 * 1024 * 1024;

/**
 * The pixels in memory that can be moved to the worker. In Electron sharp hands back ordinary
 * memory, which is moved as it is (no copy). Elsewhere its output is memory freed by the addon,
 * which Node will not move (on Node 20 it would silently be cloned through the message, twice);
 * that is copied once, a slice at a time, so copying 30 MB does not block the thread either.
 */
async function movable(data: Uint8Array): Promise<Uint8Array> {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  if (whole && isMarkedAsUntransferable && !isMarkedAsUntransferable(data.buffer)) return data;
  const own = new Uint8Array(data.byteLength);
  for (let at = 0; at < data.byteLength; at += COPY_SLICE) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    own.set(data.subarray(at, at + COPY_SLICE), at);
  }
  return own;
}

export class ComposeService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (pixels: Buffer) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  /**
   * Draws a panel in the worker: its RGB pixels, `width`×`height`×3, as a Buffer over the memory
   * moved back. The layers' pixels are moved to the worker: the caller must not use them after.
   */
  async draw(panel: PanelJob): Promise<Buffer> {
    const layers: PanelLayer[] = [];
    for (const layer of panel.layers) layers.push({ ...layer, src: { ...layer.src, data: await movable(layer.src.data) } });
    const worker = this.ensure();
    const id = this.nextId++;
    const job: ComposeJob = { id, panel: { ...panel, layers } };
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      try {
        worker.postMessage(job, [...new Set(layers.map((l) => l.src.data.buffer as ArrayBuffer))]);
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
        this.settle(worker);
      }
    });
  }

  /** Whether a panel is being drawn (posted to the worker and not yet answered). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Ends the worker now; pending panels fail. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (worker) await worker.terminate();
  }

  private ensure(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    worker.on('message', (answer: ComposeAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.ok) waiting?.resolve(Buffer.from(answer.pixels.buffer, answer.pixels.byteOffset, answer.pixels.byteLength));
      else waiting?.reject(new Error(`the comparison panel could not be drawn (${answer.failed})`));
      this.settle(worker);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`compose worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  /** With nothing pending the worker no longer holds the process open, and ends when idle. */
  private settle(worker: Worker): void {
    if (this.pending.size > 0) return;
    worker.unref();
    this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS);
    this.idleTimer.unref();
  }
}

/** The one compose worker of this process: every core and export shares it (one panel at a time). */
export const composer = new ComposeService();
