// Colour-checker detection as a use-case (issue 10, "Colour"; docs/compare.md): the photo decoded
// in the core (upright, colour, working size, in memory only), searched in a worker thread of its
// own (started on first use, ended after a minute idle, never holding the process open), and the
// answer given in the photo's full-resolution upright pixels. Nothing is stored; the audit record
// says found or not, with the confidence, and names no colour.
import { Worker } from 'node:worker_threads';
import type { CheckerDetection } from '../../../shared/channels/compare';
import { CoreError } from '../../../shared/errors';
import { getBlobRecord } from '../blobs/blob-rows';
import { getPhotoRow } from '../photos/photos';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { toFullResolution, type Point } from './checker-geometry';
import type { RgbPixels } from './checker-quads';
import type { CheckerAnswer, CheckerJob } from './checker-worker';
import { decodeRgb } from './decode';

/** Longest side searched: a patch of a chart a tenth of the photo wide is still ~20 pixels. */
export const CHECKER_WORKING_SIDE = 1600;
const IDLE_MS = 60_000;

/** Starts the worker thread: the built file beside the bundle, or the TypeScript source under tsx. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./checker-worker.ts', here).href;
    // Worker entry points do not get the parent's loader hooks: register tsx inside the thread first.
    return new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); })`, { eval: true });
  }
  return new Worker(new URL('./checker-worker.js', here));
}

/** The main thread's side of the checker worker: one job at a time, pixels transferred, not copied. */
export class CheckerWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: CheckerAnswer) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  run(image: RgbPixels): Promise<CheckerAnswer> {
    const worker = this.ensure();
    const id = this.nextId++;
    const job: CheckerJob = { id, image: { data: image.data, width: image.width, height: image.height } };
    return new Promise<CheckerAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(job, [image.data.buffer as ArrayBuffer]);
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
    worker.on('message', (answer: CheckerAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      waiting?.resolve(answer);
      if (this.pending.size > 0) return;
      // Idle: no longer holding the process open, and ended after a while.
      worker.unref();
      this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS);
      this.idleTimer.unref();
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`checker worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}

export async function detectCheckerIn(s: CoreServices, worker: CheckerWorker, ctx: CallContext, req: { photoId: string }): Promise<CheckerDetection> {
  const userId = s.actor(ctx).user.id;
  const { db, blobs } = s.workspace();
  const row = getPhotoRow(db, req.photoId);
  s.requirePatientAccess(ctx, row.patient_id, 'photos');
  const image = await decodeRgb(await blobs.read(getBlobRecord(db, row.original_blob_id)), CHECKER_WORKING_SIDE);
  const { scaleX, scaleY } = image;
  const answer = await worker.run(image);
  if (!answer.ok) {
    s.log.error('compare.detectChecker.failed', new Error(answer.failed));
    throw new CoreError('INTERNAL', 'Colour checker detection failed.');
  }
  const d = answer.detection;
  const audit = (detail: string) => s.audit({ userId, action: 'compare.colour', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail });
  if (!d.found) {
    audit(`detect=not-found;reason=${d.reason};confidence=${d.confidence.toFixed(2)}`);
    return { found: false, photoId: row.id, reason: d.reason, confidence: d.confidence };
  }
  audit(`detect=found;confidence=${d.confidence.toFixed(2)};squares=${d.squares};mismatched=${d.mismatched.length}`);
  const full = (p: Point) => toFullResolution(p, scaleX, scaleY);
  return {
    found: true,
    photoId: row.id,
    corners: [full(d.corners[0]), full(d.corners[1]), full(d.corners[2]), full(d.corners[3])],
    patches: d.patches.map((p) => [p[0], p[1], p[2]]),
    confidence: d.confidence,
    orientation: { rotationDeg: d.orientation.rotationDeg, mirrored: d.orientation.mirrored },
    squares: d.squares,
    fitDeltaE: d.fitDeltaE,
    mismatched: [...d.mismatched],
  };
}
