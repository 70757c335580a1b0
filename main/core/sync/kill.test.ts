// The sync worker killed at random points while it uploads N photos (SIGKILL of the whole process,
// so a STOW-RS can be cut mid-body, after Orthanc stored it but before the row says so, or during
// the read-back). The in_flight rows a killed run left are taken over by the next run once their
// claims' lease has run out (FAST_SYNC: 3 s) and sent again; at the end every photo is
// verified, Orthanc holds exactly N instances and the FHIR server N DocumentReferences: delivered
// exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryTarget, PhotoDelivery } from '../../../shared/channels/delivery';
import { ADMIN, testCore, unwrap, importPhoto } from '../test-support/fixtures';
import type { DocumentReference } from '@medplum/fhirtypes';
import { startFhirServer, startOrthanc, type FhirPeer, type OrthancPeer } from '../test-support/peers';
import { FAST_SYNC, addTarget, pacsTarget, deliveryClinic, testJpeg, waitForDeliveries } from './test-helpers';
import { runAndKill } from './test-support/run-and-kill';

const N = 30;

let pacs: OrthancPeer;
let emr: FhirPeer;
beforeAll(async () => {
  [pacs, emr] = await Promise.all([startOrthanc(), startFhirServer({ tls: true, bearerToken: 'kill-token' })]);
}, 30_000);
afterAll(async () => {
  await Promise.all([pacs?.stop(), emr?.stop()]);
});

describe('sync worker under SIGKILL', () => {
  it(`delivers ${N} photos to DICOMweb and FHIR exactly once across random kills`, { timeout: 300_000 }, async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, pacsTarget(pacs, { name: 'Kill PACS', enabled: false }));
      await addTarget(c.client, { name: 'Kill EMR', kind: 'fhir', baseUrl: emr.baseUrl, authKind: 'bearer', secret: 'kill-token', pinnedCaPem: emr.caPem!, enabled: false });
      const ids: string[] = [];
      for (let i = 0; i < N; i++) ids.push(await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(100 + i, { width: 1600, height: 1200 }), device: 'kill-test' }));
      await c.core.close();

      const delays = Array.from({ length: 12 }, () => Math.floor(Math.random() * 200));
      const progress: string[] = [];
      for (const delay of delays) await runAndKill(c.dir, delay, 2 * N, progress);
      console.log(`[kill-test] kill delays (ms after the worker's first step): ${delays.join(', ')}; last status (in_flight delivered verified) at each kill: ${progress.join(' | ')}`);
      // The kills must have hit uploads in progress, or this test proves nothing.
      expect(progress.some((p) => /^status [1-9]/.test(p))).toBe(true);

      const core = testCore(c.dir, { sync: FAST_SYNC });
      try {
        const client = core.connect();
        unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
        const targets = unwrap<DeliveryTarget[]>(await client.api.delivery.listTargets({}));
        expect(targets.map((t) => t.enabled)).toEqual([true, true]);
        const midway = unwrap<PhotoDelivery[]>(await client.api.delivery.forPhotos({ photoIds: ids }));
        console.log(`[kill-test] states after the kills: ${JSON.stringify(countBy(midway.map((d) => d.state)))}`);
        const rows = await waitForDeliveries(client, ids, (d) => d.state === 'verified', 60_000);
        expect(rows).toHaveLength(2 * N);
      } finally {
        await core.close();
      }
      expect(await pacs.countInstances()).toBe(N);
      expect(new Set(await pacs.listSopInstanceUids()).size).toBe(N);
      const docs = await emr.resources<DocumentReference>('DocumentReference');
      expect(docs).toHaveLength(N);
      expect(new Set(docs.map((d) => d.identifier?.[0]?.value)).size).toBe(N);
    } finally {
      await c.dispose();
    }
  });
});

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
