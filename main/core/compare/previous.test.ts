// compare.previous: the photo "Compare with…" opens by default is the newest earlier one of the
// same body site, laterality and view, never a later one, another side or another patient's;
// and an unknown photo is NOT_FOUND.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureContext, Photo } from '../../../shared/domain';
import { createSimulatedCamera } from '../capture/simulated-camera';
import { initializedClinic, unwrap } from '../test-support/fixtures';

const CHEEK_LEFT: CaptureContext = { bodySite: { code: '36141000', display: 'Skin of cheek' }, laterality: 'left', view: 'anterior' };
const CHEEK_RIGHT: CaptureContext = { ...CHEEK_LEFT, laterality: 'right' };

let now = Date.parse('2026-01-05T09:00:00.000Z');
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
const shots: Record<string, Photo> = {};

beforeAll(async () => {
  clinic = await initializedClinic({ cameras: [createSimulatedCamera({ width: 800, height: 600 })], clock: () => new Date(now) });
  const api = clinic.client.api;
  const patient = unwrap<{ id: string }>(await api.patients.register({ mrn: 'PRV-1', familyName: 'Haddad', givenName: 'Rana', birthDate: '1970-06-15', sex: 'F' }));
  const encounter = unwrap<{ id: string }>(await api.encounters.start({ patientId: patient.id }));
  const take = async (name: string, context: CaptureContext) => {
    now += 1000; // apart in time (a larger step would trip the idle lock)
    shots[name] = unwrap<Photo>(await api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context }));
  };
  await take('firstLeft', CHEEK_LEFT);
  await take('right', CHEEK_RIGHT);
  await take('secondLeft', CHEEK_LEFT);
  await take('thirdLeft', CHEEK_LEFT);
}, 60_000);
afterAll(() => clinic?.dispose());

describe('compare.previous', () => {
  it('finds the newest earlier photo of the same site, side and view', async () => {
    const api = clinic.client.api;
    expect(unwrap<{ photo: Photo | null }>(await api.compare.previous({ photoId: shots.thirdLeft!.id })).photo?.id).toBe(shots.secondLeft!.id);
    expect(unwrap<{ photo: Photo | null }>(await api.compare.previous({ photoId: shots.secondLeft!.id })).photo?.id).toBe(shots.firstLeft!.id);
    expect(unwrap<{ photo: Photo | null }>(await api.compare.previous({ photoId: shots.firstLeft!.id })).photo).toBeNull();
    expect(unwrap<{ photo: Photo | null }>(await api.compare.previous({ photoId: shots.right!.id })).photo).toBeNull();
    // Handing out another photo's thumbnail is audited as a listing, as the gallery's is.
    const listed = unwrap<{ records: Array<{ photoId: string | null; detail: string }> }>(await api.audit.search({ action: 'photo.list', pageSize: 200 }));
    expect(listed.records.filter((r) => r.detail.startsWith('previous-of=')).map((r) => [r.photoId, r.detail])).toEqual(
      expect.arrayContaining([
        [shots.secondLeft!.id, `previous-of=${shots.thirdLeft!.id}`],
        [shots.firstLeft!.id, `previous-of=${shots.secondLeft!.id}`],
      ]),
    );
  });

  it('answers NOT_FOUND for an unknown photo', async () => {
    const result = await clinic.client.api.compare.previous({ photoId: 'e'.repeat(32) });
    expect(result.ok ? null : result.error.code).toBe('NOT_FOUND');
  });
});
