// A consent as FHIR R4 (docs/consent.md, "FHIR"): a transaction Bundle with the Patient (created
// only if no Patient has the MRN), the Consent (PUT under an id derived from the consent, so a
// resend overwrites and a withdrawal updates it in place) and a Provenance carrying the signature
// (the pointer stream as JSON, Signature.data). The Consent: scope patient-privacy, category LOINC
// 59284-0, policyRule OPTIN, the signed PDF or scan as sourceAttachment, and one nested provision
// per use (permit or deny, its period ending at expiry or withdrawal, the purpose as v3
// PurposeOfUse plus this product's own scope code, the body sites the consent covers). A pure
// function of its input.
import { createHash } from 'node:crypto';
import type { Bundle, BundleEntry, Consent, ConsentProvision, Coding, Patient, Provenance } from '@medplum/fhirtypes';
import { CONSENT_SCOPE_LABELS, type ConsentRecord, type ConsentScope, type Signature } from '../../../../shared/consent';
import type { Patient as PatientRecord } from '../../../../shared/domain';
import { formatUuid, nameBasedUuid } from '../uids';
import { ADMINISTRATIVE_GENDER, LOINC, SNOMED, V2_0203 } from './codes';

export const CONSENT_ID_SYSTEM = 'urn:clinic-photo:consent';
/** This product's own code for each use: the v3 purposes below are broader than ours. */
export const CONSENT_SCOPE_SYSTEM = 'urn:clinic-photo:consent-scope';
export const FACE_EXTENSION = 'urn:clinic-photo:fhir:face-may-be-visible';
const V3_ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** The nearest v3 PurposeOfUse code per use (none for sharing with named third parties). */
export const PURPOSE_OF_USE: Readonly<Record<ConsentScope, { code: string; display: string } | null>> = {
  clinical: { code: 'TREAT', display: 'treatment' },
  education: { code: 'TRAIN', display: 'training' },
  publication: { code: 'HRESCH', display: 'healthcare research' },
  marketing: { code: 'HMARKT', display: 'healthcare marketing' },
  social: { code: 'HMARKT', display: 'healthcare marketing' },
  'ai-training': { code: 'HRESCH', display: 'healthcare research' },
  'third-party': null,
};

export interface ConsentFhirInput {
  readonly consent: ConsentRecord;
  readonly patient: PatientRecord;
  readonly mrnSystem: string;
  readonly document: Uint8Array;
  /** The signed consent's pointer stream (null for a paper consent). */
  readonly signature: Omit<Signature, 'png'> | null;
  /** The staff member who recorded it and checked identity. */
  readonly recordedBy: string;
}

const uuid = (name: string) => formatUuid(nameBasedUuid(`fhir:${name}`));
const endOfDay = (day: string) => `${day}T23:59:59Z`;

export const consentResourceId = (consentId: string): string => uuid(`consent:${consentId}`);

function provisionFor(s: ConsentRecord['scopes'][number], consent: ConsentRecord): ConsentProvision {
  const v3 = PURPOSE_OF_USE[s.scope];
  const purpose: Coding[] = [
    ...(v3 ? [{ system: V3_ACT_REASON, code: v3.code, display: v3.display }] : []),
    { system: CONSENT_SCOPE_SYSTEM, code: s.scope, display: CONSENT_SCOPE_LABELS[s.scope] },
  ];
  const end = s.withdrawnAt ?? (s.expiresOn ? endOfDay(s.expiresOn) : undefined);
  return {
    type: s.decision === 'grant' && s.state !== 'withdrawn' ? 'permit' : 'deny',
    period: { start: consent.signedAt, ...(end ? { end } : {}) },
    purpose,
    ...(s.decision === 'grant' && consent.limits.bodySites ? { code: consent.limits.bodySites.map((code) => ({ coding: [{ system: SNOMED, code }] })) } : {}),
  };
}

export function buildConsentBundle(input: ConsentFhirInput): Bundle {
  const { consent, patient } = input;
  const patientUrn = `urn:uuid:${uuid(`patient:${patient.id}`)}`;
  const consentId = consentResourceId(consent.id);
  const inForce = consent.state === 'active' || consent.state === 'partly-withdrawn';
  const signer = consent.signers?.signer ?? null;
  const patientResource: Patient = {
    resourceType: 'Patient',
    identifier: [{ use: 'usual', type: { coding: [{ system: V2_0203, code: 'MR', display: 'Medical record number' }] }, system: input.mrnSystem, value: patient.mrn }],
    name: [{ use: 'official', family: patient.familyName, given: [patient.givenName] }],
    gender: ADMINISTRATIVE_GENDER[patient.sex],
    birthDate: patient.birthDate,
  };
  const resource: Consent = {
    resourceType: 'Consent',
    id: consentId,
    identifier: [{ system: CONSENT_ID_SYSTEM, value: consent.id }],
    status: inForce ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: patientUrn },
    dateTime: consent.signedAt,
    performer: [signer === null || signer.role === 'patient' ? { reference: patientUrn } : { display: `${signer.name} (${signer.relationship ?? signer.role})` }],
    policyRule: { coding: [{ system: V3_ACT_CODE, code: 'OPTIN', display: 'opt-in' }] },
    sourceAttachment: {
      contentType: consent.documentMime,
      data: Buffer.from(input.document).toString('base64'),
      size: input.document.byteLength,
      hash: createHash('sha1').update(input.document).digest('base64'),
      title: consent.kind === 'signed' ? `Signed photo consent (${consent.template?.name ?? 'form'}, version ${consent.template?.version ?? '?'})` : 'Scanned paper photo consent',
      creation: consent.signedAt,
    },
    provision: {
      type: 'deny',
      period: { start: consent.signedAt },
      extension: [{ url: FACE_EXTENSION, valueBoolean: consent.limits.faceMayBeVisible }],
      provision: consent.scopes.map((s) => provisionFor(s, consent)),
    },
  };
  const entries: BundleEntry[] = [
    { fullUrl: patientUrn, resource: patientResource, request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${encodeURIComponent(input.mrnSystem)}|${encodeURIComponent(patient.mrn)}` } },
    { fullUrl: `urn:uuid:${consentId}`, resource, request: { method: 'PUT', url: `Consent/${consentId}` } },
  ];
  if (input.signature && signer) {
    const provenanceId = uuid(`consent-provenance:${consent.id}`);
    const provenance: Provenance = {
      resourceType: 'Provenance',
      id: provenanceId,
      target: [{ reference: `urn:uuid:${consentId}` }],
      recorded: consent.recordedAt,
      agent: [
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] }, who: { display: signer.name } },
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'verifier', display: 'Verifier' }] }, who: { display: input.recordedBy } },
      ],
      signature: [
        {
          type: [{ system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.7', display: 'Consent Signature' }],
          when: consent.signedAt,
          who: signer.role === 'patient' ? { reference: patientUrn } : { display: signer.name },
          targetFormat: consent.documentMime,
          sigFormat: 'application/json',
          data: Buffer.from(JSON.stringify(input.signature), 'utf8').toString('base64'),
        },
      ],
    };
    entries.push({ fullUrl: `urn:uuid:${provenanceId}`, resource: provenance, request: { method: 'PUT', url: `Provenance/${provenanceId}` } });
  }
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/** What read-back compares: the Consent's status, provisions and document, keys in a fixed order. */
export function consentDigest(resource: Pick<Consent, 'status' | 'provision' | 'sourceAttachment'>): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical({ status: resource.status, provision: resource.provision, document: resource.sourceAttachment?.data })))
    .digest('hex');
}
