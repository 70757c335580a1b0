// Consent (issue 11, docs/consent.md): templates an administrator versions, signed and paper
// consents, withdrawal, a patient's status per use, the signed document, the clinic's policy, and
// the gate's answer for photos and a purpose (the gallery's "usable for …" filter).
import { z } from 'zod';
import { channel, Empty, localOnly, needs } from '../channel';
import {
  ConsentLimits,
  ConsentPolicy,
  ConsentRecord,
  ConsentScope,
  ConsentTemplate,
  IdentityCheck,
  PublishedPhoto,
  Purpose,
  ReleaseDecision,
  ScopeDecision,
  ScopeStatus,
  ShownTemplate,
  Signature,
  Signers,
  TemplateRef,
} from '../consent';
import { Id, IsoDate, Mrn, PhotoHandle } from '../domain';

/** Bytes handed over in the same process (the CLI): never on the renderer's bridge. */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes');

/** The largest scan accepted (a multi-page PDF from an office scanner). */
export const CONSENT_SCAN_MAX_BYTES = 20 * 1024 * 1024;

const Decisions = z
  .array(ScopeDecision)
  .min(1, 'must decide at least one use')
  .max(7)
  .refine((ds) => new Set(ds.map((d) => d.scope)).size === ds.length, 'must name each use once');

const PaperFields = {
  patientId: Id,
  decisions: Decisions,
  limits: ConsentLimits.default({ bodySites: null, faceMayBeVisible: true }),
  /** The date written on the paper form. */
  signedOn: IsoDate,
  signers: Signers.nullable().default(null),
};

export const consentChannels = {
  /** Every template's versions, newest first within a template. */
  listTemplates: channel({ request: Empty, response: z.array(ConsentTemplate), access: needs('consent.read'), audit: null }),
  /** A version (the current one when `version` is absent) with the clinic name merged in. */
  getTemplate: channel({
    request: z.object({ templateId: Id, version: z.number().int().positive().optional() }).strict(),
    response: ShownTemplate,
    access: needs('consent.read'),
    audit: null,
  }),
  /** Saves a new version of a template (or a new template without `templateId`); old versions never change. */
  saveTemplate: channel({
    request: z
      .object({
        templateId: Id.optional(),
        name: z.string().trim().min(1, 'is required').max(120, 'is too long'),
        language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or fr-CA'),
        text: z.string().min(20, 'is too short').max(50_000, 'is too long'),
      })
      .strict(),
    response: ConsentTemplate,
    access: needs('consent.manage-templates'),
    audit: 'consent.template-save',
  }),
  /** A consent signed on the pad in signing mode. */
  recordSigned: channel({
    request: z
      .object({
        patientId: Id,
        template: TemplateRef,
        decisions: Decisions,
        limits: ConsentLimits.default({ bodySites: null, faceMayBeVisible: true }),
        signers: Signers,
        identityCheck: IdentityCheck,
        signature: Signature,
        /** When the signer finished signing (the pad's clock); the core records its own time too. */
        signedAt: z.string().datetime({ offset: false }),
      })
      .strict(),
    response: ConsentRecord,
    access: needs('consent.record'),
    audit: 'consent.record',
  }),
  /** A scanned paper consent from the UI: the scan as base64 (PDF, JPEG or PNG). */
  recordPaper: channel({
    request: z.object({ ...PaperFields, scan: z.string().max(Math.ceil((CONSENT_SCAN_MAX_BYTES * 4) / 3) + 4, 'is too large') }).strict(),
    response: ConsentRecord,
    access: needs('consent.record'),
    audit: 'consent.record-paper',
  }),
  /** The same from the CLI (`consent add`): the patient by MRN, the scan's bytes. */
  recordPaperFile: channel({
    request: z.object({ ...PaperFields, patientId: Id.optional(), mrn: Mrn, scan: Bytes }).strict(),
    response: ConsentRecord,
    access: localOnly('consent.record'),
    audit: 'consent.record-paper',
  }),
  list: channel({ request: z.object({ patientId: Id }).strict(), response: z.array(ConsentRecord), access: needs('consent.read'), audit: 'consent.list' }),
  /** `consent list` from the CLI, by MRN. */
  listByMrn: channel({ request: z.object({ mrn: Mrn }).strict(), response: z.array(ConsentRecord), access: localOnly('consent.read'), audit: 'consent.list' }),
  /** Each use's state today, for the patient header. */
  status: channel({ request: z.object({ patientId: Id }).strict(), response: z.array(ScopeStatus), access: needs('consent.read'), audit: null, activity: false }),
  /**
   * Withdraws the consent (all its granted uses, or `scopes`). Forward-only. Queued deliveries for
   * the withdrawn uses (other than clinical) are cancelled; photos already sent for them are listed.
   */
  withdraw: channel({
    request: z.object({ consentId: Id, scopes: z.array(ConsentScope).min(1).max(7).optional(), reason: z.string().trim().max(500).default('') }).strict(),
    response: z.object({ consent: ConsentRecord, cancelledDeliveries: z.number().int(), published: z.array(PublishedPhoto) }),
    access: needs('consent.record'),
    audit: 'consent.withdraw',
  }),
  /** A short-lived handle to the signed PDF or the scan (the app protocol serves it, like a photo). */
  open: channel({
    request: z.object({ consentId: Id }).strict(),
    response: z.object({ handle: PhotoHandle, mime: z.string() }),
    access: needs('consent.read'),
    audit: 'consent.view',
  }),
  getPolicy: channel({ request: Empty, response: ConsentPolicy, access: needs('consent.read'), audit: null, activity: false }),
  setPolicy: channel({ request: z.object({ policy: ConsentPolicy }).strict(), response: ConsentPolicy, access: needs('consent.manage-templates'), audit: 'consent.policy-change' }),
  /** The gate's answer for these photos and a purpose (no audit of each refusal: nothing left). */
  checkRelease: channel({
    request: z.object({ photoIds: z.array(Id).min(1).max(500), purpose: Purpose }).strict(),
    response: z.array(ReleaseDecision),
    access: needs('photo.view'),
    audit: null,
    activity: false,
  }),
};
