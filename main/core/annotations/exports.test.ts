// The exports of a photo's current annotation version: the DICOM Color Softcopy Presentation State
// passes dciodvfy with zero errors, references the photo's instance, carries every shape and
// label, one graphic layer per annotation layer and the ruler's scale as Presentation Pixel
// Spacing; the Web Annotation JSON targets the photo by its SOP Instance UID with selectors in
// pixel space. A photo without annotations has nothing to export (NOT_FOUND).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../shared/domain';
import type { CoreClient } from '../core';
import sharp from 'sharp';
import { dciodvfy, dcmdump, dumpValue, pixelFragments } from '../interop/dicom/dicom-tools';
import { ADMIN, importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { signedIn } from '../access/test-staff';
import { renderClinicalScene } from '../capture/simulated-camera';
import { COLOR_SOFTCOPY_PRESENTATION_STATE } from './csps';
import { ANNOTATED_PATIENT, annotatedPhoto } from './test-support';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let admin: CoreClient;
let photo: Photo;
let work: string;

beforeEach(async () => {
  clinic = await initializedClinic();
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password, { local: true });
  ({ photo } = await annotatedPhoto(admin));
  work = await mkdtemp(path.join(os.tmpdir(), 'cpw-csps-'));
});

afterEach(async () => {
  await clinic.core.close();
  await clinic.dispose();
  await rm(work, { recursive: true, force: true });
});

async function exported(format: 'csps' | 'web-annotation' | 'burned-in') {
  const out = unwrap(await admin.api.annotations.export({ photoId: photo.id, format }));
  return { ...out, bytes: Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength) };
}

describe('Color Softcopy Presentation State', () => {
  it('is valid for dciodvfy and references the photo with every shape, label and the calibration', async () => {
    const out = await exported('csps');
    expect(out.version).toBe(1);
    const file = path.join(work, 'ps.dcm');
    await writeFile(file, out.bytes);
    const report = dciodvfy(file);
    expect(report.errors).toEqual([]);
    console.info(`dciodvfy warnings: ${report.warnings.length}\n${report.warnings.join('\n')}`);
    expect(report.iod).toBe('ColorSoftcopyPresentationState');

    const photoDicom = path.join(work, 'photo.dcm');
    const photoBytes = unwrap(await admin.api.photos.export({ photoId: photo.id, format: 'dicom' })).bytes;
    await writeFile(photoDicom, photoBytes);
    const photoDump = dcmdump(photoDicom);
    const dump = dcmdump(file);
    expect(dump).toContain(`(0002,0002) UI =ColorSoftcopyPresentationStateStorage`);
    expect(COLOR_SOFTCOPY_PRESENTATION_STATE).toBe('1.2.840.10008.5.1.4.1.1.11.2');
    expect(dumpValue(dump, '0008,0016')).toBe('=ColorSoftcopyPresentationStateStorage');
    expect(dumpValue(dump, '0008,0060')).toBe('PR');
    expect(dumpValue(dump, '0020,000d')).toBe(dumpValue(photoDump, '0020,000d'));
    expect(dumpValue(dump, '0010,0020')).toBe(ANNOTATED_PATIENT.mrn);
    // The referenced image is the photo's instance.
    expect(dump).toContain(`(0008,1155) UI [${dumpValue(photoDump, '0008,0018')}]`);
    // 12 px/mm from the detected ruler: 1/12 mm per pixel.
    expect(dump).toMatch(/\(0070,0101\) DS \[0\.0833\d{5,}\\0\.0833\d{5,}\]/);
    expect(dump).toContain('(0070,0002) CS [LAYER_1]');
    expect(dump).toContain('(0070,0068) LO [Measurements]');
    for (const type of ['POLYLINE', 'ELLIPSE', 'POINT']) expect(dump).toContain(`(0070,0023) CS [${type}]`);
    expect(dump).toContain('Injection site');
    expect(dump).toContain('Lesion 1: Naevus');
    // The 74.4 px ruler at 12 px/mm: 6.2 mm, with its uncertainty and source.
    expect(dump).toMatch(/6\.2\d? ± 0\.1\d? mm \(ruler\)/);
  });

  it('exports nothing for a photo without annotations, with a one-line reason', async () => {
    const bare = await importPhoto(admin, { mrn: ANNOTATED_PATIENT.mrn, bytes: await renderClinicalScene(1200, 800, 1), device: 'test' });
    const result = await admin.api.annotations.export({ photoId: bare, format: 'csps' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'This photo has no annotations to export.' } });
  });
});

describe('burned-in derived copy', () => {
  it('is a new, dciodvfy-clean instance that says its annotations are burned in and names the photo as its source', async () => {
    const out = await exported('burned-in');
    const file = path.join(work, 'burned.dcm');
    await writeFile(file, out.bytes);
    expect(dciodvfy(file).errors).toEqual([]);
    const photoFile = path.join(work, 'photo.dcm');
    await writeFile(photoFile, unwrap(await admin.api.photos.export({ photoId: photo.id, format: 'dicom' })).bytes);
    const photoSop = dumpValue(dcmdump(photoFile), '0008,0018');
    const dump = dcmdump(file);
    expect(dumpValue(dump, '0028,0301')).toBe('YES');
    expect(dumpValue(dump, '0008,0008')).toBe('DERIVED\\SECONDARY');
    expect(dumpValue(dump, '0008,0018')).not.toBe(photoSop);
    expect(dump).toContain(`(0008,1155) UI [${photoSop}]`);
    expect(dumpValue(dump, '0028,2110')).toBe('01');
    // The ruler (y = 700, x 1000 to 1074) is drawn in yellow into the pixels.
    const [, jpeg] = pixelFragments(file, work);
    const { data, info } = await sharp(jpeg!).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [r, g, b] = at(1040, 700);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeGreaterThan(170);
    expect(b).toBeLessThan(110);
  });
});

describe('W3C Web Annotation', () => {
  it('targets the photo by its SOP Instance UID with SVG selectors in pixel space', async () => {
    const out = await exported('web-annotation');
    const doc = JSON.parse(out.bytes.toString('utf8'));
    expect(doc).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 11 });
    const items = doc.first.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read back in a test
    const file = path.join(work, 'photo.dcm');
    await writeFile(file, unwrap(await admin.api.photos.export({ photoId: photo.id, format: 'dicom' })).bytes);
    const sop = dumpValue(dcmdump(file), '0008,0018');
    for (const item of items) {
      expect(item.type).toBe('Annotation');
      expect(item.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(item.target.source).toEqual({ id: `urn:oid:${sop}`, type: 'Image', format: 'image/jpeg' });
    }
    const ruler = items.find((i) => i.motivation === 'assessing' && i.target.selector.value?.includes('1074.4'));
    expect(ruler!.target.selector).toEqual({ type: 'SvgSelector', value: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2400 1600"><polyline points="1000,700 1074.4,700"/></svg>' });
    expect(ruler!.body[0].value).toMatch(/^6\.2\d? ± 0\.1\d? mm \(ruler\)$/);
    const rect = items.find((i) => Array.isArray(i.target.selector));
    expect(rect!.target.selector[0]).toEqual({ type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value: 'xywh=pixel:1500,200,200,150' });
    expect(items.find((i) => i.motivation === 'identifying')!.body[0].value).toBe('Lesion 1: Naevus');
  });
});
