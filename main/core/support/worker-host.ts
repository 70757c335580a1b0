// One worker thread of the core's own, kept for a kind of job (colour-checker detection, drawing a
// comparison, ...): started on the first request, from the built file beside the bundle or through
// the tsx loader in development and tests; requests matched to answers by id, their pixels moved
// (transfer list) rather than copied; the worker holds the process open only while a request is
// pending, and is ended after a while without one (so its decoded pixels do not stay alive). A
// worker that exits or throws fails every request it still held with a clear CoreError, and the
// next request starts a new one. stop() ends it now (the core closing).
import { Worker, type Transferable, type WorkerOptions } from 'node:worker_threads';
import { CoreError } from '../../../shared/errors';

/** Every job and every answer names the request it belongs to. */
export interface Correlated {
  readonly id: number;
}

export interface WorkerHostOptions {
  /** What the worker does, for messages and logs ("colour-checker", "compose"): never PHI. */
  readonly name: string;
  /** `import.meta.url` of the module that owns the worker: the worker's file is beside it. */
  readonly base: string;
  /** The worker's file name without extension ("opencv-worker"): `.ts` beside a source, `.js` beside the bundle. */
  readonly file: string;
  /** How long the worker is kept without a request before it is ended (default a minute). */
  readonly idleMs?: number;
  readonly workerData?: unknown;
}

const DEFAULT_IDLE_MS = 60_000;

/** Workers started by any host of this process and not yet ended: what a closed core must leave at zero. */
const live = new Set<Worker>();

/** How many worker threads the hosts of this process have running now. */
export const liveWorkerCount = (): number => live.size;

/**
 * Starts `file` as a worker thread: the built `.js` (named `builtFile` when the bundle's entry is
 * named apart from its source) beside a built `base`, or the `.ts` source
 * beside a source `base` through tsx (a worker does not inherit the parent's loader hooks, so the
 * thread registers tsx before importing its entry).
 */
export function startWorker(base: string, file: string, options: Pick<WorkerOptions, 'workerData'> = {}, builtFile = file): Worker {
  if (base.endsWith('.ts')) {
    const source = new URL(`./${file}.ts`, base).href;
    return new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); })`, { ...options, eval: true });
  }
  return new Worker(new URL(`./${builtFile}.js`, base), options);
}

interface Waiting<A> {
  readonly resolve: (answer: A) => void;
  readonly reject: (error: Error) => void;
}

/** The core's side of one worker thread: `Job` goes in, `Answer` (with the same id) comes back. */
export class WorkerHost<Job extends Correlated, Answer extends Correlated> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Waiting<Answer>>();
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly idleMs: number;
  /** Terminations under way (a worker ended and not yet exited). */
  private readonly ending = new Set<Promise<void>>();

  constructor(private readonly options: WorkerHostOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.worker !== null;
  }

  /**
   * Sends the job made for a fresh id and resolves with the worker's answer to it. `transfer` is
   * moved to the worker (do not use it after); a job that cannot be posted is refused and nothing
   * stays pending.
   */
  request(job: (id: number) => Job, transfer: readonly Transferable[] = []): Promise<Answer> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      try {
        worker.postMessage(job(id), [...new Set(transfer)]);
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
        this.settle(worker);
      }
    });
  }

  /**
   * Ends the worker now; requests still pending fail with a CoreError. Resolves when every worker
   * this host ended has exited, including one a stop() not awaited (a sign-out) is still ending.
   */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.clearIdle();
    if (worker) {
      this.failPending(new CoreError('INTERNAL', `The ${this.options.name} worker was stopped before it answered.`));
      const ending = worker.terminate().then(() => {
        live.delete(worker);
        this.ending.delete(ending);
      });
      this.ending.add(ending);
    }
    await Promise.all(this.ending);
  }

  private ensure(): Worker {
    this.clearIdle();
    if (this.worker) return this.worker;
    const worker = startWorker(this.options.base, this.options.file, { workerData: this.options.workerData });
    live.add(worker);
    worker.on('message', (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      waiting?.resolve(answer);
      this.settle(worker);
    });
    // The worker's own error may name pixels or paths: it is not passed on, only that it failed.
    worker.on('error', () => this.lost(worker, 'failed'));
    worker.on('exit', () => {
      live.delete(worker);
      this.lost(worker, 'ended');
    });
    this.worker = worker;
    return worker;
  }

  /** The worker is gone: what it held fails, and the next request starts another. */
  private lost(worker: Worker, how: 'failed' | 'ended'): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.clearIdle();
    this.failPending(new CoreError('INTERNAL', `The ${this.options.name} worker ${how} before it answered; try again.`));
  }

  private failPending(error: CoreError): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(error);
  }

  /** With nothing pending the worker no longer holds the process open, and ends when idle. */
  private settle(worker: Worker): void {
    if (this.pending.size > 0 || this.worker !== worker) return;
    worker.unref();
    this.idleTimer = setTimeout(() => void this.stop(), this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
