// The main thread's side of the sync worker: starts it when a workspace opens, hands it the
// database key and blob KEKs over a MessagePort (copies, transferred so this side keeps none),
// wakes it when something was queued, and stops it (the worker wipes its keys) when the workspace
// closes. A database reopened under a new key (key rotation) gets a fresh worker.
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Logger } from '../support/log';
import type { Workspace } from '../workspace';
import { DATABASE_FILE } from '../workspace';
import type { RetryPolicy } from './drain';
import type { FromWorker, ToWorker, WorkerSettings } from './worker-thread';

export interface SyncServiceOptions {
  readonly log: Logger;
  readonly pollMs?: number;
  readonly concurrency?: number;
  readonly retry?: RetryPolicy;
}

/** Starts the worker thread: the built file beside the bundle, or the TypeScript source under tsx. */
function spawnWorker(settings: WorkerSettings): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./worker-thread.ts', here).href;
    // Worker entry points do not get the parent's loader hooks: register tsx inside the thread first.
    return new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); })`, { eval: true, workerData: settings });
  }
  return new Worker(new URL('./sync-worker.js', here), { workerData: settings });
}

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
  private listeners = new Set<(m: FromWorker) => void>();

  constructor(private readonly options: SyncServiceOptions) {}

  get running(): boolean {
    return this.worker !== null;
  }

  /** Runs `fn` for every message from the worker (tests wait on 'drained'). */
  onMessage(fn: (m: FromWorker) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts (or follows a reopened database); with no enabled target there is nothing to run. */
  start(ws: Workspace): void {
    if (this.worker && this.startedFor?.db === ws.db) return;
    if (!this.worker && ws.db.prepare('SELECT 1 FROM delivery_targets WHERE enabled = 1 LIMIT 1').get() === undefined) return;
    if (this.worker) void this.stop();
    const settings: WorkerSettings = {
      dataDir: ws.dataDir,
      databaseFile: path.join(ws.dataDir, DATABASE_FILE),
      pollMs: this.options.pollMs ?? 1_000,
      concurrency: this.options.concurrency ?? 4,
      ...(this.options.retry ? { retry: this.options.retry } : {}),
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

  /** Asks the worker to finish its current exchanges, close and wipe; waits for it to exit. */
  async stop(): Promise<void> {
    const worker = this.worker;
    const port = this.port;
    if (!worker || !port) return;
    const stopped = new Promise<void>((resolve) => port.on('message', (m: FromWorker) => m.type === 'stopped' && resolve()));
    port.postMessage({ type: 'stop' } satisfies ToWorker);
    // A worker stuck in a network call for longer than this is terminated; its row stays in_flight
    // and the next start sends it again (idempotent).
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
    await Promise.race([stopped, timeout]);
    await worker.terminate();
    await this.stopped;
  }
}
