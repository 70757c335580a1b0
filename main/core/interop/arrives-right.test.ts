// What arrives, checked in the receiving systems: a phone photo held in portrait (EXIF Orientation
// 6), taken 14 July 2019 15:02:11 at +02:00, carrying GPS, the owner's name, a serial number and
// maker notes, imported and delivered by the sync worker to a real Orthanc and to the FHIR test
// server. The instance Orthanc holds renders upright in Orthanc's own preview and in dcmtk
// (dcmj2pnm), has Rows/Columns of the upright image, the camera's date and time with its offset,
// passes dciodvfy, and holds none of the private EXIF data; the study is dated by the camera, not by
// the import. The EMR holds the same upright copy, with the same size, under the clinic's MRN system.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, unwrap, importPhoto } from '../test-support/fixtures';
import { markerPositions, phonePortrait, PRIVATE_STRINGS } from '../test-support/exif-jpeg';
import type { Binary, DocumentReference, Media, Patient as FhirPatient } from '@medplum/fhirtypes';
import { peerRequest, startFhirServer, type FhirPeer } from '../test-support/peers';
import { addTarget, deliveryClinic, orthancForFile, pacsTarget, waitForDeliveries } from '../sync/test-helpers';
import { dciodvfy, dcmdump, dumpValue } from './dicom/dicom-tools';

const pacs = orthancForFile();

