// `npm run bench -- sync [--count N]`: delivers N camera-sized (6000×4000) photos to a real local
// Orthanc through nginx TLS (the peers in main/core/test-support/peers) and compares two paths:
//   app       the photos, already captured into a workspace, queued for a DICOMweb target and
//             drained by the app's sync worker (build the DICOM from the sealed photo, STOW-RS,
//             read back and compare the hash), timed from adding the target to the last verified row
//   baseline  a bare STOW-RS upload of the same DICOM files (the bytes the app stored, fetched back
//             from its Orthanc) to a fresh Orthanc, over the same kind of keep-alive TLS agent and
//             with the same concurrency as the app's worker, with no app around it
// Each path gets its own fresh Orthanc, so neither finds the other's instances already stored. A
// third line (context, not in the ratio) adds the WADO-RS read-back and hash check to the bare upload.
// The images are generated once into a temp folder, kept for the next run and never committed.
// The output gives photos/s and MB/s for both paths. The last line is `sync ratio <x>`
// (baseline rate / app rate). The app rate counts a photo only once its delivery is verified.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { CameraDriver } from '../main/core/capture/camera';
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
  wrapJpegAsDicom,
  type DicomJson,
  type OrthancPeer,
} from '../main/core/test-support/peers';
import type { Result } from '../shared/result';
import { PHOTO_HEIGHT, PHOTO_WIDTH, cameraPhotos } from './camera-photos';

export const DEFAULT_SYNC_COUNT = 20;
/** The sync worker's default (Drainer `concurrency`, TargetClient `maxSockets`): the baseline matches it. */
const APP_CONCURRENCY = 4;

