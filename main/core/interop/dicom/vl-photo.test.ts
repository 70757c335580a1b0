// DICOM VL Photographic Image export, checked with the real tools: every file from a real clinic
// (camera captures of several sites and sides, imported JPEG and PNG, non-ASCII names) passes
// dciodvfy with no error and no warning, carries the captured JPEG byte for byte, describes the
// JPEG's real size, codes the body site in SNOMED CT, and keeps its UIDs across builds.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { tempDir, unwrap, exportPhoto } from '../../test-support/fixtures';
import type { CoreClient } from '../../core';
import { interopClinic, sampleInput, type CapturedPhoto } from '../test-support';
import { isValidUid } from '../uids';
import { dciodvfy, dcmdjpegDecodes, dcmdump, dumpValue, pixelFragments } from './dicom-tools';
import { buildDicomInstance, dicomUidsFor } from './vl-photo';
import { stripJpegMetadata } from '../../imaging/jpeg-segments';

const UNKNOWN_LATERALITY_WARNING =
  'Warning - is only permitted to be empty when actually unknown; should be absent (not empty) if an unpaired body part, and have a value if a paired body part - attribute <Laterality>';

let setup: Awaited<ReturnType<typeof interopClinic>>;
let work: Awaited<ReturnType<typeof tempDir>>;
const files = new Map<string, string>();
const originals = new Map<string, Buffer>();

async function originalBytes(client: CoreClient, photoId: string): Promise<Buffer> {
  const { handle } = unwrap<{ handle: string }>(await client.api.photos.open({ photoId }));
  const chunks: Buffer[] = [];
  for await (const chunk of (await client.resolvePhoto(handle)).stream()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  setup = await interopClinic();
  work = await tempDir('cpw-dicom-');
  for (const photo of setup.photos) {
    const { bytes } = await exportPhoto(setup.clinic.client, { photoId: photo.id, format: 'dicom' });
    const file = path.join(work.dir, `${photo.id}.dcm`);
    await writeFile(file, bytes);
    files.set(photo.id, file);
    originals.set(photo.id, await originalBytes(setup.clinic.client, photo.id));
  }
}, 60_000);

afterAll(async () => {
  await setup?.clinic.dispose();
  await work?.cleanup();
});

const each = (fn: (photo: CapturedPhoto, file: string) => void | Promise<void>) => async () => {
  expect(setup.photos.length).toBe(6);
  for (const photo of setup.photos) await fn(photo, files.get(photo.id)!);
};

