// The camera use-cases through the core's router, with real SQLCipher and sealed blobs: webcam
// photos, tethered mode (fake gphoto2 on PATH, through the real driver), live view, wristband
// decoding, and the context checks that refuse a photo for the wrong patient.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import type { Photo } from '../../../shared/domain';
import { createGphoto2Camera } from '../capture/gphoto2/driver';
import { fakeGphoto2Path } from '../capture/gphoto2/test-support/fake-path';
import { createSimulatedCamera } from '../capture/simulated-camera';
import { FACE_FRONT } from '../standards/sample-context';
import { initializedClinic, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';

let work: string;
let jpegs: string[];
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let patientA: { id: string };
let patientB: { id: string };
let encounterA: { id: string };
const PHI = ['Quenneville', 'Osei-Bonsu', 'QX-100', 'QX-200'];

/** A textured, camera-like JPEG (quality checks see detail, not a flat field). */
const photoLike = (seed: number) =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 190 + seed, g: 140, b: 110 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 90 })
    .toBuffer();

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'camera-capture-test-'));
  jpegs = [];
  for (const seed of [1, 2]) {
    const file = path.join(work, `shot${seed}.jpg`);
    writeFileSync(file, await photoLike(seed));
    jpegs.push(file);
  }
  const tethered = createGphoto2Camera(
    { model: 'Canon EOS 80D', port: 'usb:001,004' },
    { runtime: { searchPath: fakeGphoto2Path(work, { mode: 'ok', jpegs }), tempBase: work } },
  );
  clinic = await initializedClinic({ cameras: [createSimulatedCamera({ width: 800, height: 600 }), tethered] });
  patientA = unwrap(await clinic.client.api.patients.register({ mrn: 'QX-100', familyName: 'Quenneville', givenName: 'Anne', birthDate: '1970-01-02', sex: 'F' }));
  patientB = unwrap(await clinic.client.api.patients.register({ mrn: 'QX-200', familyName: 'Osei-Bonsu', givenName: 'Kofi', birthDate: '1988-08-08', sex: 'M' }));
  encounterA = unwrap(await clinic.client.api.encounters.start({ patientId: patientA.id }));
});

afterAll(async () => {
  const dir = clinic.dir;
  await clinic.core.close();
  expect(await scanForPlaintext(dir, PHI)).toEqual([]);
  await clinic.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('camera channels', () => {
  it('lists the tethered camera as the default, ahead of the simulated one', async () => {
    const cameras = unwrap<Array<{ id: string; kind: string; isDefault: boolean }>>(await clinic.client.api.cameras.list({}));
    expect(cameras.find((c) => c.isDefault)).toMatchObject({ id: 'gphoto2:usb:001,004', kind: 'tethered' });
  });

  it('ingests a webcam photo for the encounter on screen', async () => {
    const bytes = await readFile(jpegs[0]!);
    const photo = unwrap<Photo>(await clinic.client.api.capture.ingestFrame({
      encounterId: encounterA.id,
      patientId: patientA.id,
      context: FACE_FRONT,
      imageBase64: bytes.toString('base64'),
      device: 'HD Pro Webcam C920',
    }));
    expect(photo).toMatchObject({ patientId: patientA.id, encounterId: encounterA.id, source: 'camera', device: 'Webcam: HD Pro Webcam C920', width: 1600, height: 1200 });
  });

  it('refuses a photo whose encounter belongs to another patient, and bytes that are not an image', async () => {
    const bytes = (await readFile(jpegs[0]!)).toString('base64');
    const wrong = await clinic.client.api.capture.ingestFrame({ encounterId: encounterA.id, patientId: patientB.id, context: FACE_FRONT, imageBase64: bytes, device: 'cam' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'CONTEXT_MISMATCH' } });
    const junk = await clinic.client.api.capture.ingestFrame({
      encounterId: encounterA.id,
      patientId: patientA.id,
      context: FACE_FRONT,
      imageBase64: Buffer.from('definitely not a jpeg').toString('base64'),
      device: 'cam',
    });
    expect(junk).toMatchObject({ ok: false, error: { code: 'INVALID_IMAGE' } });
    const list = unwrap<Photo[]>(await clinic.client.api.photos.list({ patientId: patientB.id }));
    expect(list).toEqual([]);
  });

  it('ingests photos taken with the camera shutter in tethered mode', async () => {
    const { sessionId } = unwrap<{ sessionId: string }>(await clinic.client.api.capture.tetheredStart({
      encounterId: encounterA.id,
      patientId: patientA.id,
      context: FACE_FRONT,
      cameraId: 'gphoto2:usb:001,004',
    }));
    const got: Photo[] = [];
    for (let i = 0; i < 40 && got.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const poll = unwrap<{ photos: Photo[]; error: unknown }>(await clinic.client.api.capture.tetheredPoll({ sessionId }));
      expect(poll.error).toBeNull();
      got.push(...poll.photos);
    }
    const stopped = unwrap<{ photos: Photo[]; error: unknown }>(await clinic.client.api.capture.tetheredStop({ sessionId }));
    got.push(...stopped.photos);
    expect(got).toHaveLength(2);
    for (const p of got) expect(p).toMatchObject({ patientId: patientA.id, encounterId: encounterA.id, device: 'Canon EOS 80D (gphoto2, usb:001,004)' });
    // A finished session is gone; another client cannot poll it either.
    expect(await clinic.client.api.capture.tetheredPoll({ sessionId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('serves live view frames from the camera preview stream', async () => {
    const { sessionId } = unwrap<{ sessionId: string }>(await clinic.client.api.cameras.liveViewStart({ cameraId: 'gphoto2:usb:001,004' }));
    const first = unwrap<{ seq: number; jpegBase64: string } | null>(await clinic.client.api.cameras.liveViewFrame({ sessionId, after: 0 }));
    expect(first).not.toBeNull();
    const meta = await sharp(Buffer.from(first!.jpegBase64, 'base64')).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1600 });
    const next = unwrap<{ seq: number } | null>(await clinic.client.api.cameras.liveViewFrame({ sessionId, after: first!.seq }));
    expect(next!.seq).toBeGreaterThan(first!.seq);
    expect(unwrap(await clinic.client.api.cameras.liveViewStop({ sessionId }))).toEqual({ stopped: true });
    expect(await clinic.client.api.cameras.liveViewFrame({ sessionId, after: 0 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('decodes a wristband QR code from a webcam frame in the core', async () => {
    const wasm = await readFile(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
    await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
    const qr = await writeBarcode('QX-100', { format: 'QRCode', scale: 6 });
    const frame = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#8a7d70' } })
      .composite([{ input: await sharp(Buffer.from(await qr.image!.arrayBuffer())).flatten({ background: '#fff' }).toBuffer(), left: 500, top: 200 }])
      .jpeg()
      .toBuffer();
    const started = performance.now();
    const result = unwrap<{ codes: Array<{ format: string; text: string }> }>(await clinic.client.api.cameras.decodeBarcode({ imageBase64: frame.toString('base64') }));
    console.log(`[timing] decodeBarcode 1280×720 frame: ${(performance.now() - started).toFixed(0)} ms`);
    expect(result.codes).toEqual([{ format: 'QRCode', text: 'QX-100' }]);
    const bad = await clinic.client.api.cameras.decodeBarcode({ imageBase64: Buffer.from('not an image').toString('base64') });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_IMAGE' } });
  });
});
