// The FHIR side of annotations: an annotated photo's DocumentReference carries the Web Annotation
// JSON of the current version as a second content entry (inline, with size and SHA-1), validated
// against the R4 definitions as the photo bundles are; a photo without annotations keeps one entry.
import { createHash } from 'node:crypto';
import type { Bundle, DocumentReference, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../access/test-staff';
import { renderClinicalScene } from '../capture/simulated-camera';
import type { CoreClient } from '../core';
import { loadR4Definitions, requiredBindingReport, structuralIssues } from '../interop/fhir/validation';
import { ADMIN, exportPhoto, importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { WEB_ANNOTATION_MEDIA_TYPE } from './web-annotation';
import { ANNOTATED_PATIENT, annotatedPhoto } from './test-support';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let admin: CoreClient;
let annotated: string;
let bare: string;

beforeAll(async () => {
  loadR4Definitions();
  clinic = await initializedClinic();
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password, { local: true });
  annotated = (await annotatedPhoto(admin)).photo.id;
  bare = await importPhoto(admin, { mrn: ANNOTATED_PATIENT.mrn, bytes: await renderClinicalScene(1200, 800, 9), device: 'test' });
}, 60_000);

afterAll(async () => {
  await clinic?.dispose();
});

async function documentOf(photoId: string): Promise<{ bundle: Bundle; document: DocumentReference }> {
  const bundle = JSON.parse((await exportPhoto(admin, { photoId, format: 'fhir' })).bytes.toString('utf8')) as Bundle;
  const document = (bundle.entry ?? []).map((e) => e.resource as Resource).find((r): r is DocumentReference => r.resourceType === 'DocumentReference')!;
  return { bundle, document };
}

describe("annotations on the photo's DocumentReference", () => {
  it('adds the current version as W3C Web Annotation JSON in a second content entry, and validates', async () => {
    const { bundle, document } = await documentOf(annotated);
    expect(document.content).toHaveLength(2);
    expect(document.content[0]!.attachment.contentType).toBe('image/jpeg');
    const second = document.content[1]!;
    expect(second.attachment).toMatchObject({ contentType: WEB_ANNOTATION_MEDIA_TYPE, title: 'Annotations, version 1' });
    const json = Buffer.from(second.attachment.data!, 'base64');
    expect(second.attachment.size).toBe(json.byteLength);
    expect(second.attachment.hash).toBe(createHash('sha1').update(json).digest('base64'));
    const collection = JSON.parse(json.toString('utf8'));
    expect(collection).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 11 });
    // The same document as the CLI's web-annotation export.
    const exported = unwrap(await admin.api.annotations.export({ photoId: annotated, format: 'web-annotation' }));
    expect(JSON.parse(Buffer.from(exported.bytes).toString('utf8'))).toEqual(collection);

    expect(structuralIssues(bundle)).toEqual([]);
    expect(structuralIssues(document)).toEqual([]);
    expect(requiredBindingReport(document).violations).toEqual([]);
  });

  it('keeps one content entry for a photo without annotations', async () => {
    const { document } = await documentOf(bare);
    expect(document.content).toHaveLength(1);
  });
});
