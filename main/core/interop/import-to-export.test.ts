// From import to what leaves, through the real core: the camera's time (EXIF DateTimeOriginal and
// OffsetTimeOriginal) becomes the acquisition time in DICOM and FHIR and dates the study; a file
// without one is not presented as acquired at its file time; the same file imported twice is
// refused; an image no format can carry is refused at import rather than at delivery; the
// administrator's identifier systems and the per-photo recognizable mark reach the output.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, DocumentReference, Media, Patient as FhirPatient } from '@medplum/fhirtypes';
import type { Patient } from '../../../shared/domain';
import { exportPhoto, importPhoto, initializedClinic, tempDir, unwrap } from '../test-support/fixtures';
import { markedScene, withExif } from '../test-support/exif-jpeg';
import { dcmdump, dumpValue } from './dicom/dicom-tools';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let work: Awaited<ReturnType<typeof tempDir>>;
let patient: Patient;
let other: Patient;

beforeAll(async () => {
  clinic = await initializedClinic();
  work = await tempDir('cpw-import-export-');
  patient = unwrap<Patient>(await clinic.client.api.patients.register({ mrn: 'IMP-1', familyName: 'Lindqvist', givenName: 'Maja', birthDate: '1975-06-01', sex: 'F' }));
  other = unwrap<Patient>(await clinic.client.api.patients.register({ mrn: 'IMP-2', familyName: 'Okafor', givenName: 'Ada', birthDate: '1990-03-03', sex: 'F' }));
}, 30_000);
afterAll(async () => {
  await clinic?.dispose();
  await work?.cleanup();
});

let seed = 0;
/** A distinct JPEG each time (so duplicates are only the ones a test makes on purpose). */
const scene = async () => markedScene(160 + 16 * (seed++ % 8), 128);

async function dicomOf(photoId: string): Promise<string> {
  const { bytes } = await exportPhoto(clinic.client, { photoId, format: 'dicom' });
  const file = path.join(work.dir, `${photoId}.dcm`);
  await writeFile(file, bytes);
  return dcmdump(file);
}
async function fhirOf(photoId: string): Promise<Bundle> {
  return JSON.parse((await exportPhoto(clinic.client, { photoId, format: 'fhir' })).bytes.toString('utf8')) as Bundle;
}
const resource = <T>(bundle: Bundle, type: string) => bundle.entry!.map((e) => e.resource!).find((r) => r.resourceType === type) as T;

describe('acquisition time of imports', () => {
  it('takes the camera\'s DateTimeOriginal with its OffsetTimeOriginal, in DICOM and FHIR, and dates the study by it', async () => {
    const bytes = withExif(await scene(), { dateTimeOriginal: '2019:07:14 15:02:11', offsetTimeOriginal: '+02:00' });
    const photoId = await importPhoto(clinic.client, { mrn: patient.mrn, bytes, device: 'File import (test)' });
    const listing = await dicomOf(photoId);
    expect(dumpValue(listing, '0008,002a')).toBe('20190714150211.000+0200');
    expect([dumpValue(listing, '0008,0023'), dumpValue(listing, '0008,0033'), dumpValue(listing, '0008,0201')]).toEqual(['20190714', '150211.000', '+0200']);
    expect([dumpValue(listing, '0008,0020'), dumpValue(listing, '0008,0030')]).toEqual(['20190714', '150211.000']);
    const media = resource<Media>(await fhirOf(photoId), 'Media');
    expect(media.createdDateTime).toBe('2019-07-14T15:02:11.000+02:00');
    expect(media.content.creation).toBe('2019-07-14T15:02:11.000+02:00');
  });

  it('puts photos taken in different years into different studies, each dated by the camera', async () => {
    const ids = [];
    for (const date of ['2018:03:01 09:00:00', '2024:11:20 16:45:00']) {
      ids.push(await importPhoto(clinic.client, { mrn: patient.mrn, bytes: withExif(await scene(), { dateTimeOriginal: date, offsetTimeOriginal: '-05:00' }), device: 'File import (test)' }));
    }
    const [a, b] = await Promise.all(ids.map(dicomOf));
    expect(dumpValue(a!, '0020,000d')).not.toBe(dumpValue(b!, '0020,000d'));
    expect([dumpValue(a!, '0008,0020'), dumpValue(b!, '0008,0020')]).toEqual(['20180301', '20241120']);
    expect(dumpValue(b!, '0008,0201')).toBe('-0500');
  });

  it('reads a DateTimeOriginal without an offset in the workstation\'s time zone', async () => {
    const bytes = withExif(await scene(), { dateTimeOriginal: '2021:01:05 08:30:00' });
    const photoId = await importPhoto(clinic.client, { mrn: patient.mrn, bytes, device: 'File import (test)' });
    const listing = await dicomOf(photoId);
    const offset = -new Date(2021, 0, 5, 8, 30).getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    expect(dumpValue(listing, '0008,002a')).toBe(`20210105083000.000${zone}`);
  });

  it('does not present a file\'s own time as the acquisition: no Acquisition DateTime, no Media.createdDateTime', async () => {
    const photoId = await importPhoto(clinic.client, { mrn: patient.mrn, bytes: await scene(), device: 'File import (test)', fileModifiedAt: '2020-02-02T10:00:00.000Z' });
    const listing = await dicomOf(photoId);
    expect(dumpValue(listing, '0008,002a')).toBeNull();
    expect(dumpValue(listing, '0008,0023')).toMatch(/^2020020[12]$/); // the file's date, in the workstation's zone
    expect(resource<Media>(await fhirOf(photoId), 'Media').createdDateTime).toBeUndefined();
  });
});