describe('DICOM VL Photographic Image export', () => {
  it(
    'passes dciodvfy with zero errors and zero warnings for every photo',
    each((photo, file) => {
      const report = dciodvfy(file);
      expect(report.iod, photo.id).toBe('VLPhotographicImage');
      expect(report.errors, photo.id).toEqual([]);
      // An import has no body site or side: Laterality is then present and empty, which dciodvfy
      // accepts "only when actually unknown" — and it is (docs/interop.md).
      expect(report.warnings, photo.id).toEqual(photo.context ? [] : [UNKNOWN_LATERALITY_WARNING]);
    }),
  );

  it('the dciodvfy check can fail: a bare dataset is reported with errors', async () => {
    const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
      MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.77.1.4',
      MediaStorageSOPInstanceUID: '2.25.1',
      TransferSyntaxUID: '1.2.840.10008.1.2.1',
      ImplementationClassUID: '2.25.2',
    });
    const bare = new dcmjs.data.DicomDict(meta);
    bare.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.77.1.4', SOPInstanceUID: '2.25.1', Modality: 'XC' });
    const file = path.join(work.dir, 'bare.dcm');
    await writeFile(file, Buffer.from(bare.write()));
    expect(dciodvfy(file).errors.length).toBeGreaterThan(3);
  });

  it(
    'carries each JPEG as one fragment: the captured bytes less their metadata segments, and dcmdjpeg decodes it',
    each(async (photo, file) => {
      const listing = dcmdump(file);
      const original = originals.get(photo.id)!;
      if (photo.mime === 'image/png') {
        expect(listing).toContain('=LittleEndianExplicit');
        expect(dumpValue(listing, '0028,0004')).toBe('RGB');
        expect(dumpValue(listing, '0028,2110')).toBe('00');
        const raw = await sharp(original).removeAlpha().raw().toBuffer();
        const parsed = dcmjs.data.DicomMessage.readFile(new Uint8Array(await readFile(file)).buffer);
        const pixels = Buffer.from(parsed.dict['7FE00010']!.Value[0] as ArrayBuffer);
        expect(pixels.subarray(0, raw.length).equals(raw)).toBe(true);
        return;
      }
      expect(listing).toContain('=JPEGBaseline');
      const out = path.join(work.dir, `frag-${photo.id}`);
      await mkdir(out);
      const [offsets, frame, ...more] = pixelFragments(file, out);
      expect(more).toEqual([]);
      expect(offsets!.length).toBe(4);
      // Upright already (no EXIF orientation): only the metadata segments are gone, the image data
      // is the camera's byte for byte, and decodes to the same pixels.
      const outgoing = stripJpegMetadata(original);
      expect(frame!.length).toBe(outgoing.length + (outgoing.length % 2));
      expect(frame!.subarray(0, outgoing.length).equals(outgoing)).toBe(true);
      expect(original.subarray(original.indexOf(Buffer.from([0xff, 0xda]))).equals(outgoing.subarray(outgoing.indexOf(Buffer.from([0xff, 0xda]))))).toBe(true);
      expect((await sharp(frame!.subarray(0, outgoing.length)).raw().toBuffer()).equals(await sharp(original).raw().toBuffer())).toBe(true);
      expect(dumpValue(listing, '0008,0008')).toBe('ORIGINAL\\PRIMARY');
      expect(dcmdjpegDecodes(file, path.join(out, 'decoded.dcm'))).toBe(true);
    }),
  );

  it(
    'gives Rows/Columns of the JPEG itself, and the lossy compression facts',
    each(async (photo, file) => {
      const listing = dcmdump(file);
      const meta = await sharp(originals.get(photo.id)!).metadata();
      expect(dumpValue(listing, '0028,0010')).toBe(String(meta.height));
      expect(dumpValue(listing, '0028,0011')).toBe(String(meta.width));
      expect(dumpValue(listing, '0028,0002')).toBe('3');
      if (photo.mime === 'image/jpeg') {
        expect(dumpValue(listing, '0028,0004')).toBe('YBR_FULL_422');
        expect(dumpValue(listing, '0028,2110')).toBe('01');
        expect(dumpValue(listing, '0028,2114')).toBe('ISO_10918_1');
        const ratio = Number(dumpValue(listing, '0028,2112'));
        expect(ratio).toBeCloseTo((meta.width! * meta.height! * 3) / stripJpegMetadata(originals.get(photo.id)!).length, 1);
      }
    }),
  );

  it(
    'codes patient, body site (SNOMED CT) and laterality',
    each((photo, file) => {
      const listing = dcmdump(file);
      expect(dumpValue(listing, '0008,0005')).toBe('ISO_IR 192');
      expect(dumpValue(listing, '0010,0010')).toBe(`${photo.patient.familyName}^${photo.patient.givenName}`);
      expect(dumpValue(listing, '0010,0020')).toBe(photo.patient.mrn);
      expect(dumpValue(listing, '0010,0030')).toBe(photo.patient.birthDate.replace(/-/g, ''));
      expect(dumpValue(listing, '0010,0040')).toBe(photo.patient.sex === 'U' ? '' : photo.patient.sex);
      expect(dumpValue(listing, '0008,0060')).toBe('XC');
      expect(dumpValue(listing, '0008,1070')).toBe('Admin^Ada^^Dr');
      if (photo.context) {
        expect(listing).toMatch(new RegExp(`\\(0008,0100\\) SH \\[${photo.context.bodySite.code}\\]`));
        expect(listing).toContain('(0008,0102) SH [SCT]');
        expect(listing).toContain(`(0008,0104) LO [${photo.context.bodySite.display}]`);
        expect(dumpValue(listing, '0020,0062')).toBe({ left: 'L', right: 'R', bilateral: 'B', unpaired: 'U' }[photo.context.laterality]);
      } else {
        expect(listing).not.toContain('(0008,0100)');
        expect(dumpValue(listing, '0020,0062')).toBeNull();
        expect(dumpValue(listing, '0020,0060')).toBe('');
      }
    }),
  );

  it('keeps UIDs valid and stable: same photo, same bytes; one study and series per encounter', async () => {
    const uids = new Map<string, { study: string; series: string; sop: string }>();
    for (const photo of setup.photos) {
      const again = await exportPhoto(setup.clinic.client, { photoId: photo.id, format: 'dicom' });
      const listing = dcmdump(files.get(photo.id)!);
      const [study, series, sop] = ['0020,000d', '0020,000e', '0008,0018'].map((t) => dumpValue(listing, t)!);
      for (const uid of [study!, series!, sop!]) expect(isValidUid(uid), uid).toBe(true);
      expect(dumpValue(listing, '0002,0003')).toBe(sop);
      expect(again.bytes.equals(await readFile(files.get(photo.id)!))).toBe(true);
      uids.set(photo.id, { study: study!, series: series!, sop: sop! });
    }
    const byEncounter = (i: 0 | 1) => setup.photos.filter((p) => p.encounter?.id === setup.encounters[i].id).map((p) => uids.get(p.id)!);
    const first = byEncounter(0);
    expect(first.length).toBe(3);
    expect(new Set(first.map((u) => u.study)).size).toBe(1);
    expect(new Set(first.map((u) => u.series)).size).toBe(1);
    expect(byEncounter(1)[0]!.study).not.toBe(first[0]!.study);
    expect(new Set([...uids.values()].map((u) => u.sop)).size).toBe(setup.photos.length);
  });
});

