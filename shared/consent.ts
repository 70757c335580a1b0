// The consent domain (issue 11, docs/consent.md): the uses a patient decides separately, the limits
// on a consent, who signed and how identity was checked, what a signature is (the raw pointer
// stream, not only a picture), and what the signed PDF shows. The channels in
// shared/channels/consent.ts and the core's gate (main/core/consent/gate.ts) use these shapes.
import { z } from 'zod';
import { Id, IsoDate, PersonName, Timestamp } from './domain';

/**
 * The uses of a photo a patient grants or refuses one by one. `clinical`: the record and care
 * (PACS/EMR delivery, referrals); `education`: internal teaching; `publication`: journals and talks;
 * `marketing`: the clinic's website and marketing; `social`: social media; `ai-training`: training of
 * AI models; `third-party`: sharing with named third parties.
 */
export const CONSENT_SCOPES = ['clinical', 'education', 'publication', 'marketing', 'social', 'ai-training', 'third-party'] as const;
export const ConsentScope = z.enum(CONSENT_SCOPES);
export type ConsentScope = z.infer<typeof ConsentScope>;
/** A purpose a photo leaves for is one of the scopes; a target or export names one. */
export const Purpose = ConsentScope;
export type Purpose = ConsentScope;

export const CONSENT_SCOPE_LABELS: Readonly<Record<ConsentScope, string>> = {
  clinical: 'Clinical record and care',
  education: 'Internal teaching',
  publication: 'Publication in journals or talks',
  marketing: "The clinic's website and marketing",
  social: 'Social media',
  'ai-training': 'Training of AI models',
  'third-party': 'Sharing with named third parties',
};

/** One use granted or refused, with an optional last day (inclusive, the clinic's calendar date). */
export const ScopeDecision = z
  .object({
    scope: ConsentScope,
    decision: z.enum(['grant', 'refuse']),
    expiresOn: IsoDate.nullable().default(null),
  })
  .strict();
export type ScopeDecision = z.infer<typeof ScopeDecision>;

const SnomedCode = z.string().regex(/^\d{6,18}$/, 'must be a SNOMED CT concept id');

/**
 * Limits on what the granted uses cover. `bodySites`: the SNOMED CT body sites the consent covers
 * (null: every site); `faceMayBeVisible`: false means a photo of an identifying site (head, face,
 * neck) may not leave for any use but `clinical`.
 */
export const ConsentLimits = z
  .object({
    bodySites: z.array(SnomedCode).max(100).nullable().default(null),
    faceMayBeVisible: z.boolean().default(true),
  })
  .strict();
export type ConsentLimits = z.infer<typeof ConsentLimits>;

export const SIGNER_ROLES = ['patient', 'parent', 'guardian', 'legal-representative'] as const;
export const SignerRole = z.enum(SIGNER_ROLES);
export type SignerRole = z.infer<typeof SignerRole>;

const ShortText = z.string().trim().min(1, 'is required').max(200, 'is too long');

/**
 * Who signed. For anyone but the patient, the relationship ("mother") and the authority they sign
 * under ("parental responsibility", "court order 2025/113") are required.
 */
export const Signer = z
  .object({
    role: SignerRole,
    name: PersonName,
    relationship: ShortText.nullable().default(null),
    authority: ShortText.nullable().default(null),
  })
  .strict()
  .refine((s) => s.role === 'patient' || (s.relationship !== null && s.authority !== null), {
    message: 'a representative needs a relationship and an authority',
    path: ['relationship'],
  });
export type Signer = z.infer<typeof Signer>;

export const Signers = z
  .object({
    signer: Signer,
    /** A minor's own agreement, where a representative signs for them. */
    minorAssent: z.object({ name: PersonName, given: z.boolean() }).strict().nullable().default(null),
    witness: z.object({ name: PersonName }).strict().nullable().default(null),
    interpreter: z.object({ name: PersonName, language: ShortText }).strict().nullable().default(null),
  })
  .strict();
export type Signers = z.infer<typeof Signers>;

export const IDENTITY_METHODS = ['photo-id', 'wristband', 'known-to-staff', 'other'] as const;
/** How the staff member checked the signer's identity; the staff member is the signed-in user. */
export const IdentityCheck = z
  .object({ method: z.enum(IDENTITY_METHODS), note: z.string().trim().max(200).nullable().default(null) })
  .strict();
export type IdentityCheck = z.infer<typeof IdentityCheck>;

export const POINTER_TYPES = ['mouse', 'pen', 'touch'] as const;
/**
 * One pointer sample (a coalesced pointer event), in CSS pixels of the pad from its top-left corner;
 * `t` in milliseconds since the stroke's pad was shown. A mouse has no pressure or tilt: null, not
 * a made-up default.
 */
export const SignaturePoint = z
  .object({
    x: z.number().finite(),
    y: z.number().finite(),
    t: z.number().finite().nonnegative(),
    pressure: z.number().min(0).max(1).nullable(),
    tiltX: z.number().min(-90).max(90).nullable(),
    tiltY: z.number().min(-90).max(90).nullable(),
    pointerType: z.enum(POINTER_TYPES),
  })
  .strict();
export type SignaturePoint = z.infer<typeof SignaturePoint>;

/** Base64 of a PNG (no data: prefix); the core checks the bytes are one. */
export const PngBase64 = z.string().max(4_000_000).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

export const Signature = z
  .object({
    strokes: z.array(z.array(SignaturePoint).min(1).max(20_000)).min(1).max(200),
    padWidth: z.number().positive().max(10_000),
    padHeight: z.number().positive().max(10_000),
    devicePixelRatio: z.number().positive().max(10),
    /** The pad's own rendering of the strokes, shown in the PDF. */
    png: PngBase64,
  })
  .strict();
