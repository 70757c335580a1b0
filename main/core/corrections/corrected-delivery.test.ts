// A correction of a photo that already reached the PACS, end to end against a real Orthanc
// (DICOMweb over TLS): the photo is verified there, its body site is corrected, and the corrected
// version arrives as a new instance (new SOP Instance UID, IHE Image Object Change Management),
// read back and verified; the superseded instance is named in the correction as flagged.
import { describe, expect, it } from 'vitest';
import type { PhotoCorrection, PhotoCorrectionResult } from '../../../shared/channels/corrections';
import { importPhoto, unwrap } from '../test-support/fixtures';
import { addTarget, deliveryClinic, orthancForFile, pacsTarget, testJpeg, waitForDeliveries } from '../sync/test-helpers';

const pacs = orthancForFile();

describe('a delivered photo, corrected', () => {
  it('reaches the PACS again as a new instance, and the old one is flagged', async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, pacsTarget(pacs()));
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(31), device: 'test' });
      const [first] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      const before = await pacs().countInstances();

      const result = unwrap<PhotoCorrectionResult>(
        await c.client.api.corrections.correctPhoto({ photoId, reason: 'Imported without its site: left cheek', bodySiteCode: '36141000', laterality: 'left' }),
      );
      expect(result).toMatchObject({ revision: 1, remoteOutcome: 'flagged', targets: [{ kind: 'dicom', action: 'requeued', previousRemoteId: first!.remoteId, heldForConsent: null }] });

      const [second] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified' && d.remoteId !== null);
      const oldSop = first!.remoteId!.split('/')[2];
      const newSop = second!.remoteId!.split('/')[2];
      expect(newSop).not.toBe(oldSop);
      const atPacs = await pacs().listSopInstanceUids();
      expect(atPacs).toContain(newSop);
      expect(atPacs).toContain(oldSop);
      expect(await pacs().countInstances()).toBe(before + 1);

      const [record] = unwrap<PhotoCorrection[]>(await c.client.api.corrections.photoHistory({ photoId }));
      expect(record).toMatchObject({ remoteOutcome: 'flagged', after: { targets: [{ previousRemoteId: first!.remoteId }] } });
    } finally {
      await c.dispose();
    }
  }, 60_000);
});
