// DIMSE delivery end to end: import → queued → C-STORE → read-back → verified, against Orthanc's
// DICOM port (read-back by IMAGE-level C-FIND) and dcmtk's storescp (no queries: verified by the
// C-STORE status). The JPEG bytes arrive unchanged; the instance is in Orthanc once even when sent
// twice; an unknown AE title fails with the PACS's reason; plain DIMSE to another host is refused.
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryTarget } from '../../../../shared/channels/delivery';
import { importPhoto, unwrap } from '../../test-support/fixtures';
import { startOrthanc, type OrthancPeer } from '../../test-support/peers';
import { startStorescp, type StorescpPeer } from '../../test-support/peers/storescp';
import { addTarget, deliveryClinic, testJpeg, waitForDeliveries } from '../test-helpers';
import { freeLoopbackPort } from '../../test-support/peers/processes';

const run = promisify(execFile);
const STATION = 'CLINICCAM';
let pacs: OrthancPeer;
let scp: StorescpPeer;
beforeAll(async () => {
  [pacs, scp] = await Promise.all([startOrthanc({ dimseCallingAe: STATION }), startStorescp(STATION)]);
}, 30_000);
afterAll(async () => {
  await Promise.all([pacs?.stop(), scp?.stop()]);
});

const orthancTarget = (over: Record<string, unknown> = {}) => ({
  name: 'Old PACS',
  kind: 'dimse' as const,
  baseUrl: `dicom://127.0.0.1:${pacs.dicomPort}`,
  authKind: 'none' as const,
  dimse: { calledAe: 'ORTHANC', callingAe: STATION, verification: 'find' as const },
  ...over,
});

describe('DIMSE delivery', () => {
  it('C-STOREs a photo to Orthanc and verifies it by C-FIND; once in Orthanc', async () => {
    const c = await deliveryClinic();
    try {
      const target = await addTarget(c.client, orthancTarget());
      expect(target).toMatchObject({ kind: 'dimse', baseUrl: `dicom://127.0.0.1:${pacs.dicomPort}`, dimse: { calledAe: 'ORTHANC', callingAe: STATION, verification: 'find', tls: false } });
      expect(unwrap(await c.client.api.delivery.testTarget({ targetId: target.id }))).toEqual({ ok: true, message: 'Connected: the PACS answered a C-ECHO.' });
      const before = await pacs.countInstances();
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(7), device: 'test' });
      const [row] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      expect(row).toMatchObject({ kind: 'dicom', state: 'verified', lastError: null });
      const sop = row!.remoteId!.split('/')[2]!;
      expect(await pacs.listSopInstanceUids()).toContain(sop);
      expect(await pacs.countInstances()).toBe(before + 1);

      // Sent again (as after a reply lost to a crash): still one copy.
      const second = await addTarget(c.client, orthancTarget({ name: 'Same PACS again' }));
      await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      expect(second.id).not.toBe(target.id);
      expect(await pacs.countInstances()).toBe(before + 1);
    } finally {
      await c.dispose();
    }
  });

  it('C-STOREs to storescp with the JPEG unchanged, verified by the store status', async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, { name: 'storescp', kind: 'dimse', baseUrl: `127.0.0.1:${scp.port}`, authKind: 'none', dimse: { calledAe: 'STORESCP', callingAe: STATION, verification: 'store-status' } });
      const jpeg = await testJpeg(8);
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: jpeg, device: 'test' });
      const [row] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      const sop = row!.remoteId!.split('/')[2]!;
      const name = (await scp.files()).find((f) => f.endsWith(sop));
      expect(name).toBeDefined();
      const file = await scp.read(name!);
      expect(file.includes(jpeg)).toBe(true);
      // JPEG Baseline in the file meta, VL Photographic Image as the SOP class: sent as built.
      const { stdout } = await run('dcmdump', ['-q', '+P', '0002,0010', '+P', '0008,0016', scp.path(name!)]);
      expect(stdout).toMatch(/\(0002,0010\) UI =JPEGBaseline/);
      expect(stdout).toMatch(/\(0008,0016\) UI =VLPhotographicImageStorage/);
    } finally {
      await c.dispose();
    }
  });

  it('fails with the reason when the PACS does not know the called AE title, and retries nothing permanent', async () => {
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, orthancTarget({ dimse: { calledAe: 'NOT-ORTHANC', callingAe: STATION, verification: 'find' } }));
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(9), device: 'test' });
      const [row] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'failed');
      expect(row!.lastError).toBe('C-STORE: The DICOM peer rejected the association: the called AE title is not recognized.');
    } finally {
      await c.dispose();
    }
  });

  it('refuses plain DIMSE to another computer, a malformed address and authentication', async () => {
    const c = await deliveryClinic();
    try {
      const create = (over: Record<string, unknown>) => c.client.api.delivery.createTarget({ target: orthancTarget(over) });
      expect(await create({ baseUrl: 'dicom://192.0.2.5:104' })).toMatchObject({ ok: false, error: { code: 'INSECURE_TARGET' } });
      expect(await create({ baseUrl: 'https://pacs.example/dicom-web' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { baseUrl: expect.any(String) } } });
      expect(await create({ authKind: 'bearer', secret: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { authKind: expect.any(String) } } });
      expect(await create({ dimse: undefined })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(unwrap<DeliveryTarget[]>(await c.client.api.delivery.listTargets({}))).toEqual([]);
    } finally {
      await c.dispose();
    }
  });
});