describe('DICOM builder edge cases', () => {
  it('puts UIDs under a configured org root and still passes dciodvfy', async () => {
    const root = '1.2.826.0.1.3680043.10.543';
    const input = await sampleInput({ orgUidRoot: root });
    const uids = dicomUidsFor(input);
    for (const uid of Object.values(uids)) {
      expect(uid.startsWith(`${root}.`)).toBe(true);
      expect(isValidUid(uid)).toBe(true);
    }
    const file = path.join(work.dir, 'org-root.dcm');
    await writeFile(file, await buildDicomInstance(input));
    expect(dciodvfy(file)).toMatchObject({ errors: [], warnings: [] });
  });

  it('keeps strings within their VR: long names, a backslash in the reason, no encounter', async () => {
    const input = await sampleInput({
      patient: { id: 'd4'.repeat(16), mrn: 'X'.repeat(40), familyName: 'Ñ'.repeat(60), givenName: 'Ã^=\\ß'.repeat(8), birthDate: '2001-01-01', sex: 'O' },
      encounter: { id: 'e5'.repeat(16), startedAt: '2026-03-04T09:15:00.000Z', providerName: 'Ada', reason: `a\\b ${'x'.repeat(100)}` },
      clinicName: 'C'.repeat(90),
    });
    const file = path.join(work.dir, 'long.dcm');
    await writeFile(file, await buildDicomInstance(input));
    expect(dciodvfy(file)).toMatchObject({ errors: [], warnings: [] });
    const listing = dcmdump(file);
    expect(Buffer.byteLength(dumpValue(listing, '0010,0010')!)).toBeLessThanOrEqual(64);
    expect(dumpValue(listing, '0010,0010')).toBe(`${'Ñ'.repeat(31)}^`);
    expect(dumpValue(listing, '0008,0090')).toBe('Ada^');
    expect(dumpValue(listing, '0008,1030')).toMatch(/^a\/b x+$/);
  });

  it('describes 4:4:4 colour and greyscale JPEGs from their frame header, dciodvfy-clean', async () => {
    const scene = { create: { width: 96, height: 80, channels: 3, background: { r: 190, g: 140, b: 120 } } } as const;
    const cases = [
      { image: await sharp(scene).jpeg({ chromaSubsampling: '4:4:4' }).toBuffer(), samples: '3', photometric: 'YBR_FULL_422' },
      { image: await sharp(scene).toColourspace('b-w').jpeg().toBuffer(), samples: '1', photometric: 'MONOCHROME2' },
    ];
    for (const [i, c] of cases.entries()) {
      const file = path.join(work.dir, `frame-${i}.dcm`);
      await writeFile(file, await buildDicomInstance(await sampleInput({ image: c.image })));
      expect(dciodvfy(file)).toMatchObject({ errors: [], warnings: [] });
      const listing = dcmdump(file);
      expect([dumpValue(listing, '0028,0002'), dumpValue(listing, '0028,0004'), dumpValue(listing, '0028,0010')]).toEqual([c.samples, c.photometric, '80']);
    }
  });

  it('writes Pixel Data exactly as dcmjs does: JPEG of even and odd length, native RGB from a PNG', async () => {
    // JPEGs whose outgoing copy (metadata segments removed) has an even and an odd length.
    const sized: Record<'even' | 'odd', Buffer | null> = { even: null, odd: null };
    for (let width = 64; !(sized.even && sized.odd); width++) {
      const jpeg = await sharp({ create: { width, height: 48, channels: 3, background: { r: 200, g: 150, b: 120 }, noise: { type: 'gaussian', mean: 128, sigma: 8 } } }).jpeg().toBuffer();
      sized[stripJpegMetadata(jpeg).length % 2 === 1 ? 'odd' : 'even'] ??= jpeg;
    }
    const [even, odd] = [sized.even!, sized.odd!];
    const png = await sharp({ create: { width: 33, height: 7, channels: 3, background: '#806040' } }).png().toBuffer();
    const inputs = [await sampleInput({ image: even }), await sampleInput({ image: odd }), await sampleInput({ image: png }, { mime: 'image/png' })];
    for (const input of inputs) {
      const ours = await buildDicomInstance(input);
      // dcmjs reads our file and writes it again from scratch: the same bytes, padding included.
      const reread = dcmjs.data.DicomMessage.readFile(ours.buffer.slice(ours.byteOffset, ours.byteOffset + ours.length) as ArrayBuffer);
      expect(Buffer.compare(Buffer.from(reread.write({ fragmentMultiframe: false })), ours)).toBe(0);
      expect(ours.length % 2).toBe(0);
    }
    // The odd JPEG ends its fragment with the NULL pad byte (PS3.5 A.4), then the Sequence Delimitation Item.
    const oddFile = await buildDicomInstance(inputs[1]!);
    const oddOut = stripJpegMetadata(odd);
    expect(oddFile.subarray(-8 - 1 - oddOut.length, -8 - 1).equals(oddOut)).toBe(true);
    expect(oddFile.subarray(-9).toString('hex')).toBe('00feffdde000000000');
  });

  it('carries a progressive JPEG as baseline with the same pixels (lossless), and refuses a CMYK JPEG and a transparent PNG', async () => {
    const base = { create: { width: 64, height: 48, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } } as const;
    const progressive = await sharp(base).removeAlpha().jpeg({ progressive: true }).toBuffer();
    const file = path.join(work.dir, 'progressive.dcm');
    await writeFile(file, await buildDicomInstance(await sampleInput({ image: progressive })));
    expect(dciodvfy(file)).toMatchObject({ errors: [], warnings: [] });
    const listing = dcmdump(file);
    expect(listing).toContain('=JPEGBaseline');
    expect(dumpValue(listing, '0008,0008')).toBe('ORIGINAL\\PRIMARY');
    const out = path.join(work.dir, 'frag-progressive');
    await mkdir(out);
    const [, frame] = pixelFragments(file, out);
    expect(frame![0]).toBe(0xff);
    expect((await sharp(frame!).raw().toBuffer()).equals(await sharp(progressive).raw().toBuffer())).toBe(true);
    const cmyk = await sharp(base).removeAlpha().toColourspace('cmyk').jpeg().toBuffer();
    // Refused when its outgoing copy is made (import refuses it earlier: outgoing-image.test.ts).
    await expect(sampleInput({ image: cmyk })).rejects.toMatchObject({ code: 'INVALID_IMAGE', message: expect.stringMatching(/CMYK/) });
    const transparent = await sharp(base).png().toBuffer();
    await expect(buildDicomInstance(await sampleInput({ image: transparent }, { mime: 'image/png' }))).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
  });
});
