// compare.export of a grid (three or four photos) through the core's door, on real sealed photos:
// four landscape photos become one new photo laid out 2 × 2 (earliest first, each panel in the
// first photo's frame), linked to all four sources (FHIR relatesTo from the database's links, a
// DICOM Source Image Sequence of four items, Burned In Annotation YES, dciodvfy-clean) and audited;
// three portrait photos go in one row, from the right in Arabic; a stored alignment places its
// panel; three landscape photos go 2 × 2 with the last one centred; bad requests are refused; a restricted patient is refused as the viewer refuses it; the
// consent gate stops the grid when one source's consent does not cover it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bundle, DocumentReference, Resource } from '@medplum/fhirtypes';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result';
import { addStaff, ONE_OF_EACH, signedIn } from '../access/test-staff';
import { consentClinic, SITES } from '../consent/test-support/consent-fixtures';
import { dciodvfy, dcmdump, dumpValue } from '../interop/dicom/dicom-tools';
import { exportPhoto, importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { photoPixels } from './test-support/photo-pixels';

type Rgb = readonly [number, number, number];
const COLOURS = { red: [200, 40, 40], blue: [40, 60, 200], green: [40, 190, 60], yellow: [210, 200, 40] } as const satisfies Record<string, Rgb>;
type Colour = keyof typeof COLOURS;

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let work: string;
/** Landscape 1200 × 800: red, blue, green, yellow in the order taken; portrait 600 × 900 likewise. */
const landscape: string[] = [];
const portrait: string[] = [];
let elsewhere: string;

/** A noisy photo of one colour, so each pixel of the grid tells which photo it came from. */
async function tinted(colour: Colour, width: number, height: number, seed: number): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < width * height; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    for (let k = 0; k < 3; k++) data[i * 3 + k] = COLOURS[colour][k]! - 15 + ((x >> (k * 5)) % 30);
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

async function pixelsOf(photoId: string) {
  const { width, height, meanAround } = await photoPixels(clinic.client, photoId);
  /** Which photo's colour a small square about (x, y) has, or 'background' (the dark frame). */
  const kind = (x: number, y: number): Colour | 'background' | string => {
    const mean = meanAround(x, y);
    if (mean.every((v) => v < 40)) return 'background';
    const near = (Object.keys(COLOURS) as Colour[]).find((c) => COLOURS[c].every((v, k) => Math.abs(v - mean[k]!) < 25));
    return near ?? `mixed ${mean.map((v) => v.toFixed(0)).join(',')}`;
  };
  return { width, height, kind };
}

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'export-grid-'));
  clinic = await initializedClinic();
  const api = clinic.client.api;
  unwrap(await api.patients.register({ mrn: 'GRID-1', familyName: 'Þórsdóttir', givenName: 'Ásta', birthDate: '1958-11-23', sex: 'F' }));
  unwrap(await api.patients.register({ mrn: 'GRID-2', familyName: 'Haddad', givenName: 'Rami', birthDate: '1981-06-12', sex: 'M' }));
  const device = 'test generator';
  const colours = Object.keys(COLOURS) as Colour[];
  for (const [i, colour] of colours.entries()) landscape.push(await importPhoto(clinic.client, { mrn: 'GRID-1', bytes: await tinted(colour, 1200, 800, i + 1), device }));
  for (const [i, colour] of colours.slice(0, 3).entries()) portrait.push(await importPhoto(clinic.client, { mrn: 'GRID-1', bytes: await tinted(colour, 600, 900, i + 11), device }));
  elsewhere = await importPhoto(clinic.client, { mrn: 'GRID-2', bytes: await tinted('red', 1200, 800, 21), device });
}, 120_000);
afterAll(async () => {
  await clinic?.dispose();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a grid of four photos', () => {
  let derived: string;

  it('is one new photo, 2 × 2 in the first photo’s frame, earliest first, audited, nothing in plaintext', async () => {
    const api = clinic.client.api;
    const given = [landscape[3]!, landscape[1]!, landscape[0]!, landscape[2]!];
    const { photo, aligned } = unwrap(await api.compare.export({ photoIds: given, mode: 'grid', note: 'Tumour board' }));
    derived = photo.id;
    expect(aligned).toBe(false);
    expect(photo).toMatchObject({ source: 'derived', device: 'comparison', mime: 'image/jpeg' });
    const px = await pixelsOf(photo.id);
    expect([px.width, px.height]).toEqual([photo.width, photo.height]);
    expect(px.width).toBe(2 * 1200);
    const cellH = px.height / 2;
    expect(Number.isInteger(cellH) && cellH > 800).toBe(true); // each panel has its caption band
    expect([px.kind(600, 400), px.kind(1800, 400), px.kind(600, cellH + 400), px.kind(1800, cellH + 400)]).toEqual(['red', 'blue', 'green', 'yellow']);
    const events = unwrap(await api.audit.search({ action: 'compare.export', pageSize: 50 }));
    const record = events.records.find((e) => e.photoId === photo.id);
    expect(record?.detail).toBe(`sources=${landscape.join(',')};mode=grid;layout=2x2;aligned=no,no,no;note=yes`);
    expect(await scanForPlaintext(clinic.dir, ['Þórsdóttir', 'GRID-1', 'Tumour board'])).toEqual([]);
  }, 120_000);

  it('is linked to all four sources: FHIR relatesTo, and in DICOM a Source Image Sequence of four, burned in, dciodvfy-clean', async () => {
    const bundle = JSON.parse((await exportPhoto(clinic.client, { photoId: derived, format: 'fhir' })).bytes.toString('utf8')) as Bundle;
    const document = (bundle.entry ?? []).map((e) => e.resource as Resource).find((r): r is DocumentReference => r.resourceType === 'DocumentReference')!;
    expect(document.relatesTo?.map((r) => r.target.identifier?.value)).toEqual(landscape);

    const file = path.join(work, 'grid.dcm');
    await writeFile(file, (await exportPhoto(clinic.client, { photoId: derived, format: 'dicom' })).bytes);
    expect(dciodvfy(file).errors).toEqual([]);
    const dump = dcmdump(file);
    expect(dumpValue(dump, '0008,0008')).toBe('DERIVED\\SECONDARY');
    expect(dumpValue(dump, '0028,0301')).toBe('YES');
    expect(dumpValue(dump, '0008,2111')).toMatch(/^Comparison of 4 photos, side by side in a grid/);
    // The Source Image Sequence: four items, each naming one source instance, in the order shown.
    const sequence = dump.slice(dump.indexOf('(0008,2112)'), dump.indexOf('(fffe,e0dd)', dump.indexOf('(0008,2112)')));
    expect(sequence.match(/\(fffe,e000\)/g)).toHaveLength(4);
    const named = [...sequence.matchAll(/\(0008,1155\) UI \[([\d.]+)\]/g)].map((m) => m[1]);
    const sources: string[] = [];
    for (const [i, id] of landscape.entries()) {
      const own = path.join(work, `source-${i}.dcm`);
      await writeFile(own, (await exportPhoto(clinic.client, { photoId: id, format: 'dicom' })).bytes);
      sources.push(dumpValue(dcmdump(own), '0008,0018')!);
    }
    expect(named).toEqual(sources);
  }, 120_000);
});

