// Seeding for `npm run bench -- gallery`: one data directory with 5,000 patients, one with 10,000
// photos across 40 visits and one with 50 across 3. A few photos of each go through the real import
// path (`photos.import`); the rest through the bulk seeder (main/core/photos/test-support), which
// seals two blobs per photo with the real BlobStore and inserts rows with the real insertPhotoRow.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { CaptureContext } from '../shared/domain';
import { createCore } from '../main/core/core';
import { registerPatient } from '../main/core/patients/patients';
import { startEncounter } from '../main/core/patients/encounters';
import { seedImages, seedPhotos, type BulkPhoto } from '../main/core/photos/test-support/bulk-photos';
import { silentLogger } from '../main/core/support/log';
import { unlockWithPassword } from '../main/core/vault/vault';
import { openWorkspace } from '../main/core/workspace';

export const BENCH_ADMIN = { username: 'admin', displayName: 'Bench Admin', password: 'bench gallery password 1' };
/** Modest Argon2id: the bench measures the gallery, not sign-in. */
export const BENCH_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
export const BIG = { mrn: 'GAL-BIG-10000', photos: 10_000, visits: 40 };
export const SMALL = { mrn: 'GAL-SMALL-50', photos: 50, visits: 3 };
const IMPORTED_EACH = 4;

const SITES = [
  { code: '368208006', display: 'Left upper arm structure' },
  { code: '8205005', display: 'Wrist region structure' },
  { code: '69536005', display: 'Head structure' },
  { code: '22943007', display: 'Trunk structure' },
] as const;
const VIEWS = ['anterior', 'posterior', 'close-up', 'dermoscopy'] as const;

function unwrapOk<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export interface SeedReport {
  readonly patients: number;
  readonly imported: number;
  readonly bulk: number;
  readonly seconds: number;
  /** Read back from an earlier run's directory (BENCH_GALLERY_DATA) rather than seeded now. */
  readonly reused?: boolean;
}

export async function seedGalleryBench(dataDir: string): Promise<SeedReport> {
  const started = performance.now();
  const core = createCore({ dataDir, log: silentLogger, kdfCost: BENCH_KDF });
  const client = core.connect({ local: true });
  unwrapOk(await client.api.setup.initialize({ clinicName: 'Gallery Bench Clinic', admin: BENCH_ADMIN }));
  const session = unwrapOk(await client.api.session.current({}));
  const userId = session!.user.id;
  let imported = 0;
  let bulk = 0;
  const ws = await openWorkspace(dataDir, await unlockWithPassword(dataDir, BENCH_ADMIN.username, BENCH_ADMIN.password), silentLogger);
  try {
    const now = new Date();
    const ids = new Map<string, string>();
    ws.db.transaction(() => {
      for (let i = 0; i < 4_998; i++) {
        registerPatient(ws.db, now, userId, { mrn: `GAL-${String(i).padStart(6, '0')}`, familyName: `Family${i % 900}`, givenName: `Given${i}`, birthDate: `19${String(30 + (i % 70)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`, sex: 'U' });
      }
      for (const p of [BIG, SMALL]) ids.set(p.mrn, registerPatient(ws.db, now, userId, { mrn: p.mrn, familyName: 'Benchmark', givenName: `${p.photos} photos`, birthDate: '1960-05-05', sex: 'F' }).id);
    })();

    const images = await seedImages(12);
    for (const [n, p] of [BIG, SMALL].entries()) {
      const patientId = ids.get(p.mrn)!;
      // The real import path for a few (decode, thumbnail, seal, index, audit, outbox).
      for (let i = 0; i < IMPORTED_EACH; i++) {
        const bytes = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200 - i * 20, g: 150 - n * 40, b: 140 } } }).jpeg().toBuffer();
        unwrapOk(await client.api.photos.import({ mrn: p.mrn, bytes, device: 'Bench import' }));
        imported++;
      }
      const visits = Array.from({ length: p.visits }, (_, v) => startEncounter(ws.db, new Date(Date.UTC(2019, 0, 1) + v * 45 * 86_400_000), userId, { patientId, reason: `Mole map ${v + 1}` }));
      const count = p.photos - IMPORTED_EACH;
      const planned: BulkPhoto[] = Array.from({ length: count }, (_, i) => {
        const visit = visits[Math.floor((i * p.visits) / count)]!;
        const context: CaptureContext = { bodySite: SITES[i % SITES.length]!, laterality: i % 2 ? 'left' : 'right', view: VIEWS[i % VIEWS.length]! };
        return { patientId, encounterId: visit.id, capturedAt: new Date(Date.parse(visit.startedAt) + (i % 500) * 60_000), context, qualityFailed: i % 17 === 0 ? ['blur'] : [] };
      });
      bulk += (await seedPhotos(ws.db, ws.blobs, userId, planned, images, { batch: 500, concurrency: 8 })).length;
    }
  } finally {
    ws.close();
    await core.close();
  }
  return { patients: 5_000, imported, bulk, seconds: (performance.now() - started) / 1000 };
}

export const randomSuffix = () => randomBytes(4).toString('hex');
