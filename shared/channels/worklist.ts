// The DICOM Modality Worklist (issue 14): where this station asks for today's scheduled procedures
// (an administrator sets it), the entries it gets back, and choosing one to work on. The provider
// answers C-FIND for modality XC, this station's AE title and a date (docs/interop.md, "Modality
// Worklist").
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id } from '../domain';
import { AeTitle } from './dicom-ae';
import { PemCertificate } from './delivery';

export const WorklistSettingsInput = z
  .object({
    host: z.string().trim().min(1, 'is required').max(253, 'is too long'),
    port: z.number().int().min(1).max(65535),
    calledAe: AeTitle,
    callingAe: AeTitle,
    /** CA to trust for DICOM TLS; absent/null = plain DIMSE (loopback only). */
    pinnedCaPem: PemCertificate.nullable().optional(),
  })
  .strict();
export type WorklistSettingsInput = z.infer<typeof WorklistSettingsInput>;

export const WorklistSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  calledAe: z.string(),
  callingAe: z.string(),
  tls: z.boolean(),
});
export type WorklistSettings = z.infer<typeof WorklistSettings>;

/** A date as YYYY-MM-DD. */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

/** One scheduled procedure step, as the provider returned it (values trimmed, dates ISO). */
export const WorklistEntry = z.object({
  /** Stable within one answer: the scheduled step's identity (accession + step id). */
  key: z.string(),
  mrn: z.string(),
  issuerOfPatientId: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: IsoDate.nullable(),
  sex: z.string(),
  accessionNumber: z.string(),
  requestedProcedureId: z.string(),
  requestedProcedureDescription: z.string(),
  studyInstanceUid: z.string(),
  scheduledStepId: z.string(),
  scheduledStepDescription: z.string(),
  /** YYYY-MM-DDTHH:MM (the provider's local time), or the date alone when no time was scheduled. */
  scheduledAt: z.string(),
  modality: z.string(),
  stationAe: z.string(),
});
export type WorklistEntry = z.infer<typeof WorklistEntry>;

export const worklistChannels = {
  getSettings: channel({ request: z.object({}).strict(), response: WorklistSettings.nullable(), access: needs('delivery.manage'), audit: null }),
  saveSettings: channel({
    request: z.object({ settings: WorklistSettingsInput }).strict(),
    response: WorklistSettings,
    access: needs('delivery.manage'),
    audit: 'worklist.settings-change',
  }),
  /** Today's (or `date`'s) scheduled steps for this station, modality XC. */
  query: channel({
    request: z.object({ date: IsoDate.optional() }).strict(),
    response: z.object({ entries: z.array(WorklistEntry) }),
    access: needs('patient.read'),
    audit: 'worklist.query',
  }),
  /**
   * Works on an entry: finds the local patient it names (MRN and birth date must both agree; a
   * conflict or ambiguity is refused), registers one if none exists, and opens an encounter that
   * carries the order (accession, requested procedure, scheduled step).
   */
  choose: channel({
    /**
     * The entry's key from a query of `date` (default today); the core asks the provider again,
     * trusting no entry data from the caller. `providerId` as for `encounters.start`: without it the
     * caller is the new encounter's provider, which only a provider role may be.
     */
    request: z.object({ key: z.string().min(1).max(200), date: IsoDate.optional(), providerId: Id.optional() }).strict(),
    response: z.object({ patientId: Id, encounterId: Id, patientCreated: z.boolean() }),
    access: needs('encounter.write'),
    audit: 'worklist.choose',
  }),
};
