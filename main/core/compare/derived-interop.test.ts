// A comparison exported as a derived photo, as it leaves the workstation: its DICOM instance is
// DERIVED\SECONDARY with Burned In Annotation YES, names each source instance in Source Image
// Sequence (at the source's current revision) and says how it was made; dciodvfy finds no error; a
// real Orthanc stores it through the outbox, queued with the photo; its FHIR DocumentReference
// relates it to the sources' documents (`transforms`) and validates like every photo's.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bundle, DocumentReference, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderClinicalScene } from '../capture/simulated-camera';
import { dciodvfy, dcmdump, dumpValue } from '../interop/dicom/dicom-tools';
import { loadR4Definitions, requiredBindingReport, structuralIssues } from '../interop/fhir/validation';
import { addTarget, deliveryClinic, orthancForFile, pacsTarget, waitForDeliveries } from '../sync/test-helpers';
import { exportPhoto, importPhoto, unwrap } from '../test-support/fixtures';

const pacs = orthancForFile();
let c: Awaited<ReturnType<typeof deliveryClinic>>;
let work: string;
let ids: { first: string; second: string; derived: string };

beforeAll(async () => {
  loadR4Definitions();
  work = await mkdtemp(path.join(os.tmpdir(), 'derived-interop-'));
  c = await deliveryClinic();
  await addTarget(c.client, pacsTarget(pacs()));
  const first = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await renderClinicalScene(1200, 800, 1), device: 'test' });
  const second = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await renderClinicalScene(1200, 800, 2), device: 'test' });
  const derived = unwrap(await c.client.api.compare.export({ photoIds: [first, second], mode: 'slider', sliderPosition: 0.4 })).photo.id;
  ids = { first, second, derived };
}, 120_000);
afterAll(async () => {
  await c?.dispose();
  await rm(work, { recursive: true, force: true });
});

async function dicomDump(photoId: string, name: string): Promise<{ file: string; dump: string }> {
  const file = path.join(work, `${name}.dcm`);
  await writeFile(file, (await exportPhoto(c.client, { photoId, format: 'dicom' })).bytes);
  return { file, dump: dcmdump(file) };
}

describe('a derived photo as DICOM', () => {
  it('is DERIVED\\SECONDARY, burned in, names both sources and is dciodvfy-clean', async () => {
    const { file, dump } = await dicomDump(ids.derived, 'derived');
    const report = dciodvfy(file);
    expect(report.errors).toEqual([]);
    console.info(`dciodvfy warnings: ${report.warnings.length}\n${report.warnings.join('\n')}`);
    expect(dumpValue(dump, '0008,0008')).toBe('DERIVED\\SECONDARY');
    expect(dumpValue(dump, '0028,0301')).toBe('YES');
    expect(dumpValue(dump, '0008,2111')).toMatch(/^Comparison of 2 photos, slider snapshot at 40 %; second photo scaled to fit/);
    for (const [source, name] of [[ids.first, 'first'], [ids.second, 'second']] as const) {
      const sop = dumpValue((await dicomDump(source, name)).dump, '0008,0018');
      expect(dump).toContain(`(0008,1155) UI [${sop}]`);
    }
  });

  it('names the corrected revision of a source once the source is corrected', async () => {
    const before = dumpValue((await dicomDump(ids.first, 'first-r0')).dump, '0008,0018');
    unwrap(await c.client.api.corrections.correctPhoto({ photoId: ids.first, reason: 'Site was not recorded', bodySiteCode: '66643007', laterality: 'unpaired', view: 'anterior' }));
    const after = dumpValue((await dicomDump(ids.first, 'first-r1')).dump, '0008,0018');
    expect(after).not.toBe(before);
    const { dump } = await dicomDump(ids.derived, 'derived-r1');
    expect(dump).toContain(`(0008,1155) UI [${after}]`);
    expect(dump).not.toContain(`(0008,1155) UI [${before}]`);
  });

  it('is queued with the photo and stored by a real Orthanc', async () => {
    const [row] = await waitForDeliveries(c.client, [ids.derived], (d) => d.state === 'verified', 60_000);
    expect(row).toMatchObject({ kind: 'dicom', state: 'verified' });
    const sop = row!.remoteId!.split('/')[2]!;
    expect(await pacs().listSopInstanceUids()).toContain(sop);
  }, 90_000);
});

describe('a derived photo as FHIR', () => {
  it('relates its DocumentReference to each source document and validates', async () => {
    const bundle = JSON.parse((await exportPhoto(c.client, { photoId: ids.derived, format: 'fhir' })).bytes.toString('utf8')) as Bundle;
    const document = (bundle.entry ?? []).map((e) => e.resource as Resource).find((r): r is DocumentReference => r.resourceType === 'DocumentReference')!;
    expect(document.relatesTo).toEqual([
      { code: 'transforms', target: { identifier: { system: 'urn:clinic-photo:document', value: ids.first } } },
      { code: 'transforms', target: { identifier: { system: 'urn:clinic-photo:document', value: ids.second } } },
    ]);
    expect(document.context?.related).toEqual(expect.arrayContaining([{ identifier: { system: 'urn:clinic-photo:photo', value: ids.first }, type: 'Media' }]));
    expect(structuralIssues(bundle)).toEqual([]);
    expect(structuralIssues(document)).toEqual([]);
    expect(requiredBindingReport(document).violations).toEqual([]);
  });
});
