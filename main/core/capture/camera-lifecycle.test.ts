// Camera sessions belong to the user and session that started them, through a real core (real
// SQLCipher, real ingest): a lock, a sign-out or a switch of user stops them, a photo the camera
// shoots afterwards is not ingested, another user in the same window cannot read them, and the
// renderer's stop calls are allowed while locked. The driver is a hand-operated test camera whose
// shutter the test presses; it keeps delivering after `stop` (as a frame already in the cable
// would), so the core's own guard is what is tested.
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result';
import type { CoreClient } from '../core';
import { addStaff, STAFF_PASSWORD, withDatabase } from '../access/test-staff';
import { FACE_FRONT } from '../standards/sample-context';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
import type { CameraDriver, CapturedFrame } from './camera';

interface HandCamera extends CameraDriver {
  shoot(): Promise<void>;
  preview(): Promise<void>;
  readonly stops: { tethered: number; live: number };
}

const jpeg = (seed: number) =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 120 + seed, g: 140, b: 110 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 85 })
    .toBuffer();

function handCamera(): HandCamera {
  let onPhoto: ((frame: CapturedFrame) => void) | null = null;
  let onFrame: ((jpeg: Buffer) => void) | null = null;
  const stops = { tethered: 0, live: 0 };
  let shots = 0;
  const never = new Promise<unknown>(() => undefined);
  return {
    id: 'hand:1',
    label: 'Hand-operated test camera',
    kind: 'tethered',
    stops,
    capture: async () => ({ bytes: await jpeg(0), device: 'Hand camera' }),
    async startTethered(cb) {
      onPhoto = cb;
      return { ended: never, stop: async () => void (stops.tethered += 1) };
    },
    async startLiveView(cb) {
      onFrame = cb;
      return { ended: never, stop: async () => void (stops.live += 1) };
    },
    async shoot() {
      onPhoto?.({ bytes: await jpeg(++shots), device: 'Hand camera' });
    },
    async preview() {
      onFrame?.(await jpeg(100));
    },
  };
}

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let camera: HandCamera;
let patientId: string;
let encounterId: string;

beforeEach(async () => {
  camera = handCamera();
  clinic = await initializedClinic({ cameras: [camera] });
  await addStaff(clinic.dir, { clin: 'clinician' });
  patientId = (unwrap<{ id: string }>(await clinic.client.api.patients.register({ mrn: 'CAM-1', familyName: 'Ibarra', givenName: 'Lucia', birthDate: '1966-04-04', sex: 'F' }))).id;
  encounterId = (unwrap<{ id: string }>(await clinic.client.api.encounters.start({ patientId }))).id;
});
afterEach(() => clinic.dispose());

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const photoCount = () => withDatabase(clinic.dir, (db) => db.prepare('SELECT count(*) FROM photos').pluck().get() as number);

async function startBoth(client: CoreClient) {
  const tethered = unwrap<{ sessionId: string }>(await client.api.capture.tetheredStart({ encounterId, patientId, context: FACE_FRONT, cameraId: camera.id }));
  const live = unwrap<{ sessionId: string }>(await client.api.cameras.liveViewStart({ cameraId: camera.id }));
  return { tethered: tethered.sessionId, live: live.sessionId };
}

describe('camera sessions and the session lifecycle', () => {
  it('a lock stops the cameras; a photo shot afterwards is not ingested, even after unlocking', async () => {
    const ids = await startBoth(clinic.client);
    await camera.shoot();
    const first = unwrap(await clinic.client.api.capture.tetheredPoll({ sessionId: ids.tethered }));
    expect(first.photos).toEqual([expect.objectContaining({ patientId })]);

    unwrap(await clinic.client.api.session.lock({}));
    expect(camera.stops).toEqual({ tethered: 1, live: 1 });
    await camera.shoot();
    unwrap(await clinic.client.api.session.unlock({ password: ADMIN.password }));
    expect(code(await clinic.client.api.capture.tetheredPoll({ sessionId: ids.tethered }))).toBe('NOT_FOUND');
    expect(await photoCount()).toBe(1);
  });

  it('stopping is allowed while locked', async () => {
    const ids = await startBoth(clinic.client);
    unwrap(await clinic.client.api.session.lock({}));
    expect(await clinic.client.api.capture.tetheredStop({ sessionId: ids.tethered })).toEqual({ ok: true, value: { photos: [], error: null } });
    expect(await clinic.client.api.cameras.liveViewStop({ sessionId: ids.live })).toEqual({ ok: true, value: { stopped: false } });
    // Everything else still waits for the unlock.
    expect(code(await clinic.client.api.capture.tetheredPoll({ sessionId: ids.tethered }))).toBe('SESSION_LOCKED');
  });

  it('another user switching in on the same window cannot read the photos or the live view, and new shots are not ingested', async () => {
    const ids = await startBoth(clinic.client);
    await camera.preview();
    await camera.shoot();
    expect((unwrap<{ photos: unknown[] }>(await clinic.client.api.capture.tetheredPoll({ sessionId: ids.tethered }))).photos).toHaveLength(1);
    unwrap(await clinic.client.api.session.switchUser({ username: 'clin', password: STAFF_PASSWORD }));
    expect(camera.stops).toEqual({ tethered: 1, live: 1 });
    expect(code(await clinic.client.api.capture.tetheredPoll({ sessionId: ids.tethered }))).toBe('NOT_FOUND');
    expect(code(await clinic.client.api.capture.tetheredStop({ sessionId: ids.tethered }))).toBe('ok');
    expect(code(await clinic.client.api.cameras.liveViewFrame({ sessionId: ids.live, after: 0 }))).toBe('NOT_FOUND');
    await camera.shoot();
    await camera.preview();
    // The one shot before the switch was ingested under the administrator; nothing since.
    const rows = await withDatabase(clinic.dir, (db) => db.prepare('SELECT u.username FROM photos p JOIN users u ON u.id = p.captured_by').pluck().all());
    expect(rows).toEqual([ADMIN.username]);
  });

  it('signing out stops the cameras too', async () => {
    await startBoth(clinic.client);
    unwrap(await clinic.client.api.session.signOut({}));
    expect(camera.stops).toEqual({ tethered: 1, live: 1 });
  });
});
