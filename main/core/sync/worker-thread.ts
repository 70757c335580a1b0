// The sync worker's thread: opens its own SQLCipher connection and blob store with keys that
// arrive over the control MessagePort (never argv, env or workerData), drains the outbox until
// told to stop, then closes the connection and wipes its copies of the keys. The main thread only
// starts, wakes and stops it (sync-service.ts); the network I/O and the DICOM/FHIR building run here.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BlobStore, type BlobKek } from '../blobs/blob-store';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { BufferPool } from '../support/buffer-pool';
import { Drainer, type RetryPolicy } from './drain';
import { recoverInFlight, nextDueAt } from './outbox';
import { interopPayloads } from './payloads';

/** Photos up to this size are decrypted into reused buffers (two per lane: one on the wire, one being built; and a spare); larger ones get their own. */
const PHOTO_BUFFER_MAX_BYTES = 64 * 1024 * 1024;

export interface WorkerSettings {
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly pollMs: number;
  readonly concurrency: number;
  readonly retry?: RetryPolicy;
}

export type ToWorker =
  | { type: 'start'; databaseKey: ArrayBuffer; keks: Array<{ version: number; key: ArrayBuffer }>; currentKekVersion: number }
  | { type: 'kick' }
  | { type: 'stop' };

export type FromWorker = { type: 'started'; recovered: number } | { type: 'drained'; touched: number } | { type: 'stopped' } | { type: 'error'; code: string };

const settings = workerData as WorkerSettings;

function run(port: MessagePort): void {
  let db: Db | null = null;
  let drainer: Drainer | null = null;
  const secrets: Buffer[] = [];
  let stopping = false;
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const shutdown = () => {
    drainer?.close();
    if (db) closeDatabase(db);
    db = null;
    for (const s of secrets) s.fill(0);
    port.postMessage({ type: 'stopped' } satisfies FromWorker);
    port.close();
  };

  const loop = async () => {
    while (!stopping && db && drainer) {
      let touched = 0;
      try {
        touched = await drainer.drainOnce();
      } catch (error) {
        port.postMessage({ type: 'error', code: (error as { code?: string }).code ?? 'DRAIN_FAILED' } satisfies FromWorker);
      }
      if (touched > 0) port.postMessage({ type: 'drained', touched } satisfies FromWorker);
      if (stopping) break;
      const next = db.open ? nextDueAt(db) : null;
      const wait = next ? Math.max(0, Math.min(settings.pollMs, next.getTime() - Date.now())) : settings.pollMs;
      if (touched === 0 || wait > 0) await sleep(touched === 0 ? Math.max(wait, 25) : wait);
    }
    shutdown();
  };

  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'start' && !db) {
      const databaseKey = Buffer.from(msg.databaseKey);
      const keks = new Map<number, BlobKek>(msg.keks.map((k) => [k.version, { version: k.version, key: Buffer.from(k.key) }]));
      secrets.push(databaseKey, ...[...keks.values()].map((k) => k.key));
      try {
        db = openDatabase(settings.databaseFile, databaseKey, { durability: 'repeatable-steps' });
        const current = keks.get(msg.currentKekVersion);
        if (!current) throw Object.assign(new Error('no current KEK'), { code: 'KEK_MISSING' });
        const blobs = new BlobStore(settings.dataDir, keks, current);
        const opened = db;
        drainer = new Drainer({ db: () => opened, payloads: interopPayloads(opened, blobs, new BufferPool(2 * settings.concurrency + 1, PHOTO_BUFFER_MAX_BYTES)), concurrency: settings.concurrency, ...(settings.retry ? { retry: settings.retry } : {}) });
        const recovered = recoverInFlight(db, new Date());
        port.postMessage({ type: 'started', recovered } satisfies FromWorker);
        void loop();
      } catch (error) {
        port.postMessage({ type: 'error', code: (error as { code?: string }).code ?? 'START_FAILED' } satisfies FromWorker);
        stopping = true;
        shutdown();
      }
    } else if (msg.type === 'kick') {
      wake?.();
    } else if (msg.type === 'stop') {
      stopping = true;
      drainer?.requestStop();
      if (!db) shutdown();
      else wake?.();
    }
  });
}

// The control port is the first message; everything else arrives on it.
parentPort?.once('message', (msg: { port: MessagePort }) => run(msg.port));
