// A photo taken for a worklist order: its instance carries the order's Accession Number, one
// Request Attributes Sequence item (requested procedure, scheduled step, study) and the order's
// Study Instance UID, and still passes dciodvfy with no error and no warning. Without an order the
// instance is as before (empty Accession Number, no sequence, a derived study UID).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInput } from '../test-support';
import { dciodvfy, dcmdump, dumpValue } from './dicom-tools';
import { buildDicomParts, dicomUidsFor } from './vl-photo';

const ORDER = {
  accessionNumber: 'ACC-0001',
  requestedProcedureId: 'RP-PAT-UTF8',
  requestedProcedureDescription: 'Clinical photography',
  scheduledStepId: 'SPS-PAT-UTF8',
  scheduledStepDescription: 'Skin lesion photography',
  studyInstanceUid: '2.25.14178236160532310593',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'order-dicom-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function write(name: string, input: Awaited<ReturnType<typeof sampleInput>>): Promise<string> {
  const { before, pixels, after } = await buildDicomParts(input);
  const file = path.join(dir, name);
  await writeFile(file, Buffer.concat([before, pixels, after]));
  return file;
}

describe('DICOM instance of a photo taken for a worklist order', () => {
  it('carries the accession, the request attributes and the ordered study, dciodvfy clean', async () => {
    const input = await sampleInput({ order: ORDER });
    const file = await write('ordered.dcm', input);
    const report = dciodvfy(file);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    const listing = dcmdump(file);
    expect(dumpValue(listing, '0008,0050')).toBe('ACC-0001');
    expect(dumpValue(listing, '0020,000d')).toBe(ORDER.studyInstanceUid);
    expect(dicomUidsFor(input).studyInstanceUid).toBe(ORDER.studyInstanceUid);
    const sequence = listing.slice(listing.indexOf('(0040,0275)'));
    expect(sequence).toMatch(/\(0040,1001\) SH \[RP-PAT-UTF8\]/);
    expect(sequence).toMatch(/\(0040,0009\) SH \[SPS-PAT-UTF8\]/);
    expect(sequence).toMatch(/\(0032,1060\) LO \[Clinical photography\]/);
    expect(sequence).toMatch(/\(0040,0007\) LO \[Skin lesion photography\]/);
    expect(sequence).toMatch(/\(0008,0050\) SH \[ACC-0001\]/);
  });

  it('without an order: empty accession, no request attributes, a derived study UID', async () => {
    const input = await sampleInput();
    const listing = dcmdump(await write('plain.dcm', input));
    expect(listing).toMatch(/\(0008,0050\) SH (\(no value available\)|\[\])/);
    expect(listing).not.toContain('(0040,0275)');
    expect(dicomUidsFor(input).studyInstanceUid).not.toBe(ORDER.studyInstanceUid);
  });
});