describe('DIMSE delivery over TLS (storescp with a throwaway CA)', () => {
  let tlsScp: StorescpPeer;
  beforeAll(async () => {
    tlsScp = await startStorescp(STATION, { tls: true });
  }, 30_000);
  afterAll(async () => tlsScp?.stop());

  it('C-STOREs over TLS with the pinned CA; refuses an unpinned one and plain DIMSE to the TLS port', async () => {
    const c = await deliveryClinic();
    try {
      const target = (name: string, pinnedCaPem: string | null) => ({
        name,
        kind: 'dimse' as const,
        baseUrl: `dicom://127.0.0.1:${tlsScp.port}`,
        authKind: 'none' as const,
        ...(pinnedCaPem ? { pinnedCaPem } : {}),
        dimse: { calledAe: 'STORESCP', callingAe: STATION, verification: 'store-status' as const },
      });
      const good = await addTarget(c.client, target('TLS PACS', tlsScp.caPem));
      expect(good.dimse).toMatchObject({ tls: true });
      expect(unwrap(await c.client.api.delivery.testTarget({ targetId: good.id }))).toMatchObject({ ok: true });
      const otherCa = (await startStorescp(STATION, { tls: true }).then(async (p) => (await p.stop(), p.caPem)))!;
      const wrong = await addTarget(c.client, target('Wrong CA', otherCa));
      expect(unwrap(await c.client.api.delivery.testTarget({ targetId: wrong.id }))).toEqual({ ok: false, message: expect.stringMatching(/^C-ECHO: The DICOM peer's certificate was not trusted \(/) });
      const plain = await addTarget(c.client, target('Plain to TLS', null));
      expect(unwrap(await c.client.api.delivery.testTarget({ targetId: plain.id }))).toMatchObject({ ok: false });

      const jpeg = await testJpeg(21);
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: jpeg, device: 'test' });
      const rows = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified' || d.state === 'failed' || (d.state === 'queued' && d.attempts >= 1));
      const byTarget = new Map(rows.map((r) => [r.targetName, r]));
      expect(byTarget.get('TLS PACS')).toMatchObject({ state: 'verified' });
      expect(byTarget.get('Wrong CA')?.state).not.toBe('verified');
      const sop = byTarget.get('TLS PACS')!.remoteId!.split('/')[2]!;
      const name = (await tlsScp.files()).find((f) => f.endsWith(sop));
      expect((await tlsScp.read(name!)).includes(jpeg)).toBe(true);
    } finally {
      await c.dispose();
    }
  });
});

describe('DIMSE delivery verified by storage commitment (Orthanc)', () => {
  const AE = 'COMMITCAM';
  let committing: OrthancPeer;
  let listenPort: number;
  beforeAll(async () => {
    listenPort = await freeLoopbackPort();
    committing = await startOrthanc({ dimseCallingAe: AE, dimseCallingPort: listenPort });
  }, 30_000);
  afterAll(async () => committing?.stop());

  it('C-STOREs, asks for commitment (N-ACTION) and is verified by the PACS report (N-EVENT-REPORT)', async () => {
    const c = await deliveryClinic();
    try {
      const target = await addTarget(c.client, {
        name: 'Committing PACS',
        kind: 'dimse',
        baseUrl: `dicom://127.0.0.1:${committing.dicomPort}`,
        authKind: 'none',
        dimse: { calledAe: 'ORTHANC', callingAe: AE, verification: 'commitment', commitmentPort: listenPort },
      });
      expect(target.dimse).toMatchObject({ verification: 'commitment', commitmentPort: listenPort });
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(31), device: 'test' });
      const [row] = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified' || d.state === 'failed');
      expect(row).toMatchObject({ state: 'verified', lastError: null });
      expect(await committing.listSopInstanceUids()).toContain(row!.remoteId!.split('/')[2]);
      const missing = await c.client.api.delivery.createTarget({
        target: { name: 'No port', kind: 'dimse', baseUrl: `dicom://127.0.0.1:${committing.dicomPort}`, authKind: 'none', dimse: { calledAe: 'ORTHANC', callingAe: AE, verification: 'commitment' } },
      });
      expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { 'dimse.commitmentPort': expect.any(String) } } });
    } finally {
      await c.dispose();
    }
  });

  it('says so at once when the commitment port is taken, and does not call the photo verified', async () => {
    const taken = net.createServer();
    const port = await freeLoopbackPort();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    const c = await deliveryClinic();
    try {
      await addTarget(c.client, {
        name: 'Port taken',
        kind: 'dimse',
        baseUrl: `dicom://127.0.0.1:${committing.dicomPort}`,
        authKind: 'none',
        dimse: { calledAe: 'ORTHANC', callingAe: AE, verification: 'commitment', commitmentPort: port },
      });
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(32), device: 'test' });
      const [row] = await waitForDeliveries(c.client, [photoId], (d) => d.lastError !== null);
      expect(row!.state).not.toBe('verified');
      expect(row!.lastError).toBe(`Storage commitment: cannot listen for the PACS's report on port ${port} (EADDRINUSE).`);
    } finally {
      await c.dispose();
      taken.close();
    }
  });
});
