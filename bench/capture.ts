import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createCore } from '../main/core/core';
import type { CameraDriver } from '../main/core/capture/camera';
import { renderClinicalScene } from '../main/core/capture/simulated-camera';
import { silentLogger } from '../main/core/support/log';
import type { Result } from '../shared/result';
import { report, timeRuns } from './stats';
import { FACE_FRONT } from '../main/core/standards/sample-context';

export async function benchCapture(runs: number): Promise<void> {
  // One pre-rendered frame for both sides, so the camera's own rendering time is out of the ratio.
  const frame = await renderClinicalScene(2400, 1600, 1, 42);
  const camera: CameraDriver = { id: 'bench:0', label: 'Bench', kind: 'simulated', capture: async () => ({ bytes: frame, device: 'Bench' }) };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-capture-'));
  const core = createCore({ dataDir: path.join(dir, 'data'), cameras: [camera], log: silentLogger });
  const client = core.connect();
  const value = async <T>(r: Promise<Result<unknown>>) => {
    const res = await r;
    if (!res.ok) throw new Error(res.error.code);
    return res.value as T;
  };
  await value(client.api.setup.initialize({ clinicName: 'Bench Clinic', admin: { username: 'admin', displayName: 'Admin', password: 'bench password 123' } }));
  const patient = await value<{ id: string }>(client.api.patients.register({ mrn: 'B1', familyName: 'Bench', givenName: 'Mark', birthDate: '1990-01-01', sex: 'U' }));
  const encounter = await value<{ id: string }>(client.api.encounters.start({ patientId: patient.id }));

  const baseline = await timeRuns(runs, async () => {
    createHash('sha256').update(frame).digest();
    const thumb = await sharp(frame).rotate().resize(480, 480, { fit: 'inside' }).jpeg({ quality: 82 }).toBuffer();
    for (const bytes of [frame, thumb]) {
      const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
      const sealed = Buffer.concat([cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
      await writeFile(path.join(dir, `baseline-${randomBytes(4).toString('hex')}`), sealed, { flush: true });
    }
  });
  const subject = await timeRuns(runs, async () => {
    const photo = await value<{ thumbnail: { handle: string } }>(client.api.capture.take({ encounterId: encounter.id, cameraId: 'bench:0', context: FACE_FRONT }));
    const bytes = await client.resolvePhoto(photo.thumbnail.handle);
    for await (const _ of bytes.stream()) void _;
  });
  await core.close();
  await rm(dir, { recursive: true, force: true });
  report('capture (to thumbnail bytes)', subject, baseline);
}
