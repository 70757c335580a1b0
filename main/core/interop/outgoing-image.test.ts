// The outgoing copy of a photo at the builder level: upright by a lossless transform when the JPEG
// allows it (and declared as such in DICOM), re-encoded and declared as a second lossy compression
// when it does not, the same dimensions in DICOM Rows/Columns and FHIR Media, no private EXIF data
// in the DICOM pixel data or the FHIR Binary, and Recognizable Visual Features by body site.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Binary, Media } from '@medplum/fhirtypes';
import { tempDir } from '../test-support/fixtures';
import { markedScene, markerPositions, phonePortrait, PRIVATE_STRINGS, withExif } from '../test-support/exif-jpeg';
import { metadataSegments, stripJpegMetadata } from '../imaging/jpeg-segments';
import { dciodvfy, dcmdump, dumpValue } from './dicom/dicom-tools';
import { buildDicomInstance } from './dicom/vl-photo';
import { buildFhirBundle } from './fhir/bundle';
import { assertDeliverable, prepareOutgoingImage } from './outgoing-image';
import { sampleInput } from './test-support';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir('cpw-outgoing-');
});
afterAll(async () => {
  await work?.cleanup();
});

async function dicomListing(name: string, input: Awaited<ReturnType<typeof sampleInput>>) {
  const file = path.join(work.dir, `${name}.dcm`);
  const bytes = await buildDicomInstance(input);
  await writeFile(file, bytes);
  return { file, bytes, listing: dcmdump(file), report: dciodvfy(file) };
}

