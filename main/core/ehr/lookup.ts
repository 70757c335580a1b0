// The EHR look-ups behind the `ehr.*` channels: patients by identifier, name and birth date; today's
// appointments and encounters with their patients; and opening (or registering) the local record
// of one EHR patient once its two identifiers are confirmed. Every patient that comes back is
// matched against the local records (patient-match.ts) before the UI sees it.
import type { EhrPatient, EhrVisit } from '../../../shared/channels/ehr';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { mrnSystem } from '../interop/settings';
import { bundleResources, fhirGet, type FhirJson } from './fhir-source';
import { matchLocally, patientFacts, type FhirPatientResource } from './patient-match';
import type { TargetConfig } from '../sync/targets';

const PAGE = 20;

export interface PatientQuery {
  readonly identifier?: string;
  readonly family?: string;
  readonly given?: string;
  readonly birthDate?: string;
}

/** A FHIR reader bound to one target and credential. */
export type FhirRead = (path: string) => Promise<FhirJson>;
export const reader = (target: TargetConfig, accessToken: string | null): FhirRead => (path) => fhirGet(target, accessToken, path);

export async function searchEhrPatients(db: Db, read: FhirRead, q: PatientQuery): Promise<{ patients: EhrPatient[]; ambiguous: boolean; truncated: boolean }> {
  const system = mrnSystem(db);
  const params = new URLSearchParams();
  // A bare value is an MRN under the clinic's system; `system|value` names another system.
  if (q.identifier) params.set('identifier', q.identifier.includes('|') ? q.identifier : `${system}|${q.identifier}`);
  if (q.family) params.set('family', q.family);
  if (q.given) params.set('given', q.given);
  if (q.birthDate) params.set('birthdate', q.birthDate);
  params.set('_count', String(PAGE + 1));
  const { resources, more } = bundleResources<FhirPatientResource>(await read(`Patient?${params.toString()}`), 'Patient');
  const patients = resources.slice(0, PAGE).map((r) => matchLocally(db, patientFacts(r, system)));
  return { patients, ambiguous: resources.length > 1, truncated: more || resources.length > PAGE };
}

interface VisitResource {
  resourceType: 'Appointment' | 'Encounter';
  id?: string;
  status?: string;
  start?: string;
  period?: { start?: string };
  description?: string;
  type?: Array<{ text?: string; coding?: Array<{ display?: string }> }>;
  reasonCode?: Array<{ text?: string }>;
  subject?: { reference?: string };
  participant?: Array<{ actor?: { reference?: string } }>;
}

const patientRef = (v: VisitResource): string | null => {
  const refs = v.resourceType === 'Encounter' ? [v.subject?.reference] : (v.participant ?? []).map((p) => p.actor?.reference);
  const ref = refs.find((r) => r?.startsWith('Patient/'));
  return ref ? ref.slice('Patient/'.length) : null;
};

const describe = (v: VisitResource): string => v.description ?? v.type?.[0]?.text ?? v.type?.[0]?.coding?.[0]?.display ?? v.reasonCode?.[0]?.text ?? '';

/** Today's (the clinic's local date) appointments and encounters, each with its matched patient. */
export async function todaysVisits(db: Db, read: FhirRead, today: string): Promise<{ visits: EhrVisit[]; truncated: boolean }> {
  const system = mrnSystem(db);
  const [appointments, encounters] = await Promise.all([
    read(`Appointment?date=${today}&_count=${PAGE * 5}`).then((b) => bundleResources<VisitResource>(b, 'Appointment')),
    read(`Encounter?date=${today}&_count=${PAGE * 5}`).then((b) => bundleResources<VisitResource>(b, 'Encounter')),
  ]);
  const visits = [...appointments.resources, ...encounters.resources];
  const ids = [...new Set(visits.map(patientRef).filter((x): x is string => x !== null && /^[A-Za-z0-9\-.]{1,64}$/.test(x)))];
  const patients = new Map<string, EhrPatient>();
  if (ids.length > 0) {
    const found = bundleResources<FhirPatientResource>(await read(`Patient?_id=${ids.join(',')}&_count=${ids.length}`), 'Patient').resources;
    for (const r of found) if (r.id) patients.set(r.id, matchLocally(db, patientFacts(r, system)));
  }
  const rows: EhrVisit[] = visits.map((v) => {
    const ref = patientRef(v);
    return {
      kind: v.resourceType === 'Appointment' ? 'appointment' : 'encounter',
      fhirId: v.id ?? '',
      start: v.start ?? v.period?.start ?? null,
      status: v.status ?? 'unknown',
      description: describe(v),
      patient: ref ? (patients.get(ref) ?? null) : null,
    };
  });
  rows.sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
  return { visits: rows, truncated: appointments.more || encounters.more };
}

/**
 * Re-reads the EHR patient and checks the two identifiers the user confirmed, that the EHR holds
 * this MRN only once, and how it matches locally. Returns the facts and match for the caller,
 * which opens the confirmed record or registers a new one.
 */
export async function confirmEhrPatient(db: Db, read: FhirRead, req: { fhirId: string; mrn: string; birthDate: string }): Promise<EhrPatient> {
  const system = mrnSystem(db);
  const resource = (await read(`Patient/${encodeURIComponent(req.fhirId)}`)) as unknown as FhirPatientResource;
  if (resource.resourceType !== 'Patient') throw new CoreError('EHR_UNAVAILABLE', 'The EHR answered with something that is not a Patient.');
  const facts = patientFacts(resource, system);
  if (facts.mrn !== req.mrn || facts.birthDate !== req.birthDate) {
    throw new CoreError('PATIENT_MISMATCH', 'The EHR’s MRN or birth date for this patient is not what was confirmed. Search again.');
  }
  const same = bundleResources<FhirPatientResource>(await read(`Patient?identifier=${encodeURIComponent(`${system}|${facts.mrn}`)}&_count=3`), 'Patient').resources;
  if (same.length !== 1) throw new CoreError('PATIENT_AMBIGUOUS', 'The EHR holds more than one patient with this MRN; capture is blocked until the EHR record is corrected.');
  return matchLocally(db, facts);
}
