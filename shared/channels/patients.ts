import { z } from 'zod';
import { channel, needs } from '../channel';
import { Encounter, Id, IsoDate, Mrn, Patient, PersonName, Sex } from '../domain';

export const patientChannels = {
  register: channel({
    request: z.object({ mrn: Mrn, familyName: PersonName, givenName: PersonName, birthDate: IsoDate, sex: Sex }).strict(),
    response: Patient,
    access: needs('patient.write'),
    audit: 'patient.register',
  }),
  search: channel({
    request: z.object({ query: z.string().trim().max(100), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    response: z.object({ patients: z.array(Patient), truncated: z.boolean() }),
    access: needs('patient.read'),
    audit: 'patient.search',
  }),
  get: channel({ request: z.object({ patientId: Id }).strict(), response: Patient, access: needs('patient.read'), audit: 'patient.view' }),
  /** Exact MRN look-up (case-insensitive), e.g. from a wristband scan or an import script. */
  findByMrn: channel({ request: z.object({ mrn: Mrn }).strict(), response: Patient.nullable(), access: needs('patient.read'), audit: 'patient.lookup' }),
};

export const encounterChannels = {
  start: channel({
    request: z.object({ patientId: Id, reason: z.string().trim().max(200).default('') }).strict(),
    response: Encounter,
    access: needs('encounter.write'),
    audit: 'encounter.start',
  }),
  list: channel({ request: z.object({ patientId: Id }).strict(), response: z.array(Encounter), access: needs('patient.read'), audit: null }),
};