async function orthanc<T>(pathname: string, body?: unknown): Promise<{ status: number; body: Buffer; json: () => T }> {
  const p = pacs();
  const reply = await peerRequest(`${p.httpUrl}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    auth: { username: p.username, password: p.password },
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: reply.status, body: reply.body, json: () => JSON.parse(reply.body.toString('utf8')) as T };
}

/** Upright: portrait, the stored top-left marker (red) now top right, the bottom-right one (blue) bottom left. */
function expectUpright(where: string, m: Awaited<ReturnType<typeof markerPositions>>) {
  expect(m.height, where).toBeGreaterThan(m.width);
  expect(m.red.x, `${where}: red marker x`).toBeGreaterThan(0.75);
  expect(m.red.y, `${where}: red marker y`).toBeLessThan(0.25);
  expect(m.blue.x, `${where}: blue marker x`).toBeLessThan(0.25);
  expect(m.blue.y, `${where}: blue marker y`).toBeGreaterThan(0.75);
}

const TOKEN = 'emr-test-token-arrives';
const MRN_SYSTEM = 'https://emr.example.org/fhir/sid/mrn';
let emr: FhirPeer;
let c: Awaited<ReturnType<typeof deliveryClinic>>;
let work: Awaited<ReturnType<typeof tempDir>>;
let original: Buffer;
let photoId: string;
let orthancId: string;
let stored: Buffer;
let file: string;

beforeAll(async () => {
  emr = await startFhirServer({ tls: true, bearerToken: TOKEN });
  c = await deliveryClinic();
  work = await tempDir('cpw-arrives-');
  await addTarget(c.client, pacsTarget(pacs()));
  await addTarget(c.client, { name: 'Test EMR', kind: 'fhir', baseUrl: emr.baseUrl, authKind: 'bearer', secret: TOKEN, pinnedCaPem: emr.caPem! });
  // The interop settings API is the new part; everything else here is as before the fix.
  await c.client.api.interop?.updateSettings({ mrnSystem: MRN_SYSTEM });
  original = await phonePortrait();
  photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: original, device: 'File import (test)' });
  const rows = await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified', 40_000);
  expect(rows.map((r) => r.kind).sort()).toEqual(['dicom', 'fhir']);
  const sop = rows.find((r) => r.kind === 'dicom')!.remoteId!.split('/')[2]!;
  [orthancId] = (await orthanc<string[]>('/tools/find', { Level: 'Instance', Query: { SOPInstanceUID: sop } })).json() as [string];
  // The file Orthanc stores, checked with the tools a PACS administrator would use.
  stored = (await orthanc(`/instances/${orthancId}/file`)).body;
  file = path.join(work.dir, 'stored.dcm');
  await writeFile(file, stored);
}, 60_000);

afterAll(async () => {
  await c?.dispose();
  await emr?.stop();
  await work?.cleanup();
});

describe('a phone photo arrives in the PACS right', () => {
  it('displays upright in Orthanc\'s own preview', async () => {
    const preview = await orthanc(`/instances/${orthancId}/preview`);
    expect(preview.status).toBe(200);
    expectUpright('Orthanc preview', await markerPositions(preview.body));
  });

  it('displays upright in dcmtk (dcmj2pnm), with Rows/Columns of the upright image, and passes dciodvfy', async () => {
    expect(dciodvfy(file).errors).toEqual([]);
    const rendered = path.join(work.dir, 'dcmtk.png');
    const render = spawnSync('dcmj2pnm', ['+on', file, rendered], { encoding: 'utf8' });
    expect(render.status, render.stderr).toBe(0);
    expectUpright('dcmtk dcmj2pnm', await markerPositions(await readFile(rendered)));
    const listing = dcmdump(file);
    expect([dumpValue(listing, '0028,0010'), dumpValue(listing, '0028,0011')]).toEqual(['320', '240']);
  });

  it('carries the camera\'s date and time with its offset, and its study is the day it was taken', () => {
    const listing = dcmdump(file);
    expect(dumpValue(listing, '0008,0023')).toBe('20190714');
    expect(dumpValue(listing, '0008,0033')).toBe('150211.000');
    expect(dumpValue(listing, '0008,002a')).toBe('20190714150211.000+0200');
    expect(dumpValue(listing, '0008,0201')).toBe('+0200');
    // An import has no encounter: its study is the day it was taken, not the day it was imported.
    expect(dumpValue(listing, '0008,0020')).toBe('20190714');
  });

  it('holds no GPS position, owner name, serial number or maker notes', () => {
    for (const secret of Object.values(PRIVATE_STRINGS)) expect(stored.includes(Buffer.from(secret, 'latin1')), secret).toBe(false);
    // No EXIF at all in the JPEG that was sent: no GPS IFD, no maker note, no orientation left to misapply.
    expect(stored.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
  });

  it('reaches the EMR as the same upright copy: Media size = DICOM Rows/Columns, no private data, the camera\'s time, the clinic\'s MRN system', async () => {
    const doc = (await emr.resources<DocumentReference>('DocumentReference')).find((d) => d.identifier?.some((i) => i.value === photoId))!;
    const binaryId = doc.content[0]!.attachment.url!.replace(/^Binary\//, '');
    const binary = (await emr.resources<Binary>('Binary')).find((b) => b.id === binaryId)!;
    const image = Buffer.from(binary.data!, 'base64');
    expectUpright('FHIR Binary', await markerPositions(image));
    for (const secret of Object.values(PRIVATE_STRINGS)) expect(image.includes(Buffer.from(secret, 'latin1')), secret).toBe(false);
    const media = (await emr.resources<Media>('Media')).find((m) => m.identifier?.some((i) => i.value === photoId))!;
    const listing = dcmdump(file);
    expect([String(media.width), String(media.height)]).toEqual([dumpValue(listing, '0028,0011'), dumpValue(listing, '0028,0010')]);
    expect(media.createdDateTime).toBe('2019-07-14T15:02:11.000+02:00');
    const patient = (await emr.resources<FhirPatient>('Patient'))[0]!;
    expect(patient.identifier?.[0]?.system).toBe(MRN_SYSTEM);
  });

  it('leaves the original, EXIF and all, unchanged in the archive', async () => {
    const { handle } = unwrap<{ handle: string }>(await c.client.api.photos.open({ photoId }));
    const chunks: Buffer[] = [];
    for await (const chunk of (await c.client.resolvePhoto(handle)).stream()) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(original)).toBe(true);
  });
});
