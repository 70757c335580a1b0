// The consent gate on delivery, against a real Orthanc (DICOMweb behind TLS): a target names its
// purpose; a photo the patient's consent does not release for it is not sent, waits with the
// reason (the delivery screen's "needs consent"), is audited, and goes once a consent allows it; a
// withdrawal cancels queued deliveries for the withdrawn use and lists what already went.
import { describe, expect, it } from 'vitest';
import type { PhotoDelivery, SyncStatus } from '../../../shared/channels/delivery';
import type { ConsentRecord, PublishedPhoto } from '../../../shared/consent';
import { importPhoto, unwrap } from '../test-support/fixtures';
import { addTarget, FAST_SYNC, orthancForFile, pacsTarget, testJpeg, waitForDeliveries } from '../sync/test-helpers';
import { consentClinic, PATIENT, scanPdf } from './test-support/consent-fixtures';

const pacs = orthancForFile();

describe('the consent gate on delivery', () => {
  it('holds a photo for a teaching archive until a consent grants education, then delivers and verifies it', async () => {
    const c = await consentClinic({ sync: FAST_SYNC });
    try {
      const before = await pacs().countInstances();
      const target = await addTarget(c.client, { ...pacsTarget(pacs()), name: 'Teaching archive', purpose: 'education' });
      expect(target.purpose).toBe('education');
      const photoId = await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: await testJpeg(301), device: 'test' });
      const [held] = await waitForDeliveries(c.client, [photoId], (d) => d.waitingFor === 'consent');
      expect(held).toMatchObject({ state: 'queued', attempts: 0 });
      expect(held!.lastError).toMatch(/Not released for education .*no consent decides this use/);
      expect(await pacs().countInstances()).toBe(before);
      const status = unwrap<SyncStatus>(await c.client.api.delivery.status({}));
      expect(status.waiting.consent).toBe(1);
      const audit = unwrap<{ records: Array<{ action: string; detail: string; photoId: string | null }> }>(await c.client.api.audit.search({ pageSize: 200 }));
      const refusals = audit.records.filter((r) => r.action === 'consent.release-refused');
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({ photoId, detail: expect.stringContaining('via=delivery') });

      await c.paper([{ scope: 'education', decision: 'grant' }]);
      const [sent] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      expect(sent).toMatchObject({ waitingFor: null, lastError: null });
      expect(await pacs().countInstances()).toBe(before + 1);
    } finally {
      await c.dispose();
    }
  });

  it('on withdrawal, cancels the queued delivery for the withdrawn use and lists the photo that already went', async () => {
    // A retry after a minute: the unreachable target's row sits queued, unclaimed, for the withdrawal.
    const c = await consentClinic({ sync: { ...FAST_SYNC, retry: { baseMs: 60_000, capMs: 120_000, maxAttempts: 100 } } });
    try {
      const consent = unwrap<ConsentRecord>(
        await c.client.api.consent.recordPaperFile({
          mrn: PATIENT.mrn,
          decisions: [
            { scope: 'publication', decision: 'grant', expiresOn: null },
            { scope: 'marketing', decision: 'grant', expiresOn: null },
          ],
          signedOn: new Date().toISOString().slice(0, 10),
          scan: await scanPdf(),
        }),
      );
      await addTarget(c.client, { ...pacsTarget(pacs()), name: 'Journal', purpose: 'publication' });
      await addTarget(c.client, { name: 'Website', kind: 'fhir', baseUrl: 'http://127.0.0.1:9/fhir', authKind: 'none', purpose: 'marketing' });
      const photoId = await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: await testJpeg(302), device: 'test' });
      await waitForDeliveries(c.client, [photoId], (d) => (d.targetName === 'Journal' ? d.state === 'verified' : d.state === 'queued' && d.attempts >= 1));

      const result = unwrap<{ consent: ConsentRecord; cancelledDeliveries: number; published: PublishedPhoto[] }>(
        await c.client.api.consent.withdraw({ consentId: consent.id, reason: 'Patient asked by phone' }),
      );
      expect(result.consent.state).toBe('withdrawn');
      expect(result.cancelledDeliveries).toBe(1);
      expect(result.published).toEqual([expect.objectContaining({ photoId, targetName: 'Journal', purpose: 'publication' })]);
      const rows = unwrap<PhotoDelivery[]>(await c.client.api.delivery.forPhotos({ photoIds: [photoId] }));
      expect(rows.find((r) => r.targetName === 'Website')).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^Cancelled: the patient withdrew consent for publication, marketing/) });
    } finally {
      await c.dispose();
    }
  });
});
