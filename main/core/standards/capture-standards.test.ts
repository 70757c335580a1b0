// Clinical capture through the real core: a capture needs a valid site, side and view before the
// camera fires; every photo stores its context, provider, quality scores and EXIF settings; a
// failed quality check keeps the photo; the ghost overlay finds the previous photo of the site;
// a discarded capture leaves neither row nor file behind.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureContext, Encounter, Patient, Photo } from '../../../shared/domain';
import type { CameraDriver } from '../capture/camera';
import { renderClinicalScene } from '../capture/simulated-camera';
import { makeVariant } from '../imaging/test-images';
import { initializedClinic, unwrap, importPhoto } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { FACE_FRONT } from './sample-context';

const ADA = { mrn: 'CS-1', familyName: 'Lindqvist', givenName: 'Maja', birthDate: '1979-03-02', sex: 'F' as const };
const LEFT_HAND: CaptureContext = { bodySite: { code: '281642007', display: 'Skin of part of dorsal surface of hand' }, laterality: 'left', view: 'dorsal' };

/** A camera whose next frame the test chooses, counting how often the shutter fired. */
function scriptedCamera() {
  const state = { shots: 0, next: null as Buffer | null };
  const driver: CameraDriver = {
    id: 'script:0',
    label: 'Scripted',
    kind: 'simulated',
    async capture() {
      state.shots++;
      const bytes = state.next ?? (await renderClinicalScene(1200, 800, state.shots, 99));
      return { bytes, device: 'Scripted camera' };
    },
  };
  return { driver, state };
}

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function setUp() {
  const camera = scriptedCamera();
  const c = await initializedClinic({ cameras: [camera.driver] });
  dispose = c.dispose;
  const patient = unwrap<Patient>(await c.client.api.patients.register(ADA));
  const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: patient.id }));
  // Contexts here are often invalid on purpose: sent as a shell would, unchecked by the compiler.
  // eslint-disable-next-line no-restricted-syntax -- a hostile payload, as a renderer could send it
  const take = (context: unknown) => c.client.invoke('capture.take', { encounterId: encounter.id, cameraId: 'script:0', context });
  const sealedFiles = async () => (await readdir(path.join(c.dir, 'blobs'), { recursive: true })).filter((f) => f.endsWith('.cpb')).length;
  return { c, camera, patient, encounter, take, sealedFiles };
}

