// The two-identifier decision on its own, against a real (in-memory) schema: which EHR patients
// confirm a local record, which are new, and which block because the identifiers disagree.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrations';
import { registerPatient } from '../patients/patients';
import { matchLocally, patientFacts, type FhirPatientResource } from './patient-match';

const SYSTEM = 'https://emr.example/mrn';
let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  db.exec("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')");
  registerPatient(db, new Date(), 'u1', { mrn: 'A-1', familyName: 'Müller', givenName: 'Zoë', birthDate: '1970-01-01', sex: 'F' });
});

const fhir = (over: Partial<FhirPatientResource> = {}): FhirPatientResource => ({
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ system: SYSTEM, value: 'A-1' }],
  name: [{ use: 'official', family: 'MULLER', given: ['Zoe'] }],
  birthDate: '1970-01-01',
  gender: 'female',
  ...over,
});
const match = (r: FhirPatientResource) => matchLocally(db, patientFacts(r, SYSTEM)).match.status;

describe('the two-identifier match', () => {
  it('confirms when MRN and birth date agree (name compared with case and accents folded)', () => {
    expect(match(fhir())).toBe('confirmed');
  });

  it('is a mismatch when the MRN agrees but the birth date or family name does not', () => {
    expect(match(fhir({ birthDate: '1970-01-02' }))).toBe('mismatch');
    expect(match(fhir({ name: [{ family: 'Meier', given: ['Zoe'] }] }))).toBe('mismatch');
  });

  it('is a mismatch when another MRN carries the same name and birth date (a possible duplicate)', () => {
    expect(match(fhir({ identifier: [{ system: SYSTEM, value: 'B-9' }] }))).toBe('mismatch');
  });

  it('is new when neither the MRN nor the name and birth date are known here', () => {
    expect(match(fhir({ identifier: [{ system: SYSTEM, value: 'B-9' }], name: [{ family: 'Ng', given: ['Lee'] }] }))).toBe('new');
  });

  it('cannot confirm without an MRN under the clinic’s system, with two MRNs there, or without a birth date', () => {
    expect(match(fhir({ identifier: [{ system: 'urn:other', value: 'A-1' }] }))).toBe('unidentified');
    expect(match(fhir({ identifier: [{ system: SYSTEM, value: 'A-1' }, { system: SYSTEM, value: 'A-2' }] }))).toBe('unidentified');
    expect(match(fhir({ birthDate: undefined }))).toBe('unidentified');
    expect(match(fhir({ birthDate: '1970' }))).toBe('unidentified');
  });
});
