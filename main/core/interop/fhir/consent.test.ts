// The FHIR R4 Consent and Provenance for a consent: both pass the R4 structural validator and
// every required binding; scope, category, provisions with purposes, periods and body sites map as
// documented; the signature's pointer stream rides in Provenance.signature; posting the bundle to
// the validating in-process FHIR server twice, then again after a withdrawal, leaves one Consent,
// updated to inactive.
import type { Bundle, Consent, Provenance, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../../../shared/consent';
import type { Patient } from '../../../../shared/domain';
import { startFhirServer, type FhirPeer } from '../../test-support/peers';
import { buildConsentBundle, CONSENT_SCOPE_SYSTEM, consentResourceId, FACE_EXTENSION } from './consent';
import { loadR4Definitions, requiredBindingReport, structuralIssues } from './validation';

const PATIENT: Patient = { id: 'a'.repeat(32), mrn: 'FHIR-C-1', familyName: 'Sørensen', givenName: 'Liv', birthDate: '2012-05-01', sex: 'F', createdAt: '2026-01-01T00:00:00.000Z' };
const PDF = Buffer.from('%PDF-1.4\n% a signed consent\n%%EOF\n', 'latin1');

const record = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  id: 'c'.repeat(32),
  patientId: PATIENT.id,
  kind: 'signed',
  state: 'active',
  template: { id: 'd'.repeat(32), version: 3, language: 'en', name: 'Clinical photography consent' },
  textSha256: 'e'.repeat(64),
  scopes: [
    { scope: 'clinical', decision: 'grant', state: 'granted', expiresOn: null, consentId: 'c'.repeat(32), withdrawnAt: null },
    { scope: 'education', decision: 'grant', state: 'granted', expiresOn: '2030-06-30', consentId: 'c'.repeat(32), withdrawnAt: null },
    { scope: 'third-party', decision: 'refuse', state: 'refused', expiresOn: null, consentId: 'c'.repeat(32), withdrawnAt: null },
  ],
  limits: { bodySites: ['66643007'], faceMayBeVisible: false },
  signers: { signer: { role: 'parent', name: 'Mette Sørensen', relationship: 'mother', authority: 'parental responsibility' }, minorAssent: { name: 'Liv Sørensen', given: true }, witness: null, interpreter: null },
  signedAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:00:05.000Z',
  recordedBy: 'Dr Ada Admin',
  documentSha256: 'f'.repeat(64),
  documentMime: 'application/pdf',
  ...over,
});

const SIGNATURE = { strokes: [[{ x: 1, y: 2, t: 0, pressure: 0.5, tiltX: 10, tiltY: -3, pointerType: 'pen' as const }]], padWidth: 600, padHeight: 200, devicePixelRatio: 2 };

const build = (consent: ConsentRecord) => buildConsentBundle({ consent, patient: PATIENT, mrnSystem: 'urn:oid:1.2.3.4', document: PDF, signature: SIGNATURE, recordedBy: 'Dr Ada Admin' });
const resourceOf = <T extends Resource>(bundle: Bundle, type: T['resourceType']) => bundle.entry!.map((e) => e.resource!).find((r): r is T => r.resourceType === type)!;

beforeAll(() => {
  loadR4Definitions();
});

describe('FHIR R4 Consent for a consent', () => {
  it('validates: Consent and Provenance pass the R4 validator and every required binding', () => {
    const bundle = build(record());
    for (const entry of bundle.entry!) {
      expect(structuralIssues(entry.resource!)).toEqual([]);
      expect(requiredBindingReport(entry.resource!).violations).toEqual([]);
    }
    expect(structuralIssues(bundle)).toEqual([]);
    // The checks bite: a Consent without its scope, or with a status outside the value set, fails.
    const { scope: _scope, ...noScope } = resourceOf<Consent>(bundle, 'Consent');
    expect(structuralIssues(noScope as Consent).join('\n')).toMatch(/scope/);
    expect(requiredBindingReport({ ...resourceOf<Consent>(bundle, 'Consent'), status: 'signed' as 'active' }).violations.join('\n')).toMatch(/status/);
  });

  it('maps scope, category, provisions, periods, body sites, the face flag, the PDF and the signature', () => {
    const bundle = build(record());
    const consent = resourceOf<Consent>(bundle, 'Consent');
    expect(consent.scope.coding?.[0]?.code).toBe('patient-privacy');
    expect(consent.category[0]?.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '59284-0' });
    expect(consent.status).toBe('active');
    expect(consent.performer?.[0]?.display).toBe('Mette Sørensen (mother)');
    expect(Buffer.from(consent.sourceAttachment!.data!, 'base64').equals(PDF)).toBe(true);
    const [clinical, education, thirdParty] = consent.provision!.provision!;
    expect(clinical).toMatchObject({ type: 'permit', purpose: [{ code: 'TREAT' }, { system: CONSENT_SCOPE_SYSTEM, code: 'clinical' }] });
    expect(education).toMatchObject({ type: 'permit', period: { start: '2026-03-01T10:00:00.000Z', end: '2030-06-30T23:59:59Z' }, code: [{ coding: [{ code: '66643007' }] }] });
    expect(thirdParty).toMatchObject({ type: 'deny', purpose: [{ system: CONSENT_SCOPE_SYSTEM, code: 'third-party' }] });
    expect(consent.provision!.extension).toEqual([{ url: FACE_EXTENSION, valueBoolean: false }]);
    const provenance = resourceOf<Provenance>(bundle, 'Provenance');
    expect(JSON.parse(Buffer.from(provenance.signature![0]!.data!, 'base64').toString('utf8'))).toEqual(SIGNATURE);
  });

  describe('on a validating FHIR server', () => {
    let emr: FhirPeer;
    beforeAll(async () => {
      emr = await startFhirServer();
    }, 30_000);
    afterAll(async () => {
      await emr?.stop();
    });

    const post = async (bundle: Bundle) => {
      const reply = await fetch(emr.baseUrl, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
      expect(reply.status, await reply.clone().text()).toBe(200);
    };

    it('accepts the bundle, keeps one Consent when sent again, and updates it to inactive on withdrawal', async () => {
      await post(build(record()));
      await post(build(record()));
      const withdrawn = record({
        state: 'withdrawn',
        scopes: record().scopes.map((s) => (s.decision === 'grant' ? { ...s, state: 'withdrawn' as const, withdrawnAt: '2026-04-01T09:00:00.000Z' } : s)),
      });
      await post(build(withdrawn));
      const consents = await emr.resources<Consent>('Consent');
      expect(consents).toHaveLength(1);
      expect(consents[0]).toMatchObject({ id: consentResourceId(record().id), status: 'inactive' });
      expect(consents[0]!.provision!.provision![1]).toMatchObject({ type: 'deny', period: { end: '2026-04-01T09:00:00.000Z' } });
      expect(await emr.resources('Patient')).toHaveLength(1);
      expect(await emr.resources('Provenance')).toHaveLength(1);
    });
  });
});
