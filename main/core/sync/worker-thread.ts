// The sync worker's thread: opens its own SQLCipher connection and blob store with keys that
// arrive over the control MessagePort (never argv, env or workerData), drains the outbox until
// told to stop, then closes the connection and wipes its copies of the keys. The main thread only
// starts, wakes and stops it (sync-service.ts); the network I/O and the DICOM/FHIR building run here.
// Its claims on outbox rows carry its name (`owner`) and a lease it renews every third of the lease
// while it works; told to stop, it lets the exchanges in progress finish for `stopGraceMs`, then
// cuts them, gives back every row it still holds, and only then reports `stopped`.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BlobStore, type BlobKek } from '../blobs/blob-store';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { BufferPool } from '../support/buffer-pool';
import { ConsentDrainer } from './consent-drain';
import { AnnotationDrainer } from '../annotations/annotation-drain';
import { Drainer, type RetryPolicy } from './drain';
import { expiredClaims, nextDueAt, releaseClaims, renewClaims, type Claimant } from './outbox-steps';
import { interopPayloads } from './payloads';

/** Photos up to this size are decrypted into reused buffers (two per lane: one on the wire, one being built; and a spare); larger ones get their own. */
const PHOTO_BUFFER_MAX_BYTES = 64 * 1024 * 1024;

export interface WorkerSettings {
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly pollMs: number;
  readonly concurrency: number;
  readonly retry?: RetryPolicy;
  /** This worker's name on the rows it claims: its process id and a random part. */
  readonly owner: string;
  readonly leaseMs: number;
  /** After a stop: how long the exchanges in progress may take before they are cut and their rows given back. */
  readonly stopGraceMs: number;
}

export type ToWorker =
  | { type: 'start'; databaseKey: ArrayBuffer; keks: Array<{ version: number; key: ArrayBuffer }>; currentKekVersion: number }
  | { type: 'kick' }
  | { type: 'stop' };

/** `expired`: rows in flight under claims that had ended when the worker started (it takes them over); `released`: rows given back at stop. */
export type FromWorker =
  | { type: 'started'; expired: number }
  | { type: 'drained'; touched: number }
  | { type: 'stopped'; released: number }
  | { type: 'error'; code: string };

/** Runs a worker on `port` (in a worker thread, or in a process's main thread for the multi-process tests). */
export function runSyncWorker(port: MessagePort, settings: WorkerSettings): void {
  let db: Db | null = null;
  let drainer: Drainer | null = null;
  let consents: ConsentDrainer | null = null;
  let annotations: AnnotationDrainer | null = null;
  const secrets: Buffer[] = [];
  let stopping = false;
  let wake: (() => void) | null = null;
  const timers: NodeJS.Timeout[] = [];
  const claimant: Claimant = { owner: settings.owner, leaseMs: settings.leaseMs };

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

  const report = (error: unknown, fallback: string) => port.postMessage({ type: 'error', code: (error as { code?: string }).code ?? fallback } satisfies FromWorker);

  const shutdown = () => {
    for (const t of timers) clearInterval(t);
    drainer?.close();
    let released = 0;
    if (db?.open) {
      // Whatever is still held (a step whose record failed) goes back now, not at its lease's end.
      try {
        released = releaseClaims(db, claimant.owner, new Date());
      } catch (error) {
        report(error, 'RELEASE_FAILED');
      }
    }
    if (db) closeDatabase(db);
    db = null;
    for (const s of secrets) s.fill(0);
    port.postMessage({ type: 'stopped', released } satisfies FromWorker);
    port.close();
  };

  const loop = async () => {
    while (!stopping && db && drainer) {
      let touched = 0;
      try {
        touched = await drainer.drainOnce();
        // The consents' FHIR copies (consent-drain.ts): few and small, after the photos' pass.
        if (!stopping && consents) touched += await consents.drainOnce();
        // Presentation states (annotations/annotation-drain.ts), each after its photo has arrived.
        if (!stopping && annotations) touched += await annotations.drainOnce();
      } catch (error) {
        report(error, 'DRAIN_FAILED');
      }
      if (touched > 0) port.postMessage({ type: 'drained', touched } satisfies FromWorker);
      if (stopping) break;
      let next: Date | null = null;
      try {
        next = db.open ? nextDueAt(db) : null;
      } catch (error) {
        report(error, 'DRAIN_FAILED');
      }
      const wait = next ? Math.max(0, Math.min(settings.pollMs, next.getTime() - Date.now())) : settings.pollMs;
      if (touched === 0 || wait > 0) await sleep(touched === 0 ? Math.max(wait, 25) : wait);
    }
    shutdown();
  };

  const renew = () => {
    if (!db?.open || !drainer) return;
    try {
      renewClaims(db, drainer.claimedIds(), claimant, new Date());
    } catch (error) {
      // A busy database past busy_timeout: the next renewal (a third of the lease later) tries again.
      report(error, 'RENEW_FAILED');
    }
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
        const pool = new BufferPool(2 * settings.concurrency + 1, PHOTO_BUFFER_MAX_BYTES);
        drainer = new Drainer({ db: () => opened, payloads: interopPayloads(opened, blobs, pool), concurrency: settings.concurrency, claimant, ...(settings.retry ? { retry: settings.retry } : {}) });
        consents = new ConsentDrainer({ db: () => opened, blobs, claimant, ...(settings.retry ? { retry: settings.retry } : {}) });
        annotations = new AnnotationDrainer({ db: () => opened, blobs, claimant, ...(settings.retry ? { retry: settings.retry } : {}) });
        timers.push(setInterval(renew, Math.max(10, Math.floor(settings.leaseMs / 3))));
        port.postMessage({ type: 'started', expired: expiredClaims(db, new Date()) } satisfies FromWorker);
        void loop();
      } catch (error) {
        report(error, 'START_FAILED');
        stopping = true;
        shutdown();
      }
    } else if (msg.type === 'kick') {
      wake?.();
    } else if (msg.type === 'stop' && !stopping) {
      stopping = true;
      drainer?.requestStop();
      if (!db) shutdown();
      else {
        const cut = drainer;
        timers.push(setTimeout(() => cut?.abort(), settings.stopGraceMs));
        wake?.();
      }
    }
  });
}

// In a worker thread, the control port is the first message; everything else arrives on it.
if (parentPort) parentPort.once('message', (msg: { port: MessagePort }) => runSyncWorker(msg.port, workerData as WorkerSettings));