describe('the outgoing copy of a photo', () => {
  it('turns an Orientation 6 portrait upright by a lossless transform, and DICOM says it is derived', async () => {
    const original = await phonePortrait();
    const out = await prepareOutgoingImage(original, 'image/jpeg');
    expect([out.width, out.height]).toEqual([240, 320]);
    expect(out.derivation).toMatchObject({ reencoded: false, description: expect.stringMatching(/rotated 90° clockwise.*EXIF Orientation 6.*lossless/) });
    const m = await markerPositions(out.bytes);
    expect([m.width, m.height]).toEqual([240, 320]);
    expect(m.red.x).toBeGreaterThan(0.75);
    expect(m.red.y).toBeLessThan(0.25);

    const { listing, report } = await dicomListing('portrait', await sampleInput({ image: original }));
    expect(report).toMatchObject({ errors: [], warnings: [] });
    expect(dumpValue(listing, '0008,0008')).toBe('DERIVED\\PRIMARY');
    expect(dumpValue(listing, '0008,2111')).toMatch(/lossless JPEG transform/);
    expect(dumpValue(listing, '0028,2110')).toBe('01');
    expect(dumpValue(listing, '0028,2114')).toBe('ISO_10918_1'); // one lossy compression: the camera's
  });

  it('re-encodes when the lossless transform cannot be exact, and declares the second lossy compression', async () => {
    // 330 × 250 is not a whole number of 16-pixel MCUs, so a 90° turn cannot be done on the blocks.
    const original = await phonePortrait({ width: 330, height: 250 });
    const out = await prepareOutgoingImage(original, 'image/jpeg');
    expect([out.width, out.height]).toEqual([250, 330]);
    expect(out.derivation).toMatchObject({ reencoded: true, description: expect.stringMatching(/re-encoded.*lossless transform was not possible/) });
    const m = await markerPositions(out.bytes);
    expect(m.red.x).toBeGreaterThan(0.75);
    expect(m.red.y).toBeLessThan(0.25);
    const { listing, report } = await dicomListing('reencoded', await sampleInput({ image: original }));
    expect(report).toMatchObject({ errors: [], warnings: [] });
    expect(dumpValue(listing, '0008,0008')).toBe('DERIVED\\PRIMARY');
    expect(dumpValue(listing, '0028,2114')).toBe('ISO_10918_1\\ISO_10918_1');
    expect(dumpValue(listing, '0028,2112')!.split('\\')).toHaveLength(2);
  });

  it('gives DICOM Rows/Columns and FHIR Media width/height of the same upright image', async () => {
    const input = await sampleInput({ image: await phonePortrait() });
    const { listing } = await dicomListing('dims', input);
    const media = buildFhirBundle(input).entry!.map((e) => e.resource!).find((r): r is Media => r.resourceType === 'Media')!;
    expect([dumpValue(listing, '0028,0011'), dumpValue(listing, '0028,0010')]).toEqual([String(media.width), String(media.height)]);
    expect([media.width, media.height]).toEqual([240, 320]);
  });

  it('carries no GPS, owner, serial number or maker notes in the DICOM pixel data or the FHIR Binary', async () => {
    const original = await phonePortrait();
    expect(original.includes(Buffer.from(PRIVATE_STRINGS.artist))).toBe(true); // the test photo has them
    expect((await exifr.parse(original, { gps: true }))?.latitude).toBeCloseTo(47.3769, 3);
    const input = await sampleInput({ image: original });
    const { bytes } = await dicomListing('private', input);
    const binary = buildFhirBundle(input).entry!.map((e) => e.resource!).find((r): r is Binary => r.resourceType === 'Binary')!;
    const sent = Buffer.from(binary.data!, 'base64');
    for (const copy of [bytes, sent]) {
      for (const secret of Object.values(PRIVATE_STRINGS)) expect(copy.includes(Buffer.from(secret, 'latin1')), secret).toBe(false);
    }
    expect(await exifr.parse(sent, { gps: true, makerNote: true }).catch(() => undefined)).toBeUndefined();
    expect(metadataSegments(sent).map((s) => s.identifier)).toEqual(['JFIF']);
  });

  it('removes metadata segments without touching the image data of an upright JPEG', async () => {
    const upright = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c08070' } }).jpeg().withExif({ IFD0: { Artist: PRIVATE_STRINGS.artist } }).toBuffer();
    const out = await prepareOutgoingImage(upright, 'image/jpeg');
    expect(out.derivation).toBeNull();
    expect(out.bytes.equals(stripJpegMetadata(upright))).toBe(true);
    const scan = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(out.bytes).equals(scan(upright))).toBe(true);
    expect(out.bytes.includes(Buffer.from(PRIVATE_STRINGS.artist))).toBe(false);
  });

  it('drops what a phone appends after the image (a second JPEG with its own EXIF), from baseline and progressive JPEGs', async () => {
    for (const progressive of [false, true]) {
      const main = await markedScene(160, 128, { progressive });
      const appended = withExif(await markedScene(32, 32), { artist: PRIVATE_STRINGS.artist, gps: { latitude: 47.3769, longitude: 8.5417 } });
      const out = await prepareOutgoingImage(Buffer.concat([main, appended]), 'image/jpeg');
      expect(out.bytes.includes(Buffer.from(PRIVATE_STRINGS.artist)), `progressive=${progressive}`).toBe(false);
      expect(out.bytes.subarray(-2).toString('hex')).toBe('ffd9');
      expect((await sharp(out.bytes).raw().toBuffer()).equals(await sharp(main).raw().toBuffer())).toBe(true);
    }
  });

  it('says Recognizable Visual Features YES for face, head and neck sites and photos marked so, NO otherwise', async () => {
    const cases: Array<[string, boolean, string]> = [
      ['cheek', true, 'YES'],
      ['axilla', false, 'NO'],
    ];
    for (const [name, recognizable, expected] of cases) {
      const { listing, report } = await dicomListing(`rvf-${name}`, await sampleInput({}, { recognizable }));
      expect(report.errors).toEqual([]);
      expect(dumpValue(listing, '0028,0302'), name).toBe(expected);
    }
  });
});

describe('what import accepts', () => {
  it('refuses a CMYK JPEG and a 16-bit PNG with the reason, and accepts a progressive JPEG', async () => {
    const scene = { create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } } } as const;
    await expect(assertDeliverable(await sharp(scene).toColourspace('cmyk').jpeg().toBuffer(), 'image/jpeg')).rejects.toMatchObject({
      code: 'INVALID_IMAGE',
      message: expect.stringMatching(/CMYK/),
    });
    await expect(assertDeliverable(await sharp(scene).toColourspace('rgb16').png().toBuffer(), 'image/png')).rejects.toMatchObject({
      code: 'INVALID_IMAGE',
      message: expect.stringMatching(/more than 8 bits/),
    });
    await expect(assertDeliverable(await sharp(scene).jpeg({ progressive: true }).toBuffer(), 'image/jpeg')).resolves.toBeUndefined();
  });
});