describe('capture context', () => {
  it('refuses a capture without a site, with an unknown site, or with a side the site does not allow, before the shutter fires', async () => {
    const { camera, take } = await setUp();
    expect(await take(undefined)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await take({ ...FACE_FRONT, bodySite: { code: '22298006', display: 'Myocardial infarction' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { 'context.bodySite.code': expect.any(String) } },
    });
    expect(await take({ ...LEFT_HAND, laterality: 'unpaired' })).toMatchObject({ ok: false, error: { fields: { 'context.laterality': expect.any(String) } } });
    expect(await take({ ...FACE_FRONT, laterality: 'left' })).toMatchObject({ ok: false, error: { fields: { 'context.laterality': expect.any(String) } } });
    expect(await take({ ...FACE_FRONT, view: 'sideways' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await take({ ...FACE_FRONT, template: { id: 'face-5-view', step: 5 } })).toMatchObject({ ok: false, error: { fields: { 'context.template.step': expect.any(String) } } });
    expect(camera.state.shots).toBe(0);
  });

  it('stores site, side, view, template step, provider, quality and EXIF with the photo, and shows them in the gallery', async () => {
    const { c, patient, take } = await setUp();
    const context: CaptureContext = { ...FACE_FRONT, bodySite: { code: '73897004', display: 'whatever the client said' }, template: { id: 'face-5-view', step: 0 } };
    const result = await take(context);
    expect(result.ok).toBe(true);
    const photo = (result as { value: Photo }).value;
    expect(photo.context).toEqual({ bodySite: { code: '73897004', display: 'Skin of face' }, laterality: 'unpaired', view: 'anterior', template: { id: 'face-5-view', step: 0 } });
    expect(photo.providerName).toBe('Dr Ada Admin');
    expect(photo.quality).toMatchObject({ failed: [] });
    expect(photo.quality!.sharpness).toBeGreaterThan(8);
    expect(photo.camera).toMatchObject({ make: 'Clinic Photo', model: 'Simulated camera' });
    const [listed] = unwrap<Photo[]>(await c.client.api.photos.list({ patientId: patient.id }));
    expect(listed).toMatchObject({ context: photo.context, quality: photo.quality, camera: photo.camera, providerName: 'Dr Ada Admin' });
  });

  it('keeps a photo that fails a quality check, with the failure recorded', async () => {
    const { camera, take } = await setUp();
    camera.state.next = await makeVariant(await renderClinicalScene(1200, 800, 1, 5), 'blurred');
    const photo = ((await take(LEFT_HAND)) as { value: Photo }).value;
    expect(photo.quality?.failed).toEqual(['blur']);
    expect(photo.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads camera settings from EXIF on import, without a capture context', async () => {
    const { c, patient } = await setUp();
    const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#a07860' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Nikon', Model: 'D850' }, IFD2: { ExposureTime: '1/125', FNumber: '11', ISOSpeedRatings: '200', FocalLength: '105', Flash: '1', WhiteBalance: '1', LensModel: 'AF-S VR Micro-Nikkor 105mm f/2.8G' } })
      .toBuffer();
    const photoId = await importPhoto(c.client, { mrn: patient.mrn, bytes: jpeg, device: 'import' });
    const photo = (unwrap<Photo[]>(await c.client.api.photos.list({ patientId: patient.id }))).find((p) => p.id === photoId)!;
    expect(photo.context).toBeNull();
    expect(photo.camera).toEqual({
      make: 'Nikon',
      model: 'D850',
      lens: 'AF-S VR Micro-Nikkor 105mm f/2.8G',
      exposureTime: 0.008,
      fNumber: 11,
      iso: 200,
      focalLength: 105,
      flash: expect.stringContaining('fired'),
      whiteBalance: 'Manual',
    });
    expect(photo.quality?.failed).toEqual(['blur']); // a flat colour has no detail at all
  });
});

describe('previous photo for the ghost overlay', () => {
  it('is the newest photo of the same site and side, preferring the same view', async () => {
    const { c, patient, take } = await setUp();
    const ask = async (context: CaptureContext) =>
      unwrap<{ photo: { id: string; handle: string } | null }>(await c.client.api.standards.previousPhoto({
        patientId: patient.id,
        bodySiteCode: context.bodySite.code,
        laterality: context.laterality,
        view: context.view,
      }));
    expect((await ask(LEFT_HAND)).photo).toBeNull();
    const first = ((await take(LEFT_HAND)) as { value: Photo }).value;
    await take({ ...LEFT_HAND, view: 'close-up' });
    await take({ ...LEFT_HAND, laterality: 'right' });
    const previous = (await ask(LEFT_HAND)).photo;
    expect(previous?.id).toBe(first.id);
    const bytes = await c.client.resolvePhoto(previous!.handle);
    expect(bytes.size).toBe(first.byteSize);
    expect((await ask({ ...LEFT_HAND, laterality: 'bilateral' })).photo).toBeNull();
  });
});

describe('discarding a capture at the retake prompt', () => {
  it('removes the photo rows and its sealed files, and is audited', async () => {
    const { c, patient, take, sealedFiles } = await setUp();
    const kept = ((await take(FACE_FRONT)) as { value: Photo }).value;
    const rejected = ((await take(FACE_FRONT)) as { value: Photo }).value;
    expect(await sealedFiles()).toBe(4);
    expect(unwrap(await c.client.api.standards.discardCapture({ photoId: rejected.id }))).toEqual({ discarded: true });
    expect(await sealedFiles()).toBe(2);
    expect((unwrap<Photo[]>(await c.client.api.photos.list({ patientId: patient.id }))).map((p) => p.id)).toEqual([kept.id]);
    expect(await c.client.api.standards.discardCapture({ photoId: rejected.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await scanForPlaintext(c.dir, [ADA.familyName, ADA.mrn])).toEqual([]);
  });

  it('refuses to discard an imported photo', async () => {
    const { c, patient, sealedFiles } = await setUp();
    const photoId = await importPhoto(c.client, { mrn: patient.mrn, bytes: await renderClinicalScene(900, 600, 1, 1), device: 'import' });
    expect(await c.client.api.standards.discardCapture({ photoId })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await sealedFiles()).toBe(2);
  });
});
