// The main thread's side of the WAL checkpointer (checkpoint-thread.ts): started with the
// workspace's connection, it hands the thread a copy of the database key over a MessagePort
// (transferred, so this side keeps none) and stops it (closing its connection) before a key
// rotation or when the workspace closes. If the thread is gone or stuck, the core's own connection
// still checkpoints past FALLBACK_CHECKPOINT_PAGES (open.ts): the log never grows without bound.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Logger } from '../support/log';
import type { Db } from './open';
import type { CheckpointSettings, FromCheckpointer, ToCheckpointer } from './checkpoint-thread';
import { startWorker } from '../support/worker-host';

/** How often the thread copies the log back: a second's commits are a few hundred kB at most. */
export const CHECKPOINT_EVERY_MS = 1_000;
/** A thread that has not reported `stopped` by then is terminated (its connection closes with it). */
const STOP_TIMEOUT_MS = 5_000;

/** The built file beside the bundle, or the TypeScript source under tsx (support/worker-host.ts). */
const spawnThread = (settings: CheckpointSettings): Worker => startWorker(import.meta.url, 'checkpoint-thread', { workerData: settings }, 'checkpoint-worker');

export class Checkpointer {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  /** The connection it runs (or is about to run) for. */
  private startedFor: Db | null = null;
  /** Started, the thread not yet spawned: the timer and the key copy it will transfer. */
  private pending: { timer: NodeJS.Timeout; key: ArrayBuffer } | null = null;
  private stopping: Promise<void> | null = null;
  private listeners = new Set<(m: FromCheckpointer) => void>();

  constructor(private readonly options: { readonly log: Logger; readonly everyMs?: number }) {}

  get running(): boolean {
    return this.worker !== null;
  }

  /** Runs `fn` for every message from the thread (tests wait on 'checkpointed'). */
  onMessage(fn: (m: FromCheckpointer) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Starts for `db` (the connection to `databaseFile`, opened with `databaseKey`); a new connection
   * (after a rotation) gets a new thread. The thread is started one period later: a CLI command
   * that is done by then has nothing to checkpoint that its close does not (closeDatabase), and
   * does not pay for starting a thread.
   */
  start(databaseFile: string, db: Db, databaseKey: Buffer): void {
    if (this.startedFor === db) return;
    if (this.startedFor) void this.stop();
    const everyMs = this.options.everyMs ?? CHECKPOINT_EVERY_MS;
    const key = new ArrayBuffer(databaseKey.length);
    new Uint8Array(key).set(databaseKey);
    const timer = setTimeout(() => {
      this.pending = null;
      this.spawn(databaseFile, everyMs, key);
    }, everyMs);
    // A process that is otherwise done does not wait for this.
    timer.unref();
    this.pending = { timer, key };
    this.startedFor = db;
  }

  private spawn(databaseFile: string, everyMs: number, key: ArrayBuffer): void {
    const worker = spawnThread({ databaseFile, everyMs });
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port2 }, [port2]);
    port1.postMessage({ type: 'start', databaseKey: key } satisfies ToCheckpointer, [key]);
    port1.on('message', (m: FromCheckpointer) => {
      if (m.type === 'error') this.options.log.error('db.checkpointer-error', { code: m.code });
      for (const fn of this.listeners) fn(m);
    });
    worker.on('error', (e) => this.options.log.error('db.checkpointer-crashed', e));
    worker.once('exit', () => {
      if (this.worker === worker) {
        this.worker = null;
        this.port = null;
        this.startedFor = null;
      }
    });
    this.worker = worker;
    this.port = port1;
  }

  /** Closes the thread's connection and waits for the thread to exit. Calls during a stop share it. */
  stop(): Promise<void> {
    if (this.pending) {
      clearTimeout(this.pending.timer);
      new Uint8Array(this.pending.key).fill(0);
      this.pending = null;
    }
    this.startedFor = null;
    const worker = this.worker;
    const port = this.port;
    if (!worker || !port) return this.stopping ?? Promise.resolve();
    this.worker = null;
    this.port = null;
    const run = async () => {
      const stopped = new Promise<void>((resolve) => port.on('message', (m: FromCheckpointer) => m.type === 'stopped' && resolve()));
      port.postMessage({ type: 'stop' } satisfies ToCheckpointer);
      let timer: NodeJS.Timeout | undefined;
      // A thread that stopped on its own (a failed start) has already said so, or exits.
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await Promise.race([stopped, exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
      clearTimeout(timer);
      await worker.terminate();
    };
    const done = run().finally(() => {
      if (this.stopping === done) this.stopping = null;
    });
    this.stopping = done;
    return done;
  }
}
