// The clinic's EHR as a source of patients: search its FHIR server (by identifier, name, birth
// date), today's appointments and encounters, and SMART App Launch (EHR and standalone). A patient
// from the EHR opens the local record only when two identifiers (MRN and birth date) agree, and
// registers locally only after the user confirms them; anything else blocks (docs/interop.md).
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, IsoDate, Sex } from '../domain';

/**
 * How a FHIR Patient relates to the local records. `confirmed`: a local patient has the same MRN
 * and the same birth date (and family name). `new`: no local patient has this MRN or this name and
 * birth date; it may be registered after confirmation. `mismatch`: a local record shares the MRN
 * but not the birth date or name, or shares name and birth date under another MRN: capture is
 * blocked until someone checks. `unidentified`: the EHR gives no MRN under the clinic's MRN system
 * or no birth date, so two identifiers cannot confirm it.
 */
export const EhrMatchStatus = z.enum(['confirmed', 'new', 'mismatch', 'unidentified']);
export type EhrMatchStatus = z.infer<typeof EhrMatchStatus>;

export const EhrPatient = z.object({
  fhirId: z.string(),
  mrn: z.string().nullable(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string().nullable(),
  sex: Sex,
  match: z.object({ status: EhrMatchStatus, patientId: Id.nullable(), reason: z.string().nullable() }),
});
export type EhrPatient = z.infer<typeof EhrPatient>;

export const EhrVisit = z.object({
  kind: z.enum(['appointment', 'encounter']),
  fhirId: z.string(),
  start: z.string().nullable(),
  status: z.string(),
  description: z.string(),
  patient: EhrPatient.nullable(),
});
export type EhrVisit = z.infer<typeof EhrVisit>;

const FhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id');
const TargetChoice = { targetId: Id.optional() };

export const SmartFlow = z.object({
  /** Names one launch, so a window acts once on its outcome; null when idle. */
  id: z.string().nullable(),
  state: z.enum(['idle', 'waiting', 'done', 'failed']),
  /** Why a flow failed (no PHI). */
  message: z.string().nullable(),
  /** The patient of the launch context, matched locally; null before `done` or without context. */
  patient: EhrPatient.nullable(),
  /** The launch context's FHIR Encounter id, when the EHR sent one. */
  encounter: z.string().nullable(),
});
export type SmartFlow = z.infer<typeof SmartFlow>;

export const ehrChannels = {
  /** Patients on the EHR's FHIR server. At least one criterion; more than one result is ambiguous. */
  searchPatients: channel({
    request: z
      .object({
        ...TargetChoice,
        identifier: z.string().trim().max(64).optional(),
        family: z.string().trim().max(100).optional(),
        given: z.string().trim().max(100).optional(),
        birthDate: IsoDate.optional(),
      })
      .strict()
      .refine((r) => Boolean(r.identifier || r.family || r.given || r.birthDate), { message: 'needs an identifier, a name or a birth date', path: ['identifier'] }),
    response: z.object({ patients: z.array(EhrPatient), ambiguous: z.boolean(), truncated: z.boolean() }),
    access: needs('patient.read'),
    audit: 'ehr.search',
  }),
  /** Today's appointments and encounters on the EHR, each with its patient matched locally. */
  today: channel({
    request: z.object({ ...TargetChoice }).strict(),
    response: z.object({ date: IsoDate, visits: z.array(EhrVisit), truncated: z.boolean() }),
    access: needs('patient.read'),
    audit: 'ehr.today',
  }),
  /**
   * Opens the local record of an EHR patient. `mrn` and `birthDate` are the two identifiers the
   * user saw and confirmed: the core re-reads the patient and refuses (PATIENT_MISMATCH) unless
   * they still agree, refuses when the EHR holds several patients with the MRN
   * (PATIENT_AMBIGUOUS), and registers the patient locally (patient.write) when none exists.
   */
  openPatient: channel({
    request: z.object({ ...TargetChoice, fhirId: FhirId, mrn: z.string().trim().min(1).max(64), birthDate: IsoDate }).strict(),
    response: z.object({ patientId: Id, registered: z.boolean() }),
    access: needs('patient.read'),
    audit: 'ehr.open',
  }),
};

export const smartChannels = {
  /** Sets the client id this workstation is registered under at a FHIR target's SMART server. */
  configure: channel({
    request: z.object({ targetId: Id, clientId: z.string().trim().min(1).max(200).nullable() }).strict(),
    response: z.object({ targetId: Id, clientId: z.string().nullable() }),
    access: needs('delivery.manage'),
    audit: 'smart.configure',
  }),
  /** The SMART client id of every FHIR target that has one. */
  clients: channel({
    request: z.object({}).strict(),
    response: z.array(z.object({ targetId: Id, clientId: z.string() })),
    access: needs('delivery.manage'),
    audit: null,
  }),
  /**
   * Starts a SMART launch in the system browser: `ehr: true` continues the EHR launch the shell
   * received (`smart.status` shows it as pending); otherwise a standalone launch at the target.
   */
  begin: channel({
    request: z.object({ ...TargetChoice, ehr: z.boolean().default(false) }).strict(),
    response: SmartFlow,
    access: needs('patient.read'),
    audit: 'smart.launch',
  }),
  /** This window's launch and any EHR launch waiting to be continued (polled). */
  status: channel({
    request: z.object({}).strict(),
    response: z.object({ pendingLaunch: z.object({ iss: z.string() }).nullable(), flow: SmartFlow }),
    access: needs('patient.read'),
    audit: null,
    activity: false,
  }),
};
