// FHIR look-ups against the FHIR test server (a configured FHIR target with a bearer token):
// patients by identifier, name and birth date, each matched locally with the two-identifier
// safeguard; several results are ambiguous and an MRN held twice by the EHR blocks opening; an
// EHR patient is registered locally only with the MRN and birth date the user confirmed; today's
// appointments and encounters come with their patients.
import type { Appointment, Encounter, Patient as FhirPatient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializedClinic, unwrap } from '../test-support/fixtures';
import { startFhirServer, type FhirPeer } from '../test-support/peers';

const TOKEN = 'ehr-lookup-token-51c2';
const SYSTEM = 'urn:clinic-photo:mrn';
let fhir: FhirPeer;
const ids: Record<string, string> = {};

const patient = (mrn: string | null, family: string, given: string, birthDate: string): FhirPatient => ({
  resourceType: 'Patient',
  ...(mrn ? { identifier: [{ system: SYSTEM, value: mrn }, { system: 'urn:oid:2.16.840.1.113883.4.1', value: `999-${mrn}` }] } : {}),
  name: [{ use: 'official', family, given: [given] }],
  birthDate,
  gender: 'female',
});

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (offsetDays: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const atLocal = (day: string, hh: number) => new Date(`${day}T${pad(hh)}:00:00`).toISOString();

beforeAll(async () => {
  fhir = await startFhirServer({ bearerToken: TOKEN });
  for (const [key, p] of Object.entries({
    lind: patient('LK-1', 'Lindqvist', 'Astrid', '1980-03-14'),
    nguyen: patient('LK-2', 'Nguyen', 'Mai', '1975-11-30'),
    twinA: patient('LK-3', 'Holm', 'Eva', '1990-01-01'),
    twinB: patient('LK-3', 'Holm', 'Eva', '1990-01-01'),
    diaz: patient('LK-4', 'Diaz', 'Rosa', '1971-05-05'),
    anon: patient(null, 'Lindqvist', 'Per', '1950-02-02'),
  })) {
    ids[key] = (await fhir.create(p)).id!;
  }
  const today = localDay(0);
  await fhir.create<Appointment>({
    resourceType: 'Appointment',
    status: 'booked',
    description: 'Mole check',
    start: atLocal(today, 10),
    end: atLocal(today, 11),
    participant: [{ actor: { reference: `Patient/${ids.nguyen}` }, status: 'accepted' }],
  });
  await fhir.create<Appointment>({
    resourceType: 'Appointment',
    status: 'booked',
    description: 'Tomorrow',
    start: atLocal(localDay(1), 10),
    end: atLocal(localDay(1), 11),
    participant: [{ actor: { reference: `Patient/${ids.lind}` }, status: 'accepted' }],
  });
  await fhir.create<Encounter>({
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    type: [{ text: 'Dermatology visit' }],
    subject: { reference: `Patient/${ids.lind}` },
    period: { start: atLocal(today, 9) },
  });
}, 60_000);
afterAll(async () => {
  await fhir?.stop();
});

async function clinic() {
  const c = await initializedClinic();
  unwrap(await c.client.api.delivery.createTarget({ target: { name: 'EHR', kind: 'fhir', baseUrl: fhir.baseUrl, authKind: 'bearer', secret: TOKEN } }));
  const lind = unwrap(await c.client.api.patients.register({ mrn: 'LK-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-14', sex: 'F' }));
  const diaz = unwrap(await c.client.api.patients.register({ mrn: 'LK-4', familyName: 'Diaz', givenName: 'Rosa', birthDate: '1970-05-05', sex: 'F' }));
  return { ...c, lind, diaz };
}

describe('EHR patient look-up (FHIR)', () => {
  it('finds a patient by MRN; MRN and birth date agreeing with the local record confirm it', async () => {
    const c = await clinic();
    try {
      const r = unwrap(await c.client.api.ehr.searchPatients({ identifier: 'LK-1' }));
      expect(r).toMatchObject({ ambiguous: false, truncated: false, patients: [{ fhirId: ids.lind, mrn: 'LK-1', familyName: 'Lindqvist', birthDate: '1980-03-14', match: { status: 'confirmed', patientId: c.lind.id } }] });
      // By name and birth date too.
      const byName = unwrap(await c.client.api.ehr.searchPatients({ family: 'Lindqvist', birthDate: '1980-03-14' }));
      expect(byName.patients.map((p) => p.fhirId)).toEqual([ids.lind]);
    } finally {
      await c.dispose();
    }
  });

  it('several results are ambiguous; a patient without an MRN under the clinic’s system cannot be confirmed', async () => {
    const c = await clinic();
    try {
      const r = unwrap(await c.client.api.ehr.searchPatients({ family: 'Lindqvist' }));
      expect(r.ambiguous).toBe(true);
      expect(r.patients.find((p) => p.fhirId === ids.anon)).toMatchObject({ mrn: null, match: { status: 'unidentified', patientId: null } });
      expect(r.patients.find((p) => p.fhirId === ids.lind)).toMatchObject({ match: { status: 'confirmed' } });
    } finally {
      await c.dispose();
    }
  });

  it('an MRN the EHR holds twice blocks opening either record', async () => {
    const c = await clinic();
    try {
      expect(unwrap(await c.client.api.ehr.searchPatients({ identifier: 'LK-3' })).ambiguous).toBe(true);
      const r = await c.client.api.ehr.openPatient({ fhirId: ids.twinA!, mrn: 'LK-3', birthDate: '1990-01-01' });
      expect(r).toMatchObject({ ok: false, error: { code: 'PATIENT_AMBIGUOUS' } });
      expect(unwrap(await c.client.api.patients.search({ query: 'Holm', limit: 10 })).patients).toEqual([]);
    } finally {
      await c.dispose();
    }
  });

  it('a local record with the MRN but another birth date is a mismatch: opening is refused', async () => {
    const c = await clinic();
    try {
      const [diaz] = unwrap(await c.client.api.ehr.searchPatients({ identifier: 'LK-4' })).patients;
      expect(diaz).toMatchObject({ match: { status: 'mismatch', patientId: c.diaz.id } });
      expect(diaz!.match.reason).toMatch(/birth date/);
      const r = await c.client.api.ehr.openPatient({ fhirId: ids.diaz!, mrn: 'LK-4', birthDate: '1971-05-05' });
      expect(r).toMatchObject({ ok: false, error: { code: 'PATIENT_MISMATCH' } });
    } finally {
      await c.dispose();
    }
  });

  it('registers a new EHR patient only with the identifiers the user confirmed, once', async () => {
    const c = await clinic();
    try {
      const wrong = await c.client.api.ehr.openPatient({ fhirId: ids.nguyen!, mrn: 'LK-2', birthDate: '1975-11-29' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'PATIENT_MISMATCH' } });
      expect(unwrap(await c.client.api.patients.findByMrn({ mrn: 'LK-2' }))).toBeNull();

      const opened = unwrap(await c.client.api.ehr.openPatient({ fhirId: ids.nguyen!, mrn: 'LK-2', birthDate: '1975-11-30' }));
      expect(opened.registered).toBe(true);
      expect(unwrap(await c.client.api.patients.get({ patientId: opened.patientId }))).toMatchObject({ mrn: 'LK-2', familyName: 'Nguyen', givenName: 'Mai', birthDate: '1975-11-30', sex: 'F' });
      const again = unwrap(await c.client.api.ehr.openPatient({ fhirId: ids.nguyen!, mrn: 'LK-2', birthDate: '1975-11-30' }));
      expect(again).toEqual({ patientId: opened.patientId, registered: false });
    } finally {
      await c.dispose();
    }
  });

  it("lists today's appointments and encounters with their patients, not tomorrow's", async () => {
    const c = await clinic();
    try {
      const r = unwrap(await c.client.api.ehr.today({}));
      expect(r.date).toBe(localDay(0));
      expect(r.visits.map((v) => [v.kind, v.description, v.patient?.fhirId, v.patient?.match.status])).toEqual([
        ['encounter', 'Dermatology visit', ids.lind, 'confirmed'],
        ['appointment', 'Mole check', ids.nguyen, 'new'],
      ]);
    } finally {
      await c.dispose();
    }
  });

  it('says so when no FHIR server is configured, and when the server refuses the credentials', async () => {
    const c = await initializedClinic();
    try {
      expect(await c.client.api.ehr.searchPatients({ identifier: 'LK-1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      unwrap(await c.client.api.delivery.createTarget({ target: { name: 'EHR', kind: 'fhir', baseUrl: fhir.baseUrl, authKind: 'bearer', secret: 'wrong-token' } }));
      expect(await c.client.api.ehr.searchPatients({ identifier: 'LK-1' })).toMatchObject({ ok: false, error: { code: 'EHR_UNAVAILABLE' } });
      expect(await c.client.api.ehr.searchPatients({})).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    } finally {
      await c.dispose();
    }
  });
});
