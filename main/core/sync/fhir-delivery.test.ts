// FHIR R4 delivery end to end against the in-process validating FHIR server (@medplum/fhir-router
// over TLS with a throwaway CA, bearer auth): the photo's transaction Bundle is accepted, read back
// (DocumentReference → Binary) and hash-compared; sending again never makes a second
// DocumentReference; outages are retried; a wrong token fails with the server's reason.
import type { DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoDelivery } from '../../../shared/channels/delivery';
import { unwrap, importPhoto } from '../test-support/fixtures';
import { startFhirServer, type FhirPeer } from '../test-support/peers';
import { addTarget, deliveryClinic, testJpeg, waitForDeliveries } from './test-helpers';

const TOKEN = 'emr-test-token-7f3a';
let emr: FhirPeer;
beforeAll(async () => {
  emr = await startFhirServer({ tls: true, bearerToken: TOKEN });
}, 30_000);
afterAll(async () => {
  await emr?.stop();
});

const emrTarget = (over: Record<string, unknown> = {}) => ({
  name: 'Test EMR',
  kind: 'fhir' as const,
  baseUrl: emr.baseUrl,
  authKind: 'bearer' as const,
  secret: TOKEN,
  pinnedCaPem: emr.caPem!,
  ...over,
});

describe('FHIR R4 delivery', () => {
  it('sends the bundle, reads the document back, and verifies the image hash', async () => {
    const c = await deliveryClinic();
    try {
      const target = await addTarget(c.client, emrTarget());
      expect(unwrap(await c.client.api.delivery.testTarget({ targetId: target.id }))).toMatchObject({ ok: true });
      const before = (await emr.resources<DocumentReference>('DocumentReference')).length;
      const ids = [
        await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(51), device: 'test' }),
        await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(52), device: 'test' }),
      ];
      const rows = await waitForDeliveries(c.client, ids, (d) => d.state === 'verified');
      expect(rows.every((r) => r.kind === 'fhir' && r.remoteId)).toBe(true);
      const docs = await emr.resources<DocumentReference>('DocumentReference');
      expect(docs.length).toBe(before + 2);
      expect(docs.map((d) => d.id)).toEqual(expect.arrayContaining(rows.map((r) => r.remoteId)));
    } finally {
      await c.dispose();
    }
  });

  it('retries through an outage and still ends with one DocumentReference per photo', async () => {
    const c = await deliveryClinic({ sync: { pollMs: 50, concurrency: 2, retry: { baseMs: 30, capMs: 100, maxAttempts: 50 } } });
    try {
      await addTarget(c.client, emrTarget());
      emr.failNext(3, 503);
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(61), device: 'test' });
      const [row] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      expect(row!.attempts).toBeGreaterThan(1);
      const docs = (await emr.resources<DocumentReference>('DocumentReference')).filter((d) => d.identifier?.some((i) => i.value === photoId));
      expect(docs).toHaveLength(1);
    } finally {
      await c.dispose();
    }
  });

  it('fails a wrong token with the server\'s reason; fixing the token and retrying delivers', async () => {
    const c = await deliveryClinic();
    try {
      const target = await addTarget(c.client, emrTarget({ secret: 'wrong-token' }));
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(71), device: 'test' });
      const [failed] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'failed');
      expect(failed!.lastError).toMatch(/HTTP 401/);
      unwrap(await c.client.api.delivery.updateTarget({ targetId: target.id, target: emrTarget() }));
      unwrap<PhotoDelivery>(await c.client.api.delivery.retry({ deliveryId: failed!.id }));
      await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
    } finally {
      await c.dispose();
    }
  });
});
