// The wrong-patient safeguard for patients that come from the EHR: a FHIR Patient is the local
// patient only when two identifiers agree (the MRN under the clinic's MRN system, and the birth
// date; the family name is checked too). A record that shares one identifier but not the other is
// a mismatch, and a FHIR patient without an MRN or a birth date cannot be confirmed at all: both
// block capture until a person sorts them out. Pure reads; the decision is one tested function.
import type { EhrPatient } from '../../../shared/channels/ehr';
import type { Sex } from '../../../shared/domain';
import type { Db } from '../db/open';
import { findPatientByMrn, findPatientsByNameAndBirthDate, foldName } from '../patients/patients';

/** The parts of a FHIR R4 Patient this module reads. */
export interface FhirPatientResource {
  resourceType: 'Patient';
  id?: string;
  identifier?: Array<{ system?: string; value?: string }>;
  name?: Array<{ use?: string; family?: string; given?: string[]; text?: string }>;
  birthDate?: string;
  gender?: string;
}

export type PatientFacts = Omit<EhrPatient, 'match'>;

const SEX_OF_GENDER: Readonly<Record<string, Sex>> = { female: 'F', male: 'M', other: 'O', unknown: 'U' };

/** What the EHR says about a patient, with the MRN taken only from the clinic's MRN system. */
export function patientFacts(resource: FhirPatientResource, mrnSystem: string): PatientFacts {
  const mrns = (resource.identifier ?? []).filter((i) => i.system === mrnSystem && i.value).map((i) => i.value!.trim());
  const name = resource.name?.find((n) => n.use === 'official') ?? resource.name?.find((n) => n.use !== 'old') ?? resource.name?.[0];
  return {
    fhirId: resource.id ?? '',
    // Two different MRNs under one system is itself a conflict: no MRN is trusted then.
    mrn: new Set(mrns).size === 1 ? mrns[0]! : null,
    familyName: name?.family ?? '',
    givenName: (name?.given ?? []).join(' '),
    birthDate: /^\d{4}-\d{2}-\d{2}$/.test(resource.birthDate ?? '') ? resource.birthDate! : null,
    sex: SEX_OF_GENDER[resource.gender ?? 'unknown'] ?? 'U',
  };
}

/** Matches EHR facts against the local records (see EhrMatchStatus in shared/channels/ehr.ts). */
export function matchLocally(db: Db, facts: PatientFacts): EhrPatient {
  const decide = (status: EhrPatient['match']['status'], patientId: string | null, reason: string | null): EhrPatient => ({ ...facts, match: { status, patientId, reason } });
  if (!facts.mrn) return decide('unidentified', null, 'The EHR gives no single MRN under this clinic’s MRN system.');
  if (!facts.birthDate) return decide('unidentified', null, 'The EHR gives no birth date.');
  const local = findPatientByMrn(db, facts.mrn);
  if (local) {
    const differs = [local.birthDate !== facts.birthDate ? 'birth date' : null, foldName(local.familyName) !== foldName(facts.familyName) ? 'family name' : null].filter(Boolean);
    if (differs.length > 0) return decide('mismatch', local.id, `The local record with this MRN has a different ${differs.join(' and ')}.`);
    return decide('confirmed', local.id, null);
  }
  const namesake = findPatientsByNameAndBirthDate(db, facts.familyName, facts.givenName, facts.birthDate);
  if (namesake.length > 0) return decide('mismatch', null, 'A local patient has this name and birth date under another MRN.');
  return decide('new', null, null);
}
