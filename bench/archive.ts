// `npm run bench -- archive [--count N] [--runs R]`: archives N camera-sized (6000×4000) photos to a
// local Swift+s3api (the test peer, which checks SigV4 and Content-MD5) and compares:
//   app       `archive.run` on a workstation holding the photos (imported, not timed): every sealed
//             file uploaded with Content-MD5 and a signed payload hash, HEAD + sampled ranged GET
//             read-back, each step recorded, then the sealed database snapshot, key slots and
//             sealed manifest
//   baseline  a bare SDK upload (lib-storage Upload: 4 files at a time, each in up to 4 parallel
//             5 MiB parts, its defaults; the app runs 6 uploads at a time) of the same sealed files
//             into another bucket, with no app around it
// R rounds (default 3) alternate which goes first, each into fresh buckets; medians reported. Then
// a restore of the app's bucket into a fresh directory (every object and photo checked), as MB/s.
// Last line `archive ratio <x>` (app time / baseline time; goal ≤ 1.25).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createCore, type CoreClient } from '../main/core/core';
import { silentLogger } from '../main/core/support/log';
import { listFiles } from '../main/core/test-support/plaintext-scan';
import { startSwift, type SwiftPeer } from '../main/core/test-support/peers';
import type { Result } from '../shared/result';
import { cameraPhotos } from './camera-photos';
import { median } from './stats';

const PASSWORD = 'bench archive passphrase';
const value = <T>(r: Result<T>, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.value;
};

async function newBucket(peer: SwiftPeer, client: S3Client, n: number): Promise<string> {
  const name = `bench-${Date.now().toString(36)}-${n}`;
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const archiveInput = (peer: SwiftPeer, bucket: string) => ({
  endpoint: peer.endpoint,
  region: peer.region,
  bucket,
  prefix: 'bench',
  pathStyle: true,
  accessKeyId: peer.accessKeyId,
  secretAccessKey: peer.secretAccessKey,
});

export async function benchArchive(options: { count?: number; rounds?: number }): Promise<void> {
  const count = options.count ?? 12;
  const rounds = Math.max(1, options.rounds ?? 3);
  const photos = await cameraPhotos('archive', count, 3000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-archive-'));
  const peer = await startSwift({ tmpDir: dir });
  const dataDir = path.join(dir, 'data');
  const core = createCore({ dataDir, log: silentLogger });
  const client: CoreClient = core.connect({ local: true });
  try {
    const { recoveryCode } = value(await client.api.setup.initialize({ clinicName: 'Bench Clinic', admin: { username: 'admin', displayName: 'Bench Admin', password: PASSWORD } }), 'init');
    value(await client.api.patients.register({ mrn: 'BENCH-1', familyName: 'Bench', givenName: 'Pat', birthDate: '1970-01-01', sex: 'U' }), 'patient');
    for (const file of photos) value(await client.api.photos.import({ mrn: 'BENCH-1', bytes: await readFile(file), device: 'bench' }), 'import');
    const sealed = await listFiles(path.join(dataDir, 'blobs'));
    const bodies = await Promise.all(sealed.map((f) => readFile(f)));
    const bytes = bodies.reduce((n, b) => n + b.length, 0);
    console.log(`archive: ${count} photos, ${sealed.length} sealed files, ${(bytes / 1e6).toFixed(1)} MB`);
    const s3 = new S3Client({
      endpoint: peer.endpoint,
      region: peer.region,
      forcePathStyle: true,
      credentials: { accessKeyId: peer.accessKeyId, secretAccessKey: peer.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });

    const appMs: number[] = [];
    const baseMs: number[] = [];
    let lastAppBucket = '';
    for (let round = 1; round <= rounds; round++) {
      for (const which of round % 2 === 1 ? (['app', 'base'] as const) : (['base', 'app'] as const)) {
        const bucket = await newBucket(peer, s3, round * 2 + (which === 'app' ? 0 : 1));
        if (which === 'app') {
          value(await client.api.archive.configure({ archive: archiveInput(peer, bucket) }), 'configure');
          const t0 = performance.now();
          value(await client.api.archive.run({}), 'archive run');
          appMs.push(performance.now() - t0);
          lastAppBucket = bucket;
        } else {
          const t0 = performance.now();
          let next = 0;
          await Promise.all(
            Array.from({ length: 4 }, async () => {
              while (next < bodies.length) {
                const i = next++;
                await new Upload({ client: s3, params: { Bucket: bucket, Key: `bench/blobs/${path.basename(sealed[i]!)}`, Body: bodies[i]! } }).done();
              }
            }),
          );
          baseMs.push(performance.now() - t0);
        }
      }
      console.log(`round ${round}: app ${appMs.at(-1)!.toFixed(0)} ms, bare SDK upload ${baseMs.at(-1)!.toFixed(0)} ms`);
    }
    await core.close();

    const restoreDir = path.join(dir, 'restored');
    const fresh = createCore({ dataDir: restoreDir, log: silentLogger });
    const t0 = performance.now();
    const restored = value(
      await fresh.connect({ local: true }).api.archive.restore({ ...archiveInput(peer, lastAppBucket), recoveryCode }),
      'restore',
    );
    const restoreMs = performance.now() - t0;
    await fresh.close();
    const app = median(appMs);
    const base = median(baseMs);
    console.log(`archive upload: app ${(bytes / 1e6 / (app / 1000)).toFixed(1)} MB/s (median ${app.toFixed(0)} ms, incl. read-back and snapshot), bare SDK ${(bytes / 1e6 / (base / 1000)).toFixed(1)} MB/s (median ${base.toFixed(0)} ms)`);
    console.log(`restore: ${restored.objects} objects, ${restored.photos} photos in ${restoreMs.toFixed(0)} ms, ${(bytes / 1e6 / (restoreMs / 1000)).toFixed(1)} MB/s (every object and photo checked)`);
    console.log(`archive ratio ${(app / base).toFixed(2)}`);
  } finally {
    await core.close();
    await peer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
