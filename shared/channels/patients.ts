import { z } from 'zod';
import { channel, needs } from '../channel';
import { LOCALES } from '../i18n/locales';
import { PROVIDER_ROLES } from '../permissions';
import { Encounter, Id, IsoDate, Mrn, Patient, PatientListEntry, PersonName, Sex } from '../domain';

/** What an MRN look-up reveals: enough to open the record, or to request access to a restricted one. */
export const PatientLookup = z.object({ id: Id, mrn: z.string(), restricted: z.boolean() }).strict();
export type PatientLookup = z.infer<typeof PatientLookup>;

/** A member of staff who may be recorded as an encounter's provider. */
export const Provider = z.object({ id: Id, displayName: z.string(), role: z.enum(PROVIDER_ROLES) }).strict();
export type Provider = z.infer<typeof Provider>;

export const patientChannels = {
  register: channel({
    // One name is enough (mononymous people): it is the family name, and the given name stays empty.
    request: z.object({ mrn: Mrn, familyName: PersonName, givenName: z.string().trim().max(100, 'is too long').default(''), birthDate: IsoDate, sex: Sex }).strict(),
    response: Patient,
    access: needs('patient.write'),
    audit: 'patient.register',
  }),
  search: channel({
    request: z
      .object({
        query: z.string().trim().max(100),
        limit: z.number().int().min(1).max(200).default(50),
        /** How the user's locale orders a numeric date, to read "03/02/1961" (ISO is always understood). */
        dateOrder: z.enum(['dmy', 'mdy', 'ymd']).default('dmy'),
        /** The user's language: equally good matches are sorted by its collation (ñ after n in Spanish). */
        locale: z.enum(LOCALES).optional(),
      })
      .strict(),
    response: z.object({ patients: z.array(PatientListEntry), truncated: z.boolean() }),
    access: needs('patient.read'),
    audit: 'patient.search',
  }),
  get: channel({ request: z.object({ patientId: Id }).strict(), response: Patient, access: needs('patient.read'), audit: 'patient.view' }),
  /**
   * Exact MRN look-up (case-insensitive), e.g. from a wristband scan or an import script. It answers
   * only what is needed to open the record or ask for access (no name, birth date or sex: those
   * come from `get`, which checks access and counts as a view), and it is rate-limited per user.
   */
  findByMrn: channel({ request: z.object({ mrn: Mrn }).strict(), response: PatientLookup.nullable(), access: needs('patient.read'), audit: 'patient.lookup' }),
};

export const encounterChannels = {
  /**
   * Checks a patient in: starts an encounter with its reason and provider. Without `providerId` the
   * caller is the provider, which only a provider role may be (shared/permissions.ts PROVIDER_ROLES);
   * photographers and the front desk name the clinician, from `providers`.
   */
  start: channel({
    request: z.object({ patientId: Id, reason: z.string().trim().max(200).default(''), providerId: Id.optional() }).strict(),
    response: Encounter,
    access: needs('encounter.checkin'),
    audit: 'encounter.start',
  }),
  /** The active staff who may be an encounter's provider, for the check-in form's choice. */
  providers: channel({ request: z.object({}).strict(), response: z.array(Provider), access: needs('encounter.checkin'), audit: null }),
  list: channel({ request: z.object({ patientId: Id }).strict(), response: z.array(Encounter), access: needs('patient.read'), audit: null }),
};