describe('a grid of three', () => {
  it('puts portrait photos in one row, from the right in Arabic, and places a panel by its stored alignment', async () => {
    const api = clinic.client.api;
    // The third photo's pixel (x, y) lies at (x + 200, y) of the first: its panel's left 200 px show no photo.
    const pairs = [[100, 100], [350, 200], [200, 800]].map(([x, y]) => ({ to: [x!, y!] as [number, number], from: [x! + 200, y!] as [number, number] }));
    const alignment = unwrap(await api.compare.alignManual({ fromPhotoId: portrait[0]!, toPhotoId: portrait[2]!, pairs }));
    unwrap(await api.preferences.setMyLocale({ locale: 'ar' }));
    try {
      const { photo, aligned } = unwrap(await api.compare.export({ photoIds: portrait, mode: 'grid' }));
      expect(aligned).toBe(false); // the second photo has no alignment
      const px = await pixelsOf(photo.id);
      expect(px.width).toBe(3 * 600);
      expect(px.height).toBeGreaterThan(900);
      expect([px.kind(1500, 450), px.kind(900, 450), px.kind(450, 450)]).toEqual(['red', 'blue', 'green']);
      expect([px.kind(100, 450), px.kind(300, 450)]).toEqual(['background', 'green']);
      const events = unwrap(await api.audit.search({ action: 'compare.export', pageSize: 50 }));
      expect(events.records.find((e) => e.photoId === photo.id)?.detail).toContain(`layout=3x1;aligned=no,${alignment.id}`);
    } finally {
      unwrap(await api.preferences.setMyLocale({ locale: null }));
    }
  }, 120_000);

  it('puts three landscape photos 2 × 2 with the third centred below the first two', async () => {
    const { photo } = unwrap(await clinic.client.api.compare.export({ photoIds: landscape.slice(0, 3), mode: 'grid' }));
    const px = await pixelsOf(photo.id);
    expect(px.width).toBe(2 * 1200);
    const below = px.height / 2 + 400;
    expect([px.kind(600, 400), px.kind(1800, 400)]).toEqual(['red', 'blue']);
    expect([px.kind(300, below), px.kind(1200, below), px.kind(2100, below)]).toEqual(['background', 'green', 'background']);
  }, 120_000);

  it('refuses a grid of two, two modes of three, five photos, a photo twice and another patient’s photo', async () => {
    const api = clinic.client.api;
    const [a, b, c, d] = landscape as [string, string, string, string];
    expect(code(await api.compare.export({ photoIds: [a, b], mode: 'grid' }))).toBe('VALIDATION_FAILED');
    expect(code(await api.compare.export({ photoIds: [a, b, c], mode: 'side-by-side' }))).toBe('VALIDATION_FAILED');
    expect(code(await api.compare.export({ photoIds: [a, b, c], mode: 'slider', sliderPosition: 0.5 }))).toBe('VALIDATION_FAILED');
    expect(code(await api.compare.export({ photoIds: [a, b, c, d, portrait[0]!], mode: 'grid' }))).toBe('VALIDATION_FAILED');
    expect(code(await api.compare.export({ photoIds: [a, b, a], mode: 'grid' }))).toBe('VALIDATION_FAILED');
    expect(code(await api.compare.export({ photoIds: [a, b, elsewhere], mode: 'grid' }))).toBe('VALIDATION_FAILED');
  }, 60_000);

  it('of a restricted patient is refused exactly as the viewer refuses it, for every role', async () => {
    await addStaff(clinic.dir, ONE_OF_EACH);
    const clinician = (await signedIn(clinic.core, 'clin')).api;
    expect(code(await clinician.compare.export({ photoIds: portrait, mode: 'grid' }))).toBe('ok');
    const privacy = await signedIn(clinic.core, 'privacy');
    unwrap(await privacy.api.access.restrict({ mrn: 'GRID-1', category: 'vip', reason: 'Public figure, requested confidentiality' }));
    for (const username of Object.keys(ONE_OF_EACH)) {
      const api = (await signedIn(clinic.core, username)).api;
      const viewer = code(await api.photos.open({ photoId: portrait[1]! }));
      expect(viewer, username).not.toBe('ok');
      const exported = code(await api.compare.export({ photoIds: portrait, mode: 'grid' }));
      expect(exported, username).toBe(['PERMISSION_DENIED', viewer].includes(exported) ? exported : viewer);
    }
  }, 120_000);
});

