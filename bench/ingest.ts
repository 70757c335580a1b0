// `npm run bench -- ingest [--count N]`: imports a folder of camera-sized (6000×4000) JPEGs through
// the real ingest path (read, decode + quality + EXIF, SHA-256, seal, atomic write, index, thumbnail)
// and compares it with the floor measured in the same run on the same files: read + SHA-256 +
// AES-256-GCM + write (fsync) of the original and of the same libvips thumbnail, with no app around
// it (the thumbnail decode overlapping the original's hash + seal + write, as the app does). Each
// file goes through both sides back to back, alternating which goes first, so disk cache and load
// from other processes fall on both equally. The images are generated once into a temp folder
// (kept for the next run, never committed). Prints photos per second, the capture-to-visible-
// thumbnail time for one photo, and last `ingest ratio <x>` (floor rate / app rate).
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { CameraDriver } from '../main/core/capture/camera';
import { createCore } from '../main/core/core';
import { FACE_FRONT } from '../main/core/standards/sample-context';
import { silentLogger } from '../main/core/support/log';
import type { Result } from '../shared/result';
import { PHOTO_HEIGHT, PHOTO_WIDTH, cameraPhotos } from './camera-photos';
import { median } from './stats';
import { importPhoto } from '../main/core/test-support/fixtures';

export const DEFAULT_INGEST_COUNT = 40;
/** Fresh noise per file in a tile: as random to the encoder as a full frame, at a fraction of the cost. */

export async function benchIngest(options: { count?: number }): Promise<void> {
  const count = options.count ?? DEFAULT_INGEST_COUNT;
  const files = await cameraPhotos('ingest', count, 1000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-ingest-'));
  const floorDir = path.join(dir, 'floor');
  await mkdir(floorDir);
  let lastFrame: Buffer | null = null;
  const camera: CameraDriver = { id: 'bench:0', label: 'Bench', kind: 'tethered', capture: async () => ({ bytes: lastFrame!, device: 'Bench' }) };
  const core = createCore({ dataDir: path.join(dir, 'data'), cameras: [camera], log: silentLogger });
  const client = core.connect();
  const value = async <T>(r: Promise<Result<unknown>>) => {
    const res = await r;
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
    return res.value as T;
  };
  try {
    await value(client.api.setup.initialize({ clinicName: 'Bench Clinic', admin: { username: 'admin', displayName: 'Admin', password: 'bench password 123' } }));
    const patient = await value<{ id: string; mrn: string }>(
      client.api.patients.register({ mrn: 'B1', familyName: 'Bench', givenName: 'Mark', birthDate: '1990-01-01', sex: 'U' }),
    );

    const floor = async (file: string) => {
      // The strictest floor: the thumbnail decode overlaps hashing, sealing and writing the
      // original, as the app's ingest does; only then is the thumbnail sealed and written.
      const bytes = await readFile(file);
      const [thumb] = await Promise.all([
        sharp(bytes).rotate().resize(480, 480, { fit: 'inside' }).jpeg({ quality: 82 }).toBuffer(),
        (async () => {
          createHash('sha256').update(bytes).digest();
          await sealAndWrite(floorDir, bytes);
        })(),
      ]);
      await sealAndWrite(floorDir, thumb);
    };
    const app = async (file: string) => {
      await importPhoto(client, { mrn: patient.mrn, bytes: await readFile(file), device: 'Bench import' });
    };
    // Warm-up: first-call costs (libvips init, statement preparation) belong to neither side.
    await floor(files[0]!);
    await app(files[0]!);

    const floorMs: number[] = [];
    const appMs: number[] = [];
    for (const [i, file] of files.entries()) {
      const sides: Array<[typeof floor, number[]]> = [
        [floor, floorMs],
        [app, appMs],
      ];
      if (i % 2) sides.reverse();
      for (const [run, into] of sides) {
        const t = performance.now();
        await run(file);
        into.push(performance.now() - t);
      }
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const appRate = (count * 1000) / sum(appMs);
    const floorRate = (count * 1000) / sum(floorMs);
    console.log(`ingest: ${count} photos of ${PHOTO_WIDTH}×${PHOTO_HEIGHT}`);
    console.log(`ingest app: ${appRate.toFixed(2)} photos/s (median ${median(appMs).toFixed(0)} ms per photo)`);
    console.log(`ingest floor: ${floorRate.toFixed(2)} photos/s (median ${median(floorMs).toFixed(0)} ms per photo)`);

    // Capture to visible thumbnail: shutter → ingest → the thumbnail bytes the gallery shows.
    const encounter = await value<{ id: string }>(client.api.encounters.start({ patientId: patient.id }));
    const captureMs: number[] = [];
    for (const file of files.slice(0, 3)) {
      lastFrame = await readFile(file);
      const t = performance.now();
      const photo = await value<{ thumbnail: { handle: string } }>(client.api.capture.take({ encounterId: encounter.id, cameraId: 'bench:0', context: FACE_FRONT }));
      const thumb = await client.resolvePhoto(photo.thumbnail.handle);
      for await (const chunk of thumb.stream()) void chunk;
      captureMs.push(performance.now() - t);
    }
    console.log(`ingest capture-to-visible-thumbnail: ${median(captureMs).toFixed(0)} ms (median of ${captureMs.length}, ${PHOTO_WIDTH}×${PHOTO_HEIGHT})`);
    console.log(`ingest ratio ${(floorRate / appRate).toFixed(2)}`);
  } finally {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function sealAndWrite(dir: string, bytes: Buffer): Promise<void> {
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  const sealed = Buffer.concat([cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
  const target = path.join(dir, randomBytes(8).toString('hex'));
  await writeFile(`${target}.tmp`, sealed, { flush: true });
  await rename(`${target}.tmp`, target);
}
