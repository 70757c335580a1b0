// Choosing a worklist entry through the core's channels, against a real provider (Orthanc's
// worklist plugin, and wlmscpfs for the match): an unknown MRN registers the patient from the
// entry and opens an encounter carrying the order; a photo captured into it exports as DICOM with
// the accession number and the ordered study. The wrong-patient guard: MRN and birth date must
// both agree, a same-name-same-birth-date patient under another MRN blocks, and choosing the same
// step twice reopens one encounter. Every refusal is audited and creates nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encounter, Patient, Photo } from '../../../shared/domain';
import { createSimulatedCamera } from '../capture/simulated-camera';
import { dcmdump, dumpValue } from '../interop/dicom/dicom-tools';
import { addStaff, signedIn } from '../access/test-staff';
import { exportPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { startWorklistPeers, type WorklistItem, type WorklistPeers } from '../test-support/peers/worklist';
import { localToday } from './query';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const STATION = 'CHOOSECAM';
const today = localToday(new Date()).replaceAll('-', '');
const base: Omit<WorklistItem, 'patientName' | 'patientId' | 'birthDate' | 'accession' | 'stepId' | 'studyInstanceUid'> = {
  sex: 'F',
  stationAe: STATION,
  date: today,
  time: '100000',
  stepDescription: 'Skin lesion photography',
  requestedProcedureId: 'RP-7',
  requestedProcedureDescription: 'Clinical photography',
};

let peers: WorklistPeers;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let dir: string;
beforeAll(async () => {
  peers = await startWorklistPeers(STATION);
  await peers.add({ ...base, patientName: 'Ñúñez-Ødegård^Zoë', patientId: 'WL-NEW', birthDate: '19800229', accession: 'ACC-NEW', stepId: 'S-NEW', studyInstanceUid: '2.25.90001' });
  await peers.add({ ...base, patientName: 'Known^Kim', patientId: 'WL-KNOWN', birthDate: '19700101', accession: 'ACC-KNOWN', stepId: 'S-KNOWN', studyInstanceUid: '2.25.90002' });
  await peers.add({ ...base, patientName: 'Other^Olga', patientId: 'WL-DOB', birthDate: '19700101', accession: 'ACC-DOB', stepId: 'S-DOB', studyInstanceUid: '2.25.90003' });
  await peers.add({ ...base, patientName: 'Twin^Tess', patientId: 'WL-TWIN', birthDate: '19900505', accession: 'ACC-TWIN', stepId: 'S-TWIN', studyInstanceUid: '2.25.90004' });
  await peers.add({ ...base, patientName: 'Photo^Pia', patientId: 'WL-PHOTO', birthDate: '19850303', accession: 'ACC-PHOTO', stepId: 'S-PHOTO', studyInstanceUid: '2.25.90005' });
  clinic = await initializedClinic({ cameras: [createSimulatedCamera({ width: 800, height: 600 })] });
  const api = clinic.client.api;
  unwrap(await api.patients.register({ mrn: 'WL-KNOWN', familyName: 'Known', givenName: 'Kim', birthDate: '1970-01-01', sex: 'F' }));
  unwrap(await api.patients.register({ mrn: 'WL-DOB', familyName: 'Other', givenName: 'Olga', birthDate: '1971-01-01', sex: 'F' }));
  unwrap(await api.patients.register({ mrn: 'LOCAL-TWIN', familyName: 'Twin', givenName: 'Tess', birthDate: '1990-05-05', sex: 'F' }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'choose-'));
}, 60_000);
afterAll(async () => {
  await peers?.stop();
  await clinic?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const key = (accession: string, step: string) => `${accession}\\${step}`;

describe('choosing a worklist entry', () => {
  it('registers a new patient from the entry, opens the encounter with the order; the DICOM carries it', async () => {
    const api = clinic.client.api;
    unwrap(await api.worklist.saveSettings({ settings: { host: '127.0.0.1', port: peers.orthanc.port, calledAe: peers.orthanc.calledAe, callingAe: STATION } }));
    const { entries } = unwrap<{ entries: Array<{ key: string }> }>(await api.worklist.query({}));
    expect(entries.map((e) => e.key).sort()).toEqual([key('ACC-DOB', 'S-DOB'), key('ACC-KNOWN', 'S-KNOWN'), key('ACC-NEW', 'S-NEW'), key('ACC-PHOTO', 'S-PHOTO'), key('ACC-TWIN', 'S-TWIN')]);

    const chosen = unwrap<{ patientId: string; encounterId: string; patientCreated: boolean }>(await api.worklist.choose({ key: key('ACC-NEW', 'S-NEW') }));
    expect(chosen.patientCreated).toBe(true);
    expect(unwrap<Patient>(await api.patients.get({ patientId: chosen.patientId }))).toMatchObject({ mrn: 'WL-NEW', familyName: 'Ñúñez-Ødegård', givenName: 'Zoë', birthDate: '1980-02-29', sex: 'F' });
    const encounters = unwrap<Encounter[]>(await api.encounters.list({ patientId: chosen.patientId }));
    expect(encounters).toMatchObject([{ id: chosen.encounterId, reason: 'Clinical photography' }]);

    const again = unwrap<{ encounterId: string; patientCreated: boolean }>(await api.worklist.choose({ key: key('ACC-NEW', 'S-NEW') }));
    expect(again).toMatchObject({ encounterId: chosen.encounterId, patientCreated: false });

    const photo = unwrap<Photo>(
      await api.capture.take({ encounterId: chosen.encounterId, cameraId: 'simulated:0', context: { bodySite: { code: '36141000', display: 'Skin of cheek' }, laterality: 'left', view: 'left lateral' } }),
    );
    const { bytes } = await exportPhoto(clinic.client, { photoId: photo.id, format: 'dicom' });
    const file = path.join(dir, 'photo.dcm');
    await writeFile(file, bytes);
    const listing = dcmdump(file);
    expect(dumpValue(listing, '0008,0050')).toBe('ACC-NEW');
    expect(dumpValue(listing, '0020,000d')).toBe('2.25.90001');
    expect(listing).toMatch(/\(0040,0009\) SH \[S-NEW\]/);
  });

  it('matches a known patient on MRN and birth date (wlmscpfs as the provider)', async () => {
    const api = clinic.client.api;
    unwrap(await api.worklist.saveSettings({ settings: { host: '127.0.0.1', port: peers.wlmscpfs.port, calledAe: peers.wlmscpfs.calledAe, callingAe: STATION } }));
    const known = unwrap<{ patientId: string; patientCreated: boolean }>(await api.worklist.choose({ key: key('ACC-KNOWN', 'S-KNOWN') }));
    expect(known.patientCreated).toBe(false);
    expect(unwrap<Patient>(await api.patients.get({ patientId: known.patientId }))).toMatchObject({ mrn: 'WL-KNOWN', birthDate: '1970-01-01' });
  });

  it('blocks an MRN whose birth date differs, and a same name and birth date under another MRN', async () => {
    const api = clinic.client.api;
    const patientsBefore = unwrap<{ patients: Patient[] }>(await api.patients.search({ query: 'T' }));
    const dob = await api.worklist.choose({ key: key('ACC-DOB', 'S-DOB') });
    expect(dob).toMatchObject({ ok: false, error: { code: 'PATIENT_MISMATCH', message: expect.stringMatching(/different birth date/) } });
    const twin = await api.worklist.choose({ key: key('ACC-TWIN', 'S-TWIN') });
    expect(twin).toMatchObject({ ok: false, error: { code: 'PATIENT_MISMATCH', message: expect.stringMatching(/same name and birth date has a different MRN/) } });
    expect(unwrap<{ patients: Patient[] }>(await api.patients.search({ query: 'T' })).patients).toHaveLength(patientsBefore.patients.length);
    const gone = await api.worklist.choose({ key: key('ACC-GONE', 'S-GONE') });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a photographer names the clinician the encounter is for; without one nothing is created', async () => {
    const staff = await addStaff(clinic.dir, { wlclin: 'clinician', wlphoto: 'photographer' });
    const photographer = await signedIn(clinic.core, 'wlphoto');
    try {
      const api = photographer.api;
      const entry = key('ACC-PHOTO', 'S-PHOTO');
      const unnamed = await api.worklist.choose({ key: entry });
      expect(unnamed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { providerId: 'is required' } } });
      expect(unwrap(await clinic.client.api.patients.findByMrn({ mrn: 'WL-PHOTO' }))).toBeNull();
      const notAClinician = await api.worklist.choose({ key: entry, providerId: staff.wlphoto!.id });
      expect(notAClinician).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { providerId: expect.stringMatching(/not an active clinician/) } } });

      const chosen = unwrap<{ patientId: string; encounterId: string }>(await api.worklist.choose({ key: entry, providerId: staff.wlclin!.id }));
      const encounters = unwrap<Encounter[]>(await api.encounters.list({ patientId: chosen.patientId }));
      expect(encounters.find((e) => e.id === chosen.encounterId)).toMatchObject({ providerId: staff.wlclin!.id });
      // The same step again reopens that encounter; no provider is asked for.
      expect(unwrap(await api.worklist.choose({ key: entry }))).toMatchObject({ encounterId: chosen.encounterId });
    } finally {
      await photographer.disconnect();
    }
  });
});
