// The main thread's side of the sync worker: starts it when a workspace opens, hands it the
// database key and blob KEKs over a MessagePort (copies, transferred so this side keeps none),
// wakes it when something was queued, and stops it (the worker wipes its keys) when the workspace
// closes. A database reopened under a new key (key rotation) gets a fresh worker. Stopping is
// bounded: the worker gets `stopGraceMs` to finish what is on the wire, then gives its rows back;
// one that still has not answered a few seconds later is terminated, and its claims expire.
// It also starts and stops the WAL checkpointer thread (db/checkpointer.ts) with the workspace.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { Checkpointer } from '../db/checkpointer';
import type { Logger } from '../support/log';
import type { Workspace } from '../workspace';
import { DATABASE_FILE } from '../workspace';
import type { RetryPolicy } from './drain';
import { DEFAULT_CLAIM_LEASE_MS } from './outbox-steps';
import type { FromWorker, ToWorker, WorkerSettings } from './worker-thread';
import { startWorker } from '../support/worker-host';

/** How long a stopping worker lets its exchanges in progress run before it cuts them and gives their rows back. */
export const DEFAULT_STOP_GRACE_MS = 5_000;
/** How long after its grace a worker that has not reported `stopped` is given before it is terminated. */
const STOP_MARGIN_MS = 5_000;

export interface SyncServiceOptions {
  readonly log: Logger;
  readonly pollMs?: number;
  readonly concurrency?: number;
  readonly retry?: RetryPolicy;
  /** How long a claim on an outbox row lasts unless renewed (DEFAULT_CLAIM_LEASE_MS, 30 s); tests use less. */
  readonly leaseMs?: number;
  /** DEFAULT_STOP_GRACE_MS (5 s); tests use less. */
  readonly stopGraceMs?: number;
  /** How often the WAL checkpointer runs (CHECKPOINT_EVERY_MS, 1 s); tests use less. */
  readonly checkpointMs?: number;
}

/** The built file beside the bundle, or the TypeScript source under tsx (support/worker-host.ts). */
const spawnWorker = (settings: WorkerSettings): Worker => startWorker(import.meta.url, 'worker-thread', { workerData: settings }, 'sync-worker');

const copyOut = (b: Buffer): ArrayBuffer => {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
};

export class SyncService {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private startedFor: { db: unknown } | null = null;
  private stopped: Promise<void> | null = null;
  private stopping: { worker: Worker; done: Promise<void> } | null = null;
  private listeners = new Set<(m: FromWorker) => void>();

  readonly checkpointer: Checkpointer;

  constructor(private readonly options: SyncServiceOptions) {
    this.checkpointer = new Checkpointer({ log: options.log, ...(options.checkpointMs ? { everyMs: options.checkpointMs } : {}) });
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Runs `fn` for every message from the worker (tests wait on 'drained'). */
  onMessage(fn: (m: FromWorker) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Starts (or follows a reopened database); with no enabled target there is no sync worker to
   * run. The WAL checkpointer (db/checkpointer.ts) runs whenever the database is open: it too holds
   * its own connection, which a key rotation must have stopped, so it shares this start and stop.
   */
  start(ws: Workspace): void {
    this.checkpointer.start(path.join(ws.dataDir, DATABASE_FILE), ws.db, ws.keys.databaseKey);
    if (this.worker && this.startedFor?.db === ws.db) return;
    if (!this.worker && ws.db.prepare('SELECT 1 FROM delivery_targets WHERE enabled = 1 LIMIT 1').get() === undefined) return;
    if (this.worker) void this.stop();
    const settings: WorkerSettings = {
      dataDir: ws.dataDir,
      databaseFile: path.join(ws.dataDir, DATABASE_FILE),
      pollMs: this.options.pollMs ?? 1_000,
      concurrency: this.options.concurrency ?? 4,
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      owner: `${process.pid}-${randomBytes(4).toString('hex')}`,
      leaseMs: this.options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      stopGraceMs: this.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
    };
    const worker = spawnWorker(settings);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port2 }, [port2]);
    const keys = ws.keys;
    const keks = [keys.blobKek, ...(keys.previous ? [keys.previous.blobKek] : [])];
    const databaseKey = copyOut(keys.databaseKey);
    const kekCopies = keks.map((k) => ({ version: k.version, key: copyOut(k.key) }));
    const start: ToWorker = { type: 'start', databaseKey, keks: kekCopies, currentKekVersion: keys.blobKek.version };
    port1.postMessage(start, [databaseKey, ...kekCopies.map((k) => k.key)]);
    port1.on('message', (m: FromWorker) => {
      if (m.type === 'error') this.options.log.error('sync.worker-error', { code: m.code });
      for (const fn of this.listeners) fn(m);
    });
    worker.on('error', (e) => this.options.log.error('sync.worker-crashed', e));
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.worker = worker;
    this.port = port1;
    this.startedFor = { db: ws.db };
    this.stopped = exited.then(() => {
      if (this.worker === worker) {
        this.worker = null;
        this.port = null;
        this.startedFor = null;
      }
    });
  }

  /** Wakes the worker now instead of at its next poll (something was just queued). */
  kick(): void {
    this.port?.postMessage({ type: 'kick' } satisfies ToWorker);
  }

  /**
   * Asks the worker to finish its current exchanges (or, after the grace period, cut them and give
   * their rows back), close and wipe; waits for it to exit. Calls during a stop share it.
   */
  stop(): Promise<void> {
    return Promise.all([this.stopSync(), this.checkpointer.stop()]).then(() => undefined);
  }

  private stopSync(): Promise<void> {
    const worker = this.worker;
    const port = this.port;
    if (!worker || !port) return this.stopping?.done ?? Promise.resolve();
    if (this.stopping?.worker === worker) return this.stopping.done;
    const run = async () => {
      const stopped = new Promise<void>((resolve) => port.on('message', (m: FromWorker) => m.type === 'stopped' && resolve()));
      port.postMessage({ type: 'stop' } satisfies ToWorker);
      // A worker that does not answer even after its grace (its thread is stuck) is terminated; the
      // claims it held expire at the end of their lease and another worker takes them over.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, (this.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS) + STOP_MARGIN_MS)));
      await Promise.race([stopped, timeout]);
      clearTimeout(timer);
      await worker.terminate();
      await this.stopped;
    };
    const done = run().finally(() => {
      if (this.stopping?.worker === worker) this.stopping = null;
    });
    this.stopping = { worker, done };
    return done;
  }
}