export async function benchSync(options: { count?: number }): Promise<void> {
  const count = options.count ?? DEFAULT_SYNC_COUNT;
  const photos = await cameraPhotos('sync', count, 2000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-sync-'));
  const peers: OrthancPeer[] = [];
  try {
    const startedAt = performance.now();
    const appPacs = await startOrthanc({ tmpDir: dir });
    peers.push(appPacs);
    const basePacs = await startOrthanc({ tmpDir: dir });
    peers.push(basePacs);
    const verifyPacs = await startOrthanc({ tmpDir: dir });
    peers.push(verifyPacs);
    console.log(`sync: ${count} photos of ${PHOTO_WIDTH}×${PHOTO_HEIGHT}, Orthanc + nginx TLS ×3 ready in ${(performance.now() - startedAt).toFixed(0)} ms`);

    const app = await deliverThroughApp(dir, photos, appPacs).catch((error: unknown) => {
      if (!(error instanceof AppPathUnavailable)) throw error;
      return error;
    });
    // With the app's path missing, the baseline still runs on img2dcm-wrapped copies so its
    // numbers are visible; the bench then fails rather than print a ratio it did not measure.
    const files = app instanceof AppPathUnavailable ? await wrapWithImg2dcm(photos) : app.files;
    const megabytes = files.reduce((a, f) => a + f.length, 0) / 1e6;
    const baseMs = await bareStow(files, basePacs, { readBack: false });
    if ((await basePacs.countInstances()) !== files.length) throw new Error('baseline: Orthanc does not hold every instance');
    const baseRate = (files.length * 1000) / baseMs;
    console.log(`sync baseline (bare STOW-RS, ${APP_CONCURRENCY} in flight): ${baseRate.toFixed(2)} photos/s, ${((megabytes * 1000) / baseMs).toFixed(1)} MB/s (${megabytes.toFixed(0)} MB)`);
    // Context, not the ratio: how much of the app's time the read-back verification alone explains.
    const verifyMs = await bareStow(files, verifyPacs, { readBack: true });
    console.log(`sync bare STOW-RS + WADO-RS read-back + SHA-256 (context): ${((files.length * 1000) / verifyMs).toFixed(2)} photos/s`);
    if (app instanceof AppPathUnavailable) {
      console.error(`sync app: NOT MEASURED: ${app.message}`);
      process.exitCode = 1;
      return;
    }
    const appRate = (count * 1000) / app.ms;
    console.log(`sync app, all stored (STOW-RS accepted): ${((count * 1000) / app.storedMs).toFixed(2)} photos/s`);
    console.log(`sync app, all verified (worker: build + STOW-RS + read-back verify): ${appRate.toFixed(2)} photos/s, ${((megabytes * 1000) / app.ms).toFixed(1)} MB/s`);
    console.log(`sync ratio ${(baseRate / appRate).toFixed(2)}`);
  } finally {
    await Promise.all(peers.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

class AppPathUnavailable extends Error {}

/**
 * The app's path, through the public channels only: capture the photos (not timed), add the
 * DICOMweb target with the pinned CA, queue every photo for it and time the worker until the
 * last delivery is verified. Returns the DICOM files the app stored, fetched back from Orthanc.
 */
async function deliverThroughApp(dir: string, photos: string[], pacs: OrthancPeer): Promise<{ ms: number; storedMs: number; files: Buffer[] }> {
  let nextFrame: Buffer | null = null;
  const camera: CameraDriver = { id: 'bench:0', label: 'Bench', kind: 'tethered', capture: async () => ({ bytes: nextFrame!, device: 'Bench camera' }) };
  const core = createCore({ dataDir: path.join(dir, 'data'), cameras: [camera], log: silentLogger });
  const client = core.connect();
  const value = async <T>(r: Promise<Result<unknown>>, what: string) => {
    const res = await r;
    if (!res.ok) {
      if (res.error.code === 'UNKNOWN_CHANNEL') throw new AppPathUnavailable(`${what}: the channel does not exist yet (${res.error.message})`);
      throw new Error(`${what}: ${res.error.code}: ${res.error.message}`);
    }
    return res.value as T;
  };
  try {
    await value(client.invoke('setup.initialize', { clinicName: 'Bench Clinic', admin: { username: 'admin', displayName: 'Admin', password: 'bench password 123' } }), 'setup');
    const patient = await value<{ id: string }>(
      client.invoke('patients.register', { mrn: 'S1', familyName: 'Bench', givenName: 'Sync', birthDate: '1990-01-01', sex: 'U' }),
      'register',
    );
    const encounter = await value<{ id: string }>(client.invoke('encounters.start', { patientId: patient.id }), 'encounter');
    for (const file of photos) {
      nextFrame = await readFile(file);
      await value(client.invoke('capture.take', { encounterId: encounter.id, cameraId: 'bench:0', context: FACE_FRONT }), 'capture');
    }
    // Timed from adding the target: whether that or the backfill queues the photos, all N must end verified.
    const t = performance.now();
    const target = await value<{ id: string }>(
      client.invoke('delivery.createTarget', {
        target: { name: 'Bench PACS', kind: 'dicomweb', baseUrl: pacs.dicomwebUrl, authKind: 'basic', username: pacs.username, secret: pacs.password, pinnedCaPem: pacs.caPem },
      }),
      'createTarget',
    );
    await value(client.invoke('delivery.backfill', { targetId: target.id }), 'backfill');
    type Status = { total: number; counts: Record<'queued' | 'in_flight' | 'delivered' | 'verified' | 'failed', number>; lastError: string | null };
    const deadline = Date.now() + 60_000 + photos.length * 30_000;
    let storedMs: number | null = null;
    for (;;) {
      const status = await value<Status>(client.invoke('delivery.status', {}), 'status');
      if (status.counts.failed > 0) throw new Error(`sync app: ${status.counts.failed} deliveries failed: ${status.lastError ?? 'no reason'}`);
      if (storedMs === null && status.counts.delivered + status.counts.verified >= photos.length) storedMs = performance.now() - t;
      if (status.counts.verified >= photos.length) break;
      if (Date.now() > deadline) throw new Error(`sync app: only ${status.counts.verified} of ${photos.length} verified before the deadline (is the sync worker running?)`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - t;
    if ((await pacs.countInstances()) !== photos.length) throw new Error('sync app: Orthanc does not hold exactly one instance per photo');
    return { ms, storedMs: storedMs ?? ms, files: await storedFiles(pacs) };
  } finally {
    await core.close();
  }
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

async function wrapWithImg2dcm(photos: string[]): Promise<Buffer[]> {
  const files: Buffer[] = [];
  for (const [i, photo] of photos.entries()) files.push((await wrapJpegAsDicom(await readFile(photo), { patientId: `S${i}` })).bytes);
  return files;
}
