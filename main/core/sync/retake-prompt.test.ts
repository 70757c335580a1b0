// The retake prompt and delivery, against a real Orthanc behind nginx TLS: a capture that failed a
// quality check waits for the photographer's decision instead of going to the PACS at once, so
// "Discard and retake" can still take it back (nothing reaches the PACS) and "Keep photo" sends it
// at once; a capture the PACS may already hold is never discarded, and the refusal is audited.
import { describe, expect, it } from 'vitest';
import type { PhotoDelivery } from '../../../shared/channels/delivery';
import type { AuditRecord } from '../../../shared/channels/audit';
import type { Encounter, Photo } from '../../../shared/domain';
import type { CameraDriver } from '../capture/camera';
import { DISCARD_WINDOW_MS } from '../capture/ingest';
import { renderClinicalScene } from '../capture/simulated-camera';
import { makeVariant } from '../imaging/test-images';
import { FACE_FRONT } from '../standards/sample-context';
import { unwrap } from '../test-support/fixtures';
import { addTarget, deliveryClinic, orthancForFile, pacsTarget, waitForDeliveries } from './test-helpers';

const pacs = orthancForFile();

/** A clinic delivering to the PACS, with a camera whose next frame is sharp or blurred on request. */
async function clinicWithCamera() {
  let blurred = false;
  let shots = 0;
  const camera: CameraDriver = {
    id: 'retake:0',
    label: 'Retake camera',
    kind: 'simulated',
    async capture() {
      shots += 1;
      const sharp = await renderClinicalScene(1200, 800, shots, 41);
      return { bytes: blurred ? await makeVariant(sharp, 'blurred') : sharp, device: 'Retake camera' };
    },
  };
  const c = await deliveryClinic({ cameras: [camera] });
  await addTarget(c.client, pacsTarget(pacs()));
  const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: c.patient.id }));
  const take = async (quality: 'sharp' | 'blurred'): Promise<Photo> => {
    blurred = quality === 'blurred';
    return unwrap<Photo>(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: camera.id, context: FACE_FRONT }));
  };
  const deliveryOf = async (photoId: string) => (unwrap<PhotoDelivery[]>(await c.client.api.delivery.forPhotos({ photoIds: [photoId] })))[0]!;
  const photoIds = async () => (unwrap<Photo[]>(await c.client.api.photos.list({ patientId: c.patient.id }))).map((p) => p.id);
  return { c, take, deliveryOf, photoIds };
}

describe('the retake prompt and delivery', () => {
  it('holds a capture that failed its checks; discarded, it never reaches the PACS', async () => {
    const { c, take, deliveryOf, photoIds } = await clinicWithCamera();
    try {
      const before = await pacs().countInstances();
      const poor = await take('blurred');
      expect(poor.quality?.failed).toEqual(['blur']);
      const good = await take('sharp');
      // The sharp one goes at once and is verified while the poor one still waits, untouched.
      await waitForDeliveries(c.client, [good.id], (d) => d.state === 'verified');
      const held = await deliveryOf(poor.id);
      expect(held).toMatchObject({ state: 'queued', attempts: 0 });
      expect(Date.parse(held.nextAttemptAt)).toBe(Date.parse(poor.capturedAt) + DISCARD_WINDOW_MS);
      expect(unwrap(await c.client.api.standards.discardCapture({ photoId: poor.id }))).toEqual({ discarded: true });
      expect(await photoIds()).toEqual([good.id]);
      expect(unwrap(await c.client.api.delivery.forPhotos({ photoIds: [poor.id] }))).toEqual([]);
      expect(await pacs().countInstances()).toBe(before + 1);
    } finally {
      await c.dispose();
    }
  });

  it('sends a kept capture at once, and audits the decision', async () => {
    const { c, take, deliveryOf } = await clinicWithCamera();
    try {
      const before = await pacs().countInstances();
      const poor = await take('blurred');
      expect((await deliveryOf(poor.id)).state).toBe('queued');
      expect(unwrap(await c.client.api.standards.keepCapture({ photoId: poor.id }))).toEqual({ kept: true });
      await waitForDeliveries(c.client, [poor.id], (d) => d.state === 'verified');
      expect(await pacs().countInstances()).toBe(before + 1);
      const { records } = unwrap<{ records: AuditRecord[] }>(await c.client.api.audit.search({ action: 'photo.keep', pageSize: 10 }));
      expect(records.map((r) => [r.action, r.outcome, r.photoId])).toEqual([['photo.keep', 'success', poor.id]]);
    } finally {
      await c.dispose();
    }
  });

  it('refuses to discard a capture once its delivery has started, keeps everything, and audits the refusal', async () => {
    const { c, take, photoIds } = await clinicWithCamera();
    try {
      const before = await pacs().countInstances();
      const good = await take('sharp');
      await waitForDeliveries(c.client, [good.id], (d) => d.state === 'verified');
      const refused = await c.client.api.standards.discardCapture({ photoId: good.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'ALREADY_DELIVERED' } });
      expect(await photoIds()).toEqual([good.id]);
      const { handle } = unwrap<{ handle: string }>(await c.client.api.photos.open({ photoId: good.id }));
      expect((await c.client.resolvePhoto(handle)).size).toBe(good.byteSize);
      expect(await pacs().countInstances()).toBe(before + 1);
      const { records } = unwrap<{ records: AuditRecord[] }>(await c.client.api.audit.search({ action: 'photo.discard', pageSize: 10 }));
      expect(records.map((r) => [r.outcome, r.photoId, r.detail])).toEqual([['denied', good.id, 'already-delivered']]);
    } finally {
      await c.dispose();
    }
  });
});
