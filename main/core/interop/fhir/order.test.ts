// A photo taken for a worklist order: Media.basedOn and DocumentReference.context.related name the
// ServiceRequest by its accession number (identifier type ACSN), and the bundle still validates
// (structure and required bindings). Without an order neither reference appears.
import type { Bundle, DocumentReference, Media, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleInput } from '../test-support';
import { buildFhirBundle } from './bundle';
import { loadR4Definitions, requiredBindingReport, structuralIssues } from './validation';

const ORDER = {
  accessionNumber: 'ACC-0001',
  requestedProcedureId: 'RP-1',
  requestedProcedureDescription: 'Clinical photography',
  scheduledStepId: 'SPS-1',
  scheduledStepDescription: 'Skin lesion photography',
  studyInstanceUid: '2.25.1',
};
const ACSN = { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN', display: 'Accession ID' }] }, value: 'ACC-0001' };

beforeAll(() => loadR4Definitions(), 30_000);

const of = <T extends Resource>(bundle: Bundle, type: T['resourceType']): T => (bundle.entry ?? []).map((e) => e.resource!).find((r): r is T => r.resourceType === type)!;

describe('FHIR bundle of a photo taken for a worklist order', () => {
  it('names the order by accession in Media.basedOn and DocumentReference.context.related, and validates', async () => {
    const bundle = buildFhirBundle(await sampleInput({ order: ORDER })) as Bundle;
    expect(structuralIssues(bundle)).toEqual([]);
    expect(requiredBindingReport(bundle).violations).toEqual([]);
    const expected = { type: 'ServiceRequest', identifier: ACSN, display: 'Clinical photography' };
    expect(of<Media>(bundle, 'Media').basedOn).toEqual([expected]);
    expect(of<DocumentReference>(bundle, 'DocumentReference').context?.related).toContainEqual(expected);
  });

  it('has no order reference without an order', async () => {
    const bundle = buildFhirBundle(await sampleInput()) as Bundle;
    expect(of<Media>(bundle, 'Media').basedOn).toBeUndefined();
    expect(of<DocumentReference>(bundle, 'DocumentReference').context?.related).toHaveLength(1);
  });
});
