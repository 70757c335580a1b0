// A correction of a photo that already reached the PACS, end to end against a real Orthanc
// (DICOMweb over TLS): the photo is verified there, its body site is corrected, and the corrected
// version arrives as a new instance (new SOP Instance UID, IHE Image Object Change Management),
// read back and verified; the superseded instance is named in the correction as flagged. A photo
// moved to another patient after it reached the EMR (the in-process FHIR server) is updated there.
import type { DocumentReference, Media, Patient as FhirPatient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoCorrection, PhotoCorrectionResult } from '../../../shared/channels/corrections';
import type { Patient } from '../../../shared/domain';
import { importPhoto, unwrap } from '../test-support/fixtures';
import { startFhirServer, type FhirPeer } from '../test-support/peers';
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

describe('a photo delivered to the EMR, moved to the right patient', () => {
  const TOKEN = 'emr-test-token-corrections';
  let emr: FhirPeer;
  beforeAll(async () => {
    emr = await startFhirServer({ tls: true, bearerToken: TOKEN });
  }, 30_000);
  afterAll(async () => {
    await emr?.stop();
  });

  it("updates the EMR's document and media in place, under the right patient", async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, { name: 'Test EMR', kind: 'fhir', baseUrl: emr.baseUrl, authKind: 'bearer', secret: TOKEN, pinnedCaPem: emr.caPem! });
      const right = unwrap<Patient>(await c.client.api.patients.register({ mrn: 'RIGHT-9', familyName: 'Berg', givenName: 'Liv', birthDate: '1990-01-01', sex: 'F' }));
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(41), device: 'test' });
      const [first] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');

      const result = unwrap<PhotoCorrectionResult>(await c.client.api.corrections.movePhoto({ photoId, patientId: right.id, reason: 'Imported into the wrong record' }));
      expect(result).toMatchObject({ remoteOutcome: 'requeued', targets: [{ kind: 'fhir', action: 'requeued', previousRemoteId: first!.remoteId }] });
      const [second] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified' && d.remoteId !== null);

      // Still one document for the photo, the same one, now about the right patient.
      const docs = (await emr.resources<DocumentReference>('DocumentReference')).filter((d) => d.identifier?.some((i) => i.value === photoId));
      expect(docs.map((d) => d.id)).toEqual([second!.remoteId]);
      expect(second!.remoteId).toBe(first!.remoteId);
      const patients = await emr.resources<FhirPatient>('Patient');
      const subject = patients.find((p) => `Patient/${p.id}` === docs[0]!.subject?.reference);
      expect(subject?.identifier?.map((i) => i.value)).toContain('RIGHT-9');
      const media = (await emr.resources<Media>('Media')).filter((m) => m.identifier?.some((i) => i.value === photoId));
      expect(media).toHaveLength(1);
      expect(media[0]!.subject?.reference).toBe(docs[0]!.subject?.reference);
    } finally {
      await c.dispose();
    }
  }, 60_000);
});
