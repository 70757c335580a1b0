// `npm run bench -- sync [--count N] [--runs R]`: delivers N camera-sized (6000×4000) photos to a
// real local Orthanc through nginx TLS (the peers in main/core/test-support/peers) and compares:
//   app       the photos, already captured into a workspace (not timed), queued for a new DICOMweb
//             target and drained by the app's sync worker: decrypt the sealed original, build the
//             DICOM, STOW-RS; then read every instance back with WADO-RS and compare SHA-256
//   baseline  a bare STOW-RS upload of the same DICOM files (the bytes the app stored, fetched back
//             from its Orthanc), over the same kind of keep-alive TLS agent and with the same
//             concurrency as the worker, with no app around it
// The ratio is upload throughput, as the issue defines it: baseline rate / the app's rate until
// the PACS holds every photo (STOW-RS accepted). The worker sends before it verifies, so the
// read-backs run behind the uploads; the line above the ratio gives the rate until every photo is
// verified too, against the baseline and against a bare STOW-RS + WADO-RS read-back (context).
// R rounds (default 5) alternate which path goes first, each against fresh Orthancs so that
// neither finds the other's instances stored; the medians are reported. The images are generated
// once into a temp folder, kept for the next run and never committed.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { CameraDriver } from '../main/core/capture/camera';
import type { CoreClient } from '../main/core/core';
import { createCore } from '../main/core/core';
import { FACE_FRONT } from '../main/core/standards/sample-context';
import { silentLogger } from '../main/core/support/log';
import {
  dicomJsonValues,
  multipartParts,
  peerRequest,
  startOrthanc,
  stowBody,
  stowOutcome,
  STOW_ACCEPT,
  WADO_ACCEPT,
  type DicomJson,
  type OrthancPeer,
} from '../main/core/test-support/peers';
import type { Result } from '../shared/result';
import { PHOTO_HEIGHT, PHOTO_WIDTH, cameraPhotos } from './camera-photos';
import { median } from './stats';

export const DEFAULT_SYNC_COUNT = 40;
const DEFAULT_ROUNDS = 5;
/** The sync worker's default (Drainer `concurrency`, TargetClient `maxSockets`): the baseline matches it. */
const APP_CONCURRENCY = 4;

