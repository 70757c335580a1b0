// A clinic with photos worth exporting, for the interop tests: patients with non-ASCII names,
// encounters, simulated-camera captures of several body sites and sides, and imported JPEG and
// PNG files with no encounter. Everything goes through the real core, database and blob store.
import sharp from 'sharp';
import type { CaptureContext, Encounter, Patient, Photo } from '../../../shared/domain';
import { createSimulatedCamera } from '../capture/simulated-camera';
import { initializedClinic, unwrap, importPhoto } from '../test-support/fixtures';
import type { PhotoExportInput } from './export-input';
import { prepareOutgoingImage } from './outgoing-image';

export interface CapturedPhoto {
  readonly id: string;
  readonly patient: Patient;
  readonly encounter: Encounter | null;
  readonly context: CaptureContext | null;
  readonly mime: 'image/jpeg' | 'image/png';
}

export const SHOTS: ReadonlyArray<{ readonly patient: 0 | 1; readonly context: CaptureContext }> = [
  { patient: 0, context: { bodySite: { code: '113179006', display: 'Skin of nose' }, laterality: 'unpaired', view: 'anterior' } },
  { patient: 0, context: { bodySite: { code: '36141000', display: 'Skin of cheek' }, laterality: 'left', view: 'left lateral' } },
  { patient: 0, context: { bodySite: { code: '76261009', display: 'Skin of axilla' }, laterality: 'right', view: 'close-up' } },
  { patient: 1, context: { bodySite: { code: '82038008', display: 'Skin of breast' }, laterality: 'bilateral', view: 'anterior' } },
];

export async function interopClinic() {
  const clinic = await initializedClinic({ cameras: [createSimulatedCamera({ width: 800, height: 600 })] });
  const patients = [
    unwrap<Patient>(await clinic.client.api.patients.register({ mrn: 'MRN-5521', familyName: 'Müller', givenName: 'Zoë', birthDate: '1984-02-29', sex: 'F' })),
    unwrap<Patient>(await clinic.client.api.patients.register({ mrn: 'MRN-77/3', familyName: "O'Brien-Łukasiewicz", givenName: 'Seán', birthDate: '1950-12-01', sex: 'U' })),
  ] as const;
  const encounters = [
    unwrap<Encounter>(await clinic.client.api.encounters.start({ patientId: patients[0].id, reason: 'Mole check \\ follow-up' })),
    unwrap<Encounter>(await clinic.client.api.encounters.start({ patientId: patients[1].id, reason: '' })),
  ] as const;
  const photos: CapturedPhoto[] = [];
  for (const shot of SHOTS) {
    const photo = unwrap<Photo>(await clinic.client.api.capture.take({ encounterId: encounters[shot.patient].id, cameraId: 'simulated:0', context: shot.context }));
    photos.push({ id: photo.id, patient: patients[shot.patient], encounter: encounters[shot.patient], context: shot.context, mime: 'image/jpeg' });
  }
  const scene = { create: { width: 301, height: 199, channels: 3, background: { r: 214, g: 170, b: 150 } } } as const;
  const importedJpeg = await sharp(scene).jpeg({ quality: 90 }).toBuffer();
  const importedPng = await sharp(scene).png().toBuffer();
  for (const [bytes, mime] of [
    [importedJpeg, 'image/jpeg'],
    [importedPng, 'image/png'],
  ] as const) {
    const id = await importPhoto(clinic.client, { mrn: patients[0].mrn, bytes, device: 'File import (CLI)' });
    photos.push({ id, patient: patients[0], encounter: null, context: null, mime });
  }
  return { clinic, patients, encounters, photos };
}

/** A hand-made export input around real image bytes, for builder-level tests. */
export async function sampleInput(overrides: Partial<PhotoExportInput> = {}, photo: Partial<PhotoExportInput['photo']> = {}): Promise<PhotoExportInput> {
  const original = overrides.image ?? (await sharp({ create: { width: 321, height: 213, channels: 3, background: { r: 205, g: 150, b: 130 } } }).jpeg().toBuffer());
  const outgoing = await prepareOutgoingImage(original, photo.mime ?? 'image/jpeg');
  return {
    patient: { id: 'a1'.repeat(16), mrn: 'MRN-5521', familyName: 'Müller', givenName: 'Zoë', birthDate: '1984-02-29', sex: 'F' },
    encounter: { id: 'b2'.repeat(16), startedAt: '2026-03-04T09:15:00.000Z', providerName: 'Dr Ada Admin', reason: 'Mole check' },
    clinicName: 'Harbour Dermatology',
    orgUidRoot: null,
    mrnSystem: 'urn:clinic-photo:mrn',
    issuerOfPatientId: null,
    ...overrides,
    image: outgoing.bytes,
    imageSha256: outgoing.sha256,
    derivation: outgoing.derivation,
    original: { byteLength: original.byteLength },
    photo: {
      id: 'c3'.repeat(16),
      capturedAt: '2026-03-04T09:20:07.250Z',
      acquiredAt: '2026-03-04T09:20:07.250Z',
      utcOffsetMinutes: 0,
      timeOrigin: 'capture',
      recognizable: false,
      capturedByName: 'Pat Photographer',
      providerName: 'Dr Ada Admin',
      source: 'camera',
      device: 'Simulated camera (built-in)',
      mime: 'image/jpeg',
      width: outgoing.width,
      height: outgoing.height,
      sha256: '',
      bodySite: { code: '36141000', display: 'Skin of cheek' },
      laterality: 'left',
      view: 'left lateral',
      camera: { make: null, model: null, lens: null },
      instanceNumber: 1,
      ...photo,
    },
  };
}