describe('the consent gate on a grid', () => {
  it('refuses the grid for a purpose when one of its four sources is not released for it', async () => {
    const c = await consentClinic();
    try {
      const backs = [await c.capture(SITES.back), await c.capture(SITES.back), await c.capture(SITES.back), await c.capture(SITES.back)];
      await c.paper([{ scope: 'education', decision: 'grant' }], { limits: { bodySites: [SITES.back.code], faceMayBeVisible: true } });
      const forEducation = (photoId: string) => c.client.api.photos.export({ photoId, format: 'fhir', purpose: 'education' });
      const grid = unwrap(await c.client.api.compare.export({ photoIds: backs, mode: 'grid' })).photo;
      expect(grid.context?.bodySite.code).toBe(SITES.back.code);
      expect(code(await forEducation(grid.id))).toBe('ok');

      // The last photo was in fact of the abdomen: corrected, it is outside the consent, and so is the grid showing it.
      const last = backs[3]!;
      unwrap(await c.client.api.corrections.correctPhoto({ photoId: last, reason: 'Site recorded wrongly at capture', bodySiteCode: SITES.abdomen.code }));
      const refused = await forEducation(grid.id);
      expect(refused.ok ? 'ok' : refused.error.code).toBe('CONSENT_REFUSED');
      expect(refused.ok ? '' : refused.error.message).toContain(`this comparison shows photo ${last}`);
      const three = unwrap(await c.client.api.compare.export({ photoIds: backs.slice(0, 3), mode: 'grid' })).photo;
      expect(unwrap(await c.client.api.consent.checkRelease({ photoIds: [grid.id, three.id], purpose: 'education' }))).toMatchObject([
        { photoId: grid.id, allowed: false },
        { photoId: three.id, allowed: true },
      ]);
    } finally {
      await c.dispose();
    }
  }, 120_000);
});
