// DICOM delivery end to end against a real Orthanc (DICOMweb plugin) behind nginx TLS with a
// throwaway CA: capture → queued in the same transaction → STOW-RS → WADO-RS read-back with the
// same digest → verified; the instance is in Orthanc once. Offline, restarts, server refusals and
// retry are covered here too; the kill test has its own file.
import { describe, expect, it } from 'vitest';
import type { PhotoDelivery, SyncStatus } from '../../../shared/channels/delivery';
import { ADMIN, testCore, unwrap, importPhoto } from '../test-support/fixtures';
import { addTarget, deliveryClinic, FAST_SYNC, orthancForFile, pacsTarget, testJpeg, waitForDeliveries } from './test-helpers';

const pacs = orthancForFile();


describe('DICOMweb delivery to Orthanc over TLS', () => {
  it('delivers a captured photo and verifies it by reading it back', async () => {
    const c = await deliveryClinic();
    try {
      const before = await pacs().countInstances();
      const target = await addTarget(c.client, pacsTarget(pacs()));
      expect(target).toMatchObject({ secretSet: true, pinnedCa: true });
      expect(JSON.stringify(target)).not.toContain(pacs().password);
      expect(unwrap(await c.client.api.delivery.testTarget({ targetId: target.id }))).toMatchObject({ ok: true });

      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(1), device: 'test' });
      const [row] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      expect(row).toMatchObject({ kind: 'dicom', state: 'verified', lastError: null });
      expect(row!.remoteId).toMatch(/^[0-9.]+\/[0-9.]+\/[0-9.]+$/);
      expect(await pacs().countInstances()).toBe(before + 1);
      expect(await pacs().listSopInstanceUids()).toContain(row!.remoteId!.split('/')[2]);
      const status = unwrap<SyncStatus>(await c.client.api.delivery.status({}));
      expect(status.counts.verified).toBe(1);
    } finally {
      await c.dispose();
    }
  });

  it('keeps the queue through an outage and a restart, and delivers when the PACS is back', async () => {
    const patient = { sync: { ...FAST_SYNC, retry: { baseMs: 50, capMs: 200, maxAttempts: 1000 } } };
    const c = await deliveryClinic(patient);
    try {
      await addTarget(c.client, pacsTarget(pacs()));
      const before = await pacs().countInstances();
      await pacs().takeOrthancDown();
      const ids = [
        await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(11), device: 'test' }),
        await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(12), device: 'test' }),
      ];
      // nginx answers 502 while Orthanc is down (or, now and then, resets a kept-alive connection):
      // queued, with the reason, retried with backoff, never failed.
      const waiting = await waitForDeliveries(c.client, ids, (d) => d.state === 'queued' && d.attempts >= 2 && d.lastError !== null);
      for (const d of waiting) expect(d.lastError).toMatch(/^(STOW-RS: HTTP 502|No connection to the server \(ECONNRESET\))/);
      await c.core.close();

      const core = testCore(c.dir, patient);
      try {
        const client = core.connect();
        unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
        const still = unwrap<PhotoDelivery[]>(await client.api.delivery.forPhotos({ photoIds: ids }));
        expect(still.map((d) => d.state)).toEqual(['queued', 'queued']);
        await pacs().bringOrthancUp();
        await waitForDeliveries(client, ids, (d) => d.state === 'verified');
        expect(await pacs().countInstances()).toBe(before + 2);
      } finally {
        await core.close();
      }
    } finally {
      await pacs().bringOrthancUp();
      await c.dispose();
    }
  });

  it('marks a refused delivery failed with the server\'s reason, and a retry after the fix delivers it', async () => {
    const c = await deliveryClinic();
    try {
      const target = await addTarget(c.client, pacsTarget(pacs(), { secret: 'not-the-password' }));
      const probe = unwrap<{ ok: boolean; message: string }>(await c.client.api.delivery.testTarget({ targetId: target.id }));
      expect(probe).toMatchObject({ ok: false });
      expect(probe.message).toMatch(/HTTP 401/);
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(21), device: 'test' });
      const [failed] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'failed');
      expect(failed!.lastError).toMatch(/^STOW-RS: HTTP 401/);
      expect(failed!.attempts).toBe(1);

      unwrap(await c.client.api.delivery.updateTarget({ targetId: target.id, target: pacsTarget(pacs()) }));
      const retried = unwrap<PhotoDelivery>(await c.client.api.delivery.retry({ deliveryId: failed!.id }));
      expect(retried.state).toBe('queued');
      await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      const again = await c.client.api.delivery.retry({ deliveryId: failed!.id });
      expect(again.ok).toBe(false);
    } finally {
      await c.dispose();
    }
  });

  it('gives up on a 5xx after its attempts, shows the reason, and a retry delivers it', async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, pacsTarget(pacs()));
      await pacs().takeOrthancDown();
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(31), device: 'test' });
      const [failed] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'failed');
      expect(failed!.attempts).toBe(FAST_SYNC.retry!.maxAttempts);
      expect(failed!.lastError).toMatch(/HTTP 502/);
      await pacs().bringOrthancUp();
      unwrap(await c.client.api.delivery.retry({ deliveryId: failed!.id }));
      await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
    } finally {
      await pacs().bringOrthancUp();
      await c.dispose();
    }
  });

  it('never trusts the server without the pinned CA: verification stays on', async () => {
    const c = await deliveryClinic();
    try {
      const target = await addTarget(c.client, pacsTarget(pacs(), { pinnedCaPem: null }));
      const probe = unwrap<{ ok: boolean; message: string }>(await c.client.api.delivery.testTarget({ targetId: target.id }));
      expect(probe.ok).toBe(false);
      expect(probe.message).toMatch(/certificate was not trusted/);
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(41), device: 'test' });
      const [failed] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'failed');
      expect(failed!.lastError).toMatch(/certificate was not trusted/);
    } finally {
      await c.dispose();
    }
  });
});
