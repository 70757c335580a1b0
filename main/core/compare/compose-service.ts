// The core's side of the compose worker (compose-worker.ts), which draws an exported comparison
// off the core's thread, from the decrypted originals to the JPEG: started on the first export,
// kept while exports keep coming, ended after a minute without one and never holding the process
// open, as the alignment worker is (align-service.ts). Comparisons are drawn one at a time; the
// core's thread only moves the originals over and waits, so every window keeps being answered.
import threads, { Worker } from 'node:worker_threads';
import type { GridInput } from './comparison-grid';
import type { ComparisonInput } from './comparison-image';
import type { ComposeAnswer, ComposedImage, ComposeJob } from './compose-worker';

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

/** Node ≥ 21 says which memory it refuses to move (Node 20 has no such call, and clones it instead). */
const isMarkedAsUntransferable = (threads as { isMarkedAsUntransferable?: (o: object) => boolean }).isMarkedAsUntransferable;

/**
 * The bytes as a view that can be moved to the worker whole: themselves when they are all of their
 * memory (an original as the blob store decrypts it), else a copy of just them.
 */
function movable(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole && !isMarkedAsUntransferable?.(bytes.buffer) ? bytes : new Uint8Array(bytes);
}

export class ComposeService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (image: ComposedImage) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  /** Draws a comparison of two photos in the worker. The originals are moved there: do not use them after. */
  renderComparison(input: ComparisonInput): Promise<ComposedImage> {
    const first = movable(input.first);
    const second = movable(input.second);
    return this.run((id) => ({ id, kind: 'pair', input: { ...input, first, second } }), [first, second]);
  }

  /** Draws a grid of three or four photos in the worker. The originals are moved there: do not use them after. */
  renderGrid(input: GridInput): Promise<ComposedImage> {
    const photos = input.photos.map(movable);
    return this.run((id) => ({ id, kind: 'grid', input: { ...input, photos } }), photos);
  }

  private run(job: (id: number) => ComposeJob, moved: readonly Uint8Array[]): Promise<ComposedImage> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<ComposedImage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      try {
        worker.postMessage(job(id), [...new Set(moved.map((bytes) => bytes.buffer as ArrayBuffer))]);
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
        this.settle(worker);
      }
    });
  }

  /** Ends the worker now; pending comparisons fail. */
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
      if (answer.ok) waiting?.resolve(answer.image);
      else waiting?.reject(new Error(`the comparison could not be drawn: ${answer.failed}`));
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

/** The one compose worker of this process: every core and export shares it (one comparison at a time). */
export const composer = new ComposeService();
