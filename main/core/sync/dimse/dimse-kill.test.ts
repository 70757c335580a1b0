// The DIMSE path under the same kill test as DICOMweb (../kill.test.ts): the sync worker's process
// SIGKILLed at random instants while it C-STOREs N photos to Orthanc's DICOM port (an association
// cut mid-transfer, a store Orthanc completed before the row says so, a C-FIND read-back cut off).
// After every restart the in_flight rows are sent again; at the end every photo is verified and
// Orthanc holds exactly N instances, each once: no loss, no duplicate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoDelivery } from '../../../../shared/channels/delivery';
import { ADMIN, importPhoto, testCore, unwrap } from '../../test-support/fixtures';
import { startOrthanc, type OrthancPeer } from '../../test-support/peers';
import { FAST_SYNC, addTarget, deliveryClinic, testJpeg, waitForDeliveries } from '../test-helpers';
import { runAndKill } from '../test-support/run-and-kill';

const N = 24;
const STATION = 'KILLCAM';

let pacs: OrthancPeer;
beforeAll(async () => {
  pacs = await startOrthanc({ dimseCallingAe: STATION });
}, 30_000);
afterAll(async () => {
  await pacs?.stop();
});

describe('DIMSE sync worker under SIGKILL', () => {
  it(`C-STOREs ${N} photos to Orthanc exactly once across random kills`, { timeout: 240_000 }, async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, {
        name: 'Kill PACS (DIMSE)',
        kind: 'dimse',
        baseUrl: `dicom://127.0.0.1:${pacs.dicomPort}`,
        authKind: 'none',
        dimse: { calledAe: 'ORTHANC', callingAe: STATION, verification: 'find' },
        enabled: false,
      });
      const ids: string[] = [];
      for (let i = 0; i < N; i++) ids.push(await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(300 + i, { width: 1600, height: 1200 }), device: 'kill-test' }));
      await c.core.close();

      const delays = Array.from({ length: 12 }, () => Math.floor(Math.random() * 200));
      const progress: string[] = [];
      for (const delay of delays) await runAndKill(c.dir, delay, N, progress);
      console.log(`[dimse-kill-test] kill delays (ms): ${delays.join(', ')}; status (in_flight delivered verified) at each kill: ${progress.join(' | ')}`);
      expect(progress.some((p) => /^status [1-9]/.test(p))).toBe(true);

      const core = testCore(c.dir, { sync: FAST_SYNC });
      try {
        const client = core.connect();
        unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
        const midway = unwrap<PhotoDelivery[]>(await client.api.delivery.forPhotos({ photoIds: ids }));
        console.log(`[dimse-kill-test] states after the kills: ${JSON.stringify(midway.map((d) => d.state).sort())}`);
        const rows = await waitForDeliveries(client, ids, (d) => d.state === 'verified', 90_000);
        expect(rows).toHaveLength(N);
      } finally {
        await core.close();
      }
      expect(await pacs.countInstances()).toBe(N);
      expect(new Set(await pacs.listSopInstanceUids()).size).toBe(N);
    } finally {
      await c.dispose();
    }
  });
});
