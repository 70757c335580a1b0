// Key rotation while a delivery target is active: the sync worker holds its own database
// connection, so the rotation must stop it, take the database, and start it again on the rotated
// file; deliveries before and after the rotation both reach "verified" in the PACS.
import { describe, expect, it } from 'vitest';
import { ADMIN, unwrap, importPhoto } from '../test-support/fixtures';
import { addTarget, deliveryClinic, orthancForFile, pacsTarget, testJpeg, waitForDeliveries } from './test-helpers';

const pacs = orthancForFile();

describe('key rotation with the sync worker running', () => {
  it('rotates, and delivery carries on under the new keys', async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, pacsTarget(pacs()));
      const before = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(11), device: 'test' });
      await waitForDeliveries(c.client, [before], (d) => d.state === 'verified');

      const rotated = unwrap<{ keyVersion: number }>(await c.client.api.keys.rotate({ password: ADMIN.password }));
      expect(rotated.keyVersion).toBe(2);

      const after = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(12), device: 'test' });
      const rows = await waitForDeliveries(c.client, [before, after], (d) => d.state === 'verified');
      expect(rows.map((r) => r.state)).toEqual(['verified', 'verified']);
    } finally {
      await c.dispose();
    }
  }, 60_000);
});