export async function benchSync(options: { count?: number; rounds?: number }): Promise<void> {
  const count = options.count ?? DEFAULT_SYNC_COUNT;
  const rounds = Math.max(1, options.rounds ?? DEFAULT_ROUNDS);
  const photos = await cameraPhotos('sync', count, 2000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-sync-'));
  const app = await AppPath.capture(path.join(dir, 'data'), photos);
  try {
    const appRuns: AppRun[] = [];
    const baseMs: number[] = [];
    let files: Buffer[] | null = null;
    for (let round = 1; round <= rounds; round++) {
      // The app goes first in odd rounds; the first round must, to give the baseline its files.
      for (const which of round % 2 === 1 ? (['app', 'base'] as const) : (['base', 'app'] as const)) {
        await withOrthanc(dir, async (pacs) => {
          if (which === 'app') {
            const run = await app.deliver(pacs, round);
            appRuns.push(run);
            files ??= await storedFiles(pacs);
          } else {
            baseMs.push(await bareStow(files!, pacs, { readBack: false }));
            if ((await pacs.countInstances()) !== files!.length) throw new Error('baseline: Orthanc does not hold every instance');
          }
        });
      }
    }
    // Context, not the ratio: the same upload with the read-back and hash check, bare.
    const verifyMs = await withOrthanc(dir, (pacs) => bareStow(files!, pacs, { readBack: true }));
    const megabytes = files!.reduce((a, f) => a + f.length, 0) / 1e6;
    const rate = (ms: number) => (count * 1000) / ms;
    const base = rate(median(baseMs));
    const stored = rate(median(appRuns.map((r) => r.storedMs)));
    const verified = rate(median(appRuns.map((r) => r.verifiedMs)));
    const runs = (xs: number[]) => xs.map((ms) => rate(ms).toFixed(1)).join(', ');
    console.log(`sync: ${count} photos of ${PHOTO_WIDTH}×${PHOTO_HEIGHT} (${megabytes.toFixed(0)} MB of DICOM), ${rounds} rounds, ${APP_CONCURRENCY} in flight; photos/s`);
    console.log(`sync baseline, bare STOW-RS: ${base.toFixed(2)} photos/s, ${((megabytes * base) / count).toFixed(1)} MB/s (rounds: ${runs(baseMs)})`);
    console.log(`sync app, until all stored: ${stored.toFixed(2)} photos/s, ${((megabytes * stored) / count).toFixed(1)} MB/s (rounds: ${runs(appRuns.map((r) => r.storedMs))})`);
    console.log(`sync app, until all verified: ${verified.toFixed(2)} photos/s (rounds: ${runs(appRuns.map((r) => r.verifiedMs))})`);
    console.log(`sync context, bare STOW-RS + WADO-RS read-back + SHA-256: ${rate(verifyMs).toFixed(2)} photos/s`);
    console.log(`sync verified ratio ${(base / verified).toFixed(2)} (against bare STOW-RS + read-back: ${(rate(verifyMs) / verified).toFixed(2)})`);
    console.log(`sync ratio ${(base / stored).toFixed(2)}`);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function withOrthanc<T>(dir: string, fn: (pacs: OrthancPeer) => Promise<T>): Promise<T> {
  const pacs = await startOrthanc({ tmpDir: dir });
  try {
    return await fn(pacs);
  } finally {
    await pacs.stop();
  }
}

interface AppRun {
  readonly storedMs: number;
  readonly verifiedMs: number;
}

/** The app's path, through the public channels only, with one workspace for every round. */
class AppPath {
  private constructor(
    private readonly core: ReturnType<typeof createCore>,
    private readonly client: CoreClient,
    private readonly count: number,
  ) {}

  /** A clinic with the photos captured into one encounter (not timed). */
  static async capture(dataDir: string, photos: string[]): Promise<AppPath> {
    let nextFrame: Buffer | null = null;
    const camera: CameraDriver = { id: 'bench:0', label: 'Bench', kind: 'tethered', capture: async () => ({ bytes: nextFrame!, device: 'Bench camera' }) };
    const core = createCore({ dataDir, cameras: [camera], log: silentLogger });
    const client = core.connect();
    await value(client.api.setup.initialize({ clinicName: 'Bench Clinic', admin: { username: 'admin', displayName: 'Admin', password: 'bench password 123' } }), 'setup');
    const patient = await value<{ id: string }>(
      client.api.patients.register({ mrn: 'S1', familyName: 'Bench', givenName: 'Sync', birthDate: '1990-01-01', sex: 'U' }),
      'register',
    );
    const encounter = await value<{ id: string }>(client.api.encounters.start({ patientId: patient.id }), 'encounter');
    for (const file of photos) {
      nextFrame = await readFile(file);
      await value(client.api.capture.take({ encounterId: encounter.id, cameraId: 'bench:0', context: FACE_FRONT }), 'capture');
    }
    return new AppPath(core, client, photos.length);
  }

  /**
   * Adds a DICOMweb target (pinned CA) for this round's Orthanc and queues every photo for it;
   * timed from adding the target until the worker has stored, then verified, all of them.
   */
  async deliver(pacs: OrthancPeer, round: number): Promise<AppRun> {
    type Status = { counts: Record<'queued' | 'in_flight' | 'delivered' | 'verified' | 'failed', number>; lastError: string | null };
    const status = () => value<Status>(this.client.api.delivery.status({}), 'status');
    const before = (await status()).counts.verified;
    const t = performance.now();
    const input = { name: `Bench PACS ${round}`, kind: 'dicomweb' as const, baseUrl: pacs.dicomwebUrl, authKind: 'basic' as const, username: pacs.username, secret: pacs.password, pinnedCaPem: pacs.caPem };
    const target = await value<{ id: string }>(this.client.api.delivery.createTarget({ target: input }), 'createTarget');
    await value(this.client.api.delivery.backfill({ targetId: target.id }), 'backfill');
    const deadline = Date.now() + 60_000 + this.count * 30_000;
    let storedMs: number | null = null;
    for (;;) {
      const { counts, lastError } = await status();
      if (counts.failed > 0) throw new Error(`sync app: ${counts.failed} deliveries failed: ${lastError ?? 'no reason'}`);
      const verified = counts.verified - before;
      if (storedMs === null && counts.delivered + verified >= this.count) storedMs = performance.now() - t;
      if (verified >= this.count) break;
      if (Date.now() > deadline) throw new Error(`sync app: only ${verified} of ${this.count} verified before the deadline (is the sync worker running?)`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const verifiedMs = performance.now() - t;
    if ((await pacs.countInstances()) !== this.count) throw new Error('sync app: Orthanc does not hold exactly one instance per photo');
    // This round's PACS goes away with the round: the target must not keep the worker busy.
    await value(this.client.api.delivery.updateTarget({ targetId: target.id, target: { ...input, enabled: false } }), 'disable target');
    return { storedMs: storedMs ?? verifiedMs, verifiedMs };
  }

  close(): Promise<void> {
    return this.core.close();
  }
}

async function value<T>(r: Promise<Result<unknown>>, what: string): Promise<T> {
  const res = await r;
  if (!res.ok) throw new Error(`${what}: ${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

/** The DICOM files Orthanc holds, as stored (Orthanc keeps the received file byte for byte). */
async function storedFiles(pacs: OrthancPeer): Promise<Buffer[]> {
  const auth = { username: pacs.username, password: pacs.password };
  const ids = JSON.parse((await peerRequest(`${pacs.httpUrl}/instances`, { auth })).body.toString('utf8')) as string[];
  const files: Buffer[] = [];
  for (const id of ids) {
    const res = await peerRequest(`${pacs.httpUrl}/instances/${id}/file`, { auth });
    if (res.status !== 200) throw new Error(`Orthanc /instances/${id}/file: HTTP ${res.status}`);
    files.push(res.body);
  }
  return files;
}

/**
 * One STOW-RS request per file, APP_CONCURRENCY in flight over one keep-alive TLS agent; with
 * `readBack`, each file is then fetched with WADO-RS and its SHA-256 compared, as the worker verifies.
 * Returns the elapsed ms.
 */
async function bareStow(files: Buffer[], pacs: OrthancPeer, options: { readBack: boolean }): Promise<number> {
  const agent = new https.Agent({ keepAlive: true, maxSockets: APP_CONCURRENCY, ca: pacs.caPem });
  const auth = { username: pacs.username, password: pacs.password };
  try {
    let next = 0;
    const t = performance.now();
    const lane = async () => {
      for (let i = next++; i < files.length; i = next++) {
        const file = files[i]!;
        const { body, contentType } = stowBody([file]);
        const res = await peerRequest(`${pacs.dicomwebUrl}/studies`, { method: 'POST', headers: { 'content-type': contentType, accept: STOW_ACCEPT }, body, auth, agent });
        if (res.status !== 200 || stowOutcome(res.body).failed.length > 0) throw new Error(`baseline STOW-RS: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 200)}`);
        if (!options.readBack) continue;
        const instanceUrl = instanceRetrieveUrl(res.body, pacs);
        const held = await peerRequest(instanceUrl, { headers: { accept: WADO_ACCEPT }, auth, agent });
        const [part] = multipartParts(held.body, held.headers['content-type']);
        if (held.status !== 200 || !part || sha256(part) !== sha256(file)) throw new Error(`baseline WADO-RS read-back differs (HTTP ${held.status})`);
      }
    };
    await Promise.all(Array.from({ length: APP_CONCURRENCY }, lane));
    return performance.now() - t;
  } finally {
    agent.destroy();
  }
}

/** The instance's WADO-RS URL from a STOW-RS reply's RetrieveURL (00081190), rebased on the proxy URL. */
function instanceRetrieveUrl(reply: Buffer, pacs: OrthancPeer): string {
  const json = JSON.parse(reply.toString('utf8')) as DicomJson;
  const item = dicomJsonValues(json, '00081199')[0] as DicomJson | undefined;
  const retrieve = String(dicomJsonValues(item, '00081190')[0] ?? '');
  const at = retrieve.indexOf('/studies/');
  if (at < 0) throw new Error('baseline: the STOW-RS reply has no instance RetrieveURL');
  return `${pacs.dicomwebUrl}${retrieve.slice(at)}`;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
