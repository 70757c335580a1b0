// The main thread's side of the alignment worker: started on the first alignment, kept while
// alignments keep coming, ended after a minute without one (and never holding the process open).
// Jobs run one at a time in the worker; the main thread only decodes (libvips, off the event loop)
// and waits, so the core keeps answering the renderer while a pair is being registered.
import { Worker } from 'node:worker_threads';
import type { AlignAnswer, AlignJob } from './align-worker';
import type { GreyImage } from './register';

const IDLE_MS = 60_000;

/** Starts the worker thread: the built file beside the bundle, or the TypeScript source under tsx. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./align-worker.ts', here).href;
    // Worker entry points do not get the parent's loader hooks: register tsx inside the thread first.
    return new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); })`, { eval: true });
  }
  return new Worker(new URL('./align-worker.js', here));
}

export class AlignService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: AlignAnswer) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  /** Registers `to` onto `from` in the worker; the pixel buffers are transferred, not copied. */
  run(from: GreyImage, to: GreyImage): Promise<AlignAnswer> {
    const worker = this.ensure();
    const id = this.nextId++;
    const job: AlignJob = { id, from, to };
    return new Promise<AlignAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(job, [from.data.buffer as ArrayBuffer, to.data.buffer as ArrayBuffer]);
    });
  }

  /** Ends the worker now (the core closing); pending jobs fail. */
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
    worker.on('message', (answer: AlignAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      waiting?.resolve(answer);
      this.settle(worker);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`alignment worker exited (${code})`)));
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
