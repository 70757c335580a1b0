// A core's compare workers end with it: after colour-checker detection, an alignment (the same
// OpenCV thread) and an exported comparison (each started its worker, which then idles, unref'd, for a minute), core.close() leaves no worker
// thread of the core running, so none keeps its decrypted pixels alive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveWorkerCount } from '../support/worker-host';
import { ADMIN, importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { emptyScene } from './test-support/checker-scenes';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let ids: [string, string];

beforeAll(async () => {
  clinic = await initializedClinic();
  unwrap(await clinic.client.api.patients.register({ mrn: 'WRK-1', familyName: 'Nakamura', givenName: 'Emi', birthDate: '1980-05-06', sex: 'F' }));
  const photo = async (seed: number) => importPhoto(clinic.client, { mrn: 'WRK-1', bytes: await emptyScene({ width: 800, height: 600, seed, noise: 4 }), device: 'test generator' });
  ids = [await photo(41), await photo(42)];
}, 120_000);
afterAll(() => clinic?.dispose());

describe('core.close() and the compare workers', () => {
  it('the last sign-out ends them too', async () => {
    const before = liveWorkerCount();
    expect(unwrap(await clinic.client.api.compare.detectChecker({ photoId: ids[0] })).found).toBe(false);
    expect(liveWorkerCount()).toBe(before + 1);
    unwrap(await clinic.client.api.session.signOut({}));
    await expect.poll(() => liveWorkerCount()).toBe(before);
    unwrap(await clinic.client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
  }, 120_000);

  it('leaves no worker thread of the core running', async () => {
    const before = liveWorkerCount();
    const api = clinic.client.api;
    expect(unwrap(await api.compare.detectChecker({ photoId: ids[0] })).found).toBe(false);
    // Alignment (refused or not: the worker answered either way) shares the checker's OpenCV thread.
    const aligned = await api.compare.align({ fromPhotoId: ids[0], toPhotoId: ids[1] });
    expect(aligned.ok || aligned.error.code === 'ALIGNMENT_FAILED').toBe(true);
    unwrap(await api.compare.export({ photoIds: ids, mode: 'side-by-side' }));
    // The OpenCV and compose workers answered and are idle now, still alive for their minute.
    expect(liveWorkerCount()).toBe(before + 2);
    await clinic.core.close();
    expect(liveWorkerCount()).toBe(0);
  }, 120_000);
});