describe('what import refuses', () => {
  it('refuses the same file a second time, naming the photo for the same patient and nobody for another', async () => {
    const bytes = await scene();
    const first = await importPhoto(clinic.client, { mrn: patient.mrn, bytes, device: 'File import (test)' });
    const again = await clinic.client.api.photos.import({ mrn: patient.mrn, bytes, device: 'File import (test)' });
    expect(again).toMatchObject({ ok: false, error: { code: 'DUPLICATE_PHOTO', message: expect.stringContaining(first) } });
    const elsewhere = await clinic.client.api.photos.import({ mrn: other.mrn, bytes, device: 'File import (test)' });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'DUPLICATE_PHOTO' } });
    expect(elsewhere.ok ? '' : elsewhere.error.message).not.toContain(first);
    const photos = unwrap<Array<{ sha256: string }>>(await clinic.client.api.photos.list({ patientId: patient.id }));
    expect(photos.filter((p) => p.sha256 === photos.find((q) => q.sha256)!.sha256).length).toBe(1);
    expect(unwrap<unknown[]>(await clinic.client.api.photos.list({ patientId: other.id }))).toEqual([]);
  });

  it('refuses a CMYK JPEG at import with the reason, and a progressive JPEG imported is exported as DICOM', async () => {
    const rgb = { create: { width: 96, height: 64, channels: 3, background: { r: 200, g: 150, b: 120 } } } as const;
    const cmyk = await clinic.client.api.photos.import({ mrn: patient.mrn, bytes: await sharp(rgb).toColourspace('cmyk').jpeg().toBuffer(), device: 'File import (test)' });
    expect(cmyk).toMatchObject({ ok: false, error: { code: 'INVALID_IMAGE', message: expect.stringMatching(/CMYK/) } });
    const progressive = await importPhoto(clinic.client, { mrn: patient.mrn, bytes: await sharp(rgb).jpeg({ progressive: true }).toBuffer(), device: 'File import (test)' });
    expect(await dicomOf(progressive)).toContain('=JPEGBaseline');
  });
});

describe('identifier systems and the recognizable mark', () => {
  it('uses the administrator\'s MRN system, Issuer of Patient ID and org root in DICOM and FHIR', async () => {
    const photoId = await importPhoto(clinic.client, { mrn: patient.mrn, bytes: await scene(), device: 'File import (test)' });
    const settings = unwrap(
      await clinic.client.api.interop.updateSettings({ mrnSystem: 'https://emr.example.org/fhir/sid/mrn', issuerOfPatientId: 'HARBOUR-EMR', orgUidRoot: '1.2.826.0.1.3680043.10.543' }),
    );
    expect(settings).toMatchObject({ mrnSystem: 'https://emr.example.org/fhir/sid/mrn', effectiveMrnSystem: 'https://emr.example.org/fhir/sid/mrn' });
    const listing = await dicomOf(photoId);
    expect(dumpValue(listing, '0010,0021')).toBe('HARBOUR-EMR');
    expect(dumpValue(listing, '0008,0018')).toMatch(/^1\.2\.826\.0\.1\.3680043\.10\.543\./);
    const bundle = await fhirOf(photoId);
    expect(resource<FhirPatient>(bundle, 'Patient').identifier![0]!.system).toBe('https://emr.example.org/fhir/sid/mrn');
    expect(bundle.entry!.find((e) => e.resource!.resourceType === 'Patient')!.request!.ifNoneExist).toBe(`identifier=${encodeURIComponent('https://emr.example.org/fhir/sid/mrn')}|IMP-1`);
    expect(resource<DocumentReference>(bundle, 'DocumentReference').masterIdentifier!.value).toMatch(/^urn:oid:1\.2\.826\.0\.1\.3680043\.10\.543\./);

    // Bad values are refused, nothing changes; null returns a value to its default.
    for (const bad of [{ mrnSystem: 'not a uri' }, { orgUidRoot: '1.02.3' }, { orgUidRoot: `1.${'2'.repeat(40)}` }, { issuerOfPatientId: 'A\\B' }]) {
      expect(await clinic.client.api.interop.updateSettings(bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    const reset = unwrap(await clinic.client.api.interop.updateSettings({ mrnSystem: null, issuerOfPatientId: null, orgUidRoot: null }));
    expect(reset).toMatchObject({ mrnSystem: null, issuerOfPatientId: null, orgUidRoot: null, effectiveMrnSystem: 'urn:clinic-photo:mrn' });
    expect(dumpValue(await dicomOf(photoId), '0010,0021')).toBeNull();
  });

  it('marks a photo recognizable (or returns it to its body site) through the channel, and DICOM follows', async () => {
    const photoId = await importPhoto(clinic.client, { mrn: patient.mrn, bytes: await scene(), device: 'File import (test)' });
    expect(dumpValue(await dicomOf(photoId), '0028,0302')).toBe('NO'); // an import's site is unknown
    expect(unwrap(await clinic.client.api.photos.setRecognizable({ photoId, recognizable: true }))).toEqual({ photoId, recognizable: true });
    expect(dumpValue(await dicomOf(photoId), '0028,0302')).toBe('YES');
    expect(resource<DocumentReference>(await fhirOf(photoId), 'DocumentReference').securityLabel![0]!.coding![0]!.code).toBe('R');
    unwrap(await clinic.client.api.photos.setRecognizable({ photoId, recognizable: null }));
    expect(dumpValue(await dicomOf(photoId), '0028,0302')).toBe('NO');
  });
});
