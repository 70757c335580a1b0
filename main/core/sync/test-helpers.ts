// Shared by the delivery tests: a clinic with a fast-polling sync worker, distinct JPEGs, and
// waiting for deliveries to reach a state through the same channel the UI polls.
import sharp from 'sharp';
import type { PhotoDelivery, DeliveryTarget, TargetInput } from '../../../shared/channels/delivery';
import type { Patient } from '../../../shared/domain';
import type { CoreOptions } from '../core';
import { call, initializedClinic } from '../test-support/fixtures';
import type { OrthancPeer } from '../test-support/peers';

export const FAST_SYNC: NonNullable<CoreOptions['sync']> = { pollMs: 50, concurrency: 4, retry: { baseMs: 50, capMs: 400, maxAttempts: 4 } };

export async function deliveryClinic(options: Partial<CoreOptions> = {}) {
  const c = await initializedClinic({ sync: FAST_SYNC, ...options });
  const patient = await call<Patient>(c.client, 'patients.register', { mrn: 'SYNC-1', familyName: 'Ångström', givenName: 'Zoë', birthDate: '1980-02-29', sex: 'F' });
  return { ...c, patient };
}

/** A small camera-like JPEG, different for every seed. */
export async function testJpeg(seed: number, size = { width: 640, height: 480 }): Promise<Buffer> {
  const r = 120 + (seed % 100);
  return sharp({ create: { ...size, channels: 3, background: { r, g: 110 + ((seed * 7) % 60), b: 90 }, noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

export const addTarget = (client: Parameters<typeof call>[0], target: TargetInput) => call<DeliveryTarget>(client, 'delivery.createTarget', { target });

export async function waitForDeliveries(
  client: Parameters<typeof call>[0],
  photoIds: string[],
  done: (d: PhotoDelivery) => boolean,
  timeoutMs = 20_000,
): Promise<PhotoDelivery[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await call<PhotoDelivery[]>(client, 'delivery.forPhotos', { photoIds });
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