export type Signature = z.infer<typeof Signature>;

/** Which template version the patient saw: the core refuses a record whose hash does not match. */
export const TemplateRef = z
  .object({ templateId: Id, version: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
  .strict();
export type TemplateRef = z.infer<typeof TemplateRef>;

/** A consent template version; `text` may contain {{clinicName}}, merged in when shown. */
export const ConsentTemplate = z.object({
  id: Id,
  version: z.number().int().positive(),
  name: z.string(),
  language: z.string(),
  text: z.string(),
  /** SHA-256 of `text` exactly as stored (UTF-8): identifies the version. */
  sha256: z.string(),
  createdAt: Timestamp,
  createdBy: z.string().nullable(),
  /** Whether this is the newest version of its template (the one offered for signing). */
  current: z.boolean(),
});
export type ConsentTemplate = z.infer<typeof ConsentTemplate>;

/** What the signing screen shows: the exact text (clinic name merged in) and its hash. */
export const ShownTemplate = z.object({
  template: ConsentTemplate,
  shownText: z.string(),
  /** SHA-256 of `shownText` (UTF-8): what the record and the PDF name as the text signed. */
  shownSha256: z.string(),
});
export type ShownTemplate = z.infer<typeof ShownTemplate>;

/**
 * A scope's state today for a patient or a consent: granted and in force, refused, withdrawn,
 * expired, or `none` (no consent says anything about it).
 */
export const SCOPE_STATES = ['granted', 'refused', 'withdrawn', 'expired', 'none'] as const;
export type ScopeState = (typeof SCOPE_STATES)[number];

export const ScopeStatus = z.object({
  scope: ConsentScope,
  state: z.enum(SCOPE_STATES),
  expiresOn: IsoDate.nullable(),
  /** The consent that decides it (the newest that speaks about the scope), null for `none`. */
  consentId: Id.nullable(),
});
export type ScopeStatus = z.infer<typeof ScopeStatus>;

export const CONSENT_STATES = ['active', 'partly-withdrawn', 'withdrawn', 'expired'] as const;

export const ConsentRecord = z.object({
  id: Id,
  patientId: Id,
  kind: z.enum(['signed', 'paper']),
  state: z.enum(CONSENT_STATES),
  template: z.object({ id: Id, version: z.number().int(), language: z.string(), name: z.string() }).nullable(),
  /** SHA-256 of the text the patient saw (signed consents), null for paper. */
  textSha256: z.string().nullable(),
  scopes: z.array(ScopeStatus.extend({ decision: z.enum(['grant', 'refuse']), withdrawnAt: Timestamp.nullable() })),
  limits: ConsentLimits,
  signers: Signers.nullable(),
  signedAt: Timestamp,
  recordedAt: Timestamp,
  recordedBy: z.string(),
  /** SHA-256 of the sealed PDF or scan. */
  documentSha256: z.string(),
  documentMime: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

/** The clinic's consent policy (docs/consent.md, "The gate"). */
export const CLINICAL_PURPOSE_RULES = ['allowed-visible', 'requires-consent'] as const;
export const ConsentPolicy = z
  .object({
    /** Whether capture needs a signed photo consent in force (off by default). */
    captureRequiresConsent: z.boolean(),
    /**
     * What a `clinical` release needs: `allowed-visible` (default), allowed under treatment without
     * a consent, with the missing consent shown; `requires-consent`, a granted `clinical` scope.
     */
    clinicalPurpose: z.enum(CLINICAL_PURPOSE_RULES),
  })
  .strict();
export type ConsentPolicy = z.infer<typeof ConsentPolicy>;

/** The gate's answer for one photo and purpose; `reason` names the scope and what is wrong. */
export const ReleaseDecision = z.object({
  photoId: Id,
  purpose: Purpose,
  allowed: z.boolean(),
  /** Set when allowed only by policy (clinical without a consent): the screen shows it. */
  notice: z.string().nullable(),
  reason: z.string().nullable(),
  /** The scope that is missing, refused, withdrawn or expired; null when allowed. */
  scope: ConsentScope.nullable(),
});
export type ReleaseDecision = z.infer<typeof ReleaseDecision>;

/** A photo that already left for a use the patient now withdrew: staff follow it up by hand. */
export const PublishedPhoto = z.object({ photoId: Id, targetName: z.string(), purpose: Purpose, deliveredAt: Timestamp });
export type PublishedPhoto = z.infer<typeof PublishedPhoto>;

/**
 * Everything the signed record's PDF shows (main/core/consent/pdf.ts, renderConsentPdf). Bytes are
 * plain Uint8Array so the renderer stays a pure function of its input.
 */
export interface ConsentPdfInput {
  readonly consentId: string;
  readonly clinicName: string;
  readonly workstationId: string;
  readonly patient: { readonly name: string; readonly mrn: string; readonly birthDate: string };
  readonly template: { readonly id: string; readonly version: number; readonly name: string; readonly language: string };
  /** The exact text shown, and its SHA-256 (hex). */
  readonly text: string;
  readonly textSha256: string;
  readonly decisions: readonly ScopeDecision[];
  readonly limits: ConsentLimits;
  readonly signers: Signers;
  readonly identityCheck: { readonly staffName: string; readonly method: IdentityCheck['method']; readonly note: string | null };
  readonly signature: {
    readonly png: Uint8Array;
    readonly strokes: ReadonlyArray<readonly SignaturePoint[]>;
    readonly padWidth: number;
    readonly padHeight: number;
    readonly devicePixelRatio: number;
  };
  /** ISO timestamps: when the signer signed and when the record was made. */
  readonly signedAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}
