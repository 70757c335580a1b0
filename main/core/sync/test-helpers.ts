// Shared by the delivery tests: a clinic with a fast-polling sync worker, distinct JPEGs, and
// waiting for deliveries to reach a state through the same channel the UI polls.
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import { afterAll, beforeAll } from 'vitest';
import type { PhotoDelivery, DeliveryTarget, TargetInput } from '../../../shared/channels/delivery';
import type { Patient } from '../../../shared/domain';
import type { CoreClient, CoreOptions } from '../core';
import { migrate } from '../db/migrations';
import type { Db } from '../db/open';
import { initializedClinic, unwrap } from '../test-support/fixtures';
import { startOrthanc, type OrthancPeer } from '../test-support/peers';

/** Short polls, retries, claim leases and stop grace, so that the tests wait for seconds, not minutes. */
export const FAST_SYNC: NonNullable<CoreOptions['sync']> = { pollMs: 50, concurrency: 4, retry: { baseMs: 50, capMs: 400, maxAttempts: 4 }, leaseMs: 3_000, stopGraceMs: 1_000 };

export async function deliveryClinic(options: Partial<CoreOptions> = {}) {
  const c = await initializedClinic({ sync: FAST_SYNC, ...options });
  const patient = unwrap<Patient>(await c.client.api.patients.register({ mrn: 'SYNC-1', familyName: 'Ångström', givenName: 'Zoë', birthDate: '1980-02-29', sex: 'F' }));
  return { ...c, patient };
}

/** A small camera-like JPEG, different for every seed. */
export async function testJpeg(seed: number, size = { width: 640, height: 480 }): Promise<Buffer> {
  const r = 120 + (seed % 100);
  return sharp({ create: { ...size, channels: 3, background: { r, g: 110 + ((seed * 7) % 60), b: 90 }, noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

export const addTarget = async (client: CoreClient, target: TargetInput) => unwrap<DeliveryTarget>(await client.api.delivery.createTarget({ target }));

export async function waitForDeliveries(
  client: CoreClient,
  photoIds: string[],
  done: (d: PhotoDelivery) => boolean,
  timeoutMs = 20_000,
): Promise<PhotoDelivery[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = unwrap<PhotoDelivery[]>(await client.api.delivery.forPhotos({ photoIds }));
    if (rows.length > 0 && rows.length >= photoIds.length && rows.every(done)) return rows;
    if (Date.now() > until) throw new Error(`deliveries did not settle: ${JSON.stringify(rows.map((r) => [r.state, r.lastError]))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A DICOMweb target for a started Orthanc peer: basic auth, its throwaway CA pinned. */
export const pacsTarget = (p: OrthancPeer, over: Record<string, unknown> = {}) => ({
  name: 'Test PACS',
  kind: 'dicomweb' as const,
  baseUrl: p.dicomwebUrl,
  authKind: 'basic' as const,
  username: p.username,
  secret: p.password,
  pinnedCaPem: p.caPem,
  ...over,
});

/** One Orthanc peer for the test file: started before its first test, stopped after its last. */
export function orthancForFile(): () => OrthancPeer {
  let pacs: OrthancPeer | undefined;
  beforeAll(async () => {
    pacs = await startOrthanc();
  }, 30_000);
  afterAll(async () => {
    await pacs?.stop();
  });
  return () => {
    if (!pacs) throw new Error('Orthanc has not started (call orthancForFile at the top of the file)');
    return pacs;
  };
}

/**
 * For the outbox's own rules, without a core: an in-memory database at the latest schema with user
 * 'u1' and patient 'p1'. `addPhoto` inserts a photo of p1 with its two blob rows.
 */
export function outboxDatabase(): { db: Db; addPhoto(id: string, capturedAt: Date): void } {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now');
    INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
      VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe', '1970-01-01', 'F', 'now', 'u1');
  `);
  const blob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')");
  const photo = db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height, original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
     VALUES (?, 'p1', NULL, ?, 'u1', 'import', 'cli', 'image/jpeg', 10, 10, ?, ?, 10, 10)`,
  );
  return {
    db,
    addPhoto(id, capturedAt) {
      for (const b of [`${id}-original`, `${id}-thumbnail`]) blob.run(b, `${b}.cpb`);
      photo.run(id, capturedAt.toISOString(), `${id}-original`, `${id}-thumbnail`);
    },
  };
}
