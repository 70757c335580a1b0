// One photo as a FHIR R4 transaction Bundle: Patient and Encounter (created only if no resource
// with the same identifier exists), the image's outgoing copy (upright, no metadata) as a Binary
// created by POST inside the transaction (its server id replaces the urn:uuid references, which
// every server supports, unlike update-as-create under a client id), the photo as Media (R4's
// resource for photographs: body site, operator, device, view) with its side in a BodyStructure,
// and a DocumentReference (US Core: category, format, security label, facility and practice) to the
// same Binary for EMRs that list documents rather than media. The bundle is a pure function of its
// input. docs/interop.md has the mapping and the reasons.
import { createHash } from 'node:crypto';
import { orderReference } from './order';
import type { Binary, BodyStructure, Bundle, BundleEntry, DocumentReference, Encounter, Media, Patient, Resource } from '@medplum/fhirtypes';
import type { PhotoExportInput } from '../export-input';
import { dicomUidsFor } from '../dicom/vl-photo';
import { formatUuid, nameBasedUuid } from '../uids';
import { buildWebAnnotations, WEB_ANNOTATION_MEDIA_TYPE } from '../../annotations/web-annotation';
import { isUnknownOrigin } from '../../imaging/acquisition-time';
import { fhirDateTime } from './times';
import {
  ADMINISTRATIVE_GENDER,
  AMBULATORY,
  AMBULATORY_CARE_SITE,
  confidentiality,
  DERMATOLOGY_PRACTICE,
  MIME_TYPE_SUFFICIENT,
  US_CORE_CLINICAL_NOTE,
  BODY_SITE_EXTENSION,
  BODY_STRUCTURE_ID_SYSTEM,
  DICOM_UID_SYSTEM,
  DOCUMENT_ID_SYSTEM,
  ENCOUNTER_ID_SYSTEM,
  lateralityQualifier,
  MEDIA_TYPE,
  PHOTO_DOCUMENT_TYPE,
  PHOTO_ID_SYSTEM,
  SNOMED,
  V2_0203,
  XC_MODALITY,
} from './codes';
import { LATERALITY_LABELS } from '../../../../shared/value-sets/views';

/** The references a delivery needs to read its resources back and compare hashes. */
export interface FhirPhotoKeys {
  /** The Binary's fullUrl in the bundle; the server assigns its id and rewrites the references. */
  readonly binaryFullUrl: string;
  /** Search Media?identifier=<system>|<value> to find the photo's Media. */
  readonly mediaIdentifier: { readonly system: string; readonly value: string };
  /** Attachment.hash: base64 of the SHA-1 of the image bytes (R4 Attachment.hash). */
  readonly sha1Base64: string;
}

const uuid = (name: string) => formatUuid(nameBasedUuid(`fhir:${name}`));
const urn = (id: string) => `urn:uuid:${id}`;
const query = (system: string, value: string) => `identifier=${encodeURIComponent(system)}|${encodeURIComponent(value)}`;

export function fhirKeysFor(input: Pick<PhotoExportInput, 'photo' | 'image'>): FhirPhotoKeys {
  return {
    binaryFullUrl: urn(uuid(`binary:${input.photo.id}`)),
    mediaIdentifier: { system: PHOTO_ID_SYSTEM, value: input.photo.id },
    sha1Base64: createHash('sha1').update(input.image).digest('base64'),
  };
}

const create = (fullUrl: string, resource: Resource, ifNoneExist: string): BundleEntry => ({
  fullUrl,
  resource,
  request: { method: 'POST', url: resource.resourceType, ifNoneExist },
});

/**
 * A corrected photo's resources replace what the server holds for the photo (conditional update
 * by the photo's identifier, FHIR R4 3.1.0.4.3): a create-if-none-exists would keep the old ones.
 */
const createOrUpdate = (corrected: boolean, fullUrl: string, resource: Resource, identifierQuery: string): BundleEntry =>
  corrected ? { fullUrl, resource, request: { method: 'PUT', url: `${resource.resourceType}?${identifierQuery}` } } : create(fullUrl, resource, identifierQuery);
/** The current annotation version as an inline attachment, or nothing when the photo has none. */
function annotationContent(input: PhotoExportInput): NonNullable<DocumentReference['content']> {
  const version = input.annotations;
  if (!version) return [];
  const json = Buffer.from(JSON.stringify(buildWebAnnotations(input, version)), 'utf8');
  return [
    {
      attachment: {
        contentType: WEB_ANNOTATION_MEDIA_TYPE,
        data: json.toString('base64'),
        size: json.byteLength,
        hash: createHash('sha1').update(json).digest('base64'),
        title: `Annotations, version ${version.version}`,
        creation: version.createdAt,
      },
      format: { ...MIME_TYPE_SUFFICIENT },
    },
  ];
}

export function buildFhirBundle(input: PhotoExportInput): Bundle {
  const { patient, encounter, photo } = input;
  const keys = fhirKeysFor(input);
  const sop = dicomUidsFor(input).sopInstanceUid;
  const ids = {
    patient: uuid(`patient:${patient.id}`),
    encounter: encounter ? uuid(`encounter:${encounter.id}`) : null,
    bodyStructure: uuid(`body-structure:${photo.id}`),
    media: uuid(`media:${photo.id}`),
    document: uuid(`document:${photo.id}`),
  };
  const patientRef = { reference: urn(ids.patient) };
  const encounterRef = ids.encounter ? { reference: urn(ids.encounter) } : undefined;
  const entries: BundleEntry[] = [];
  const corrected = (photo.revision ?? 0) > 0;

  const patientResource: Patient = {
    resourceType: 'Patient',
    identifier: [
      { use: 'usual', type: { coding: [{ system: V2_0203, code: 'MR', display: 'Medical record number' }] }, system: input.mrnSystem, value: patient.mrn },
    ],
    name: [{ use: 'official', family: patient.familyName, given: [patient.givenName] }],
    gender: ADMINISTRATIVE_GENDER[patient.sex],
    birthDate: patient.birthDate,
  };
  entries.push(create(urn(ids.patient), patientResource, query(input.mrnSystem, patient.mrn)));

  if (encounter && ids.encounter) {
    const encounterResource: Encounter = {
      resourceType: 'Encounter',
      identifier: [{ system: ENCOUNTER_ID_SYSTEM, value: encounter.id }],
      // The workstation does not record when a visit ends (docs/interop.md).
      status: 'unknown',
      class: { ...AMBULATORY },
      subject: patientRef,
      participant: [{ individual: { display: encounter.providerName } }],
      period: { start: encounter.startedAt },
      ...(encounter.reason ? { reasonCode: [{ text: encounter.reason }] } : {}),
    };
    entries.push(create(urn(ids.encounter), encounterResource, query(ENCOUNTER_ID_SYSTEM, encounter.id)));
  }

  const binary: Binary = {
    resourceType: 'Binary',
    contentType: photo.mime,
    securityContext: patientRef,
    data: Buffer.from(input.image).toString('base64'),
  };
  entries.push({ fullUrl: keys.binaryFullUrl, resource: binary, request: { method: 'POST', url: 'Binary' } });

  const siteText = photo.bodySite
    ? photo.laterality && photo.laterality !== 'unpaired'
      ? `${photo.bodySite.display} (${LATERALITY_LABELS[photo.laterality].toLowerCase()})`
      : photo.bodySite.display
    : null;
  const side = lateralityQualifier(photo.laterality);
  if (photo.bodySite) {
    const bodyStructure: BodyStructure = {
      resourceType: 'BodyStructure',
      identifier: [{ system: BODY_STRUCTURE_ID_SYSTEM, value: photo.id }],
      active: true,
      location: { coding: [{ system: SNOMED, code: photo.bodySite.code, display: photo.bodySite.display }], text: photo.bodySite.display },
      ...(side ? { locationQualifier: [{ coding: [side], text: side.display }] } : {}),
      patient: patientRef,
    };
    entries.push(createOrUpdate(corrected, urn(ids.bodyStructure), bodyStructure, query(BODY_STRUCTURE_ID_SYSTEM, photo.id)));
  }

  const title = siteText ? `Clinical photograph: ${siteText}` : 'Clinical photograph';
  // Times in the local time the photo was taken in, with its offset. A time that is not the
  // camera's (file or import time) is not presented as the photo's creation.
  const takenAt = fhirDateTime(photo.acquiredAt, photo.utcOffsetMinutes);
  const cameraTime = !isUnknownOrigin(photo.timeOrigin);
  const attachment = {
    contentType: photo.mime,
    url: keys.binaryFullUrl,
    size: input.image.byteLength,
    hash: keys.sha1Base64,
    title,
    ...(cameraTime ? { creation: takenAt } : {}),
  };
  const dicomIdentifier = { system: DICOM_UID_SYSTEM, value: `urn:oid:${sop}` };
  const orderRef = orderReference(input.order);

  const media: Media = {
    resourceType: 'Media',
    identifier: [{ system: PHOTO_ID_SYSTEM, value: photo.id }, dicomIdentifier],
    status: 'completed',
    type: { coding: [{ system: MEDIA_TYPE, code: 'image', display: 'Image' }] },
    modality: { coding: [{ ...XC_MODALITY }] },
    ...(photo.view ? { view: { text: photo.view } } : {}),
    subject: patientRef,
    ...(encounterRef ? { encounter: encounterRef } : {}),
    ...(orderRef ? { basedOn: [orderRef] } : {}),
    ...(cameraTime ? { createdDateTime: takenAt } : {}),
    operator: { display: photo.capturedByName },
    ...(photo.bodySite && siteText
      ? {
          bodySite: {
            extension: [{ url: BODY_SITE_EXTENSION, valueReference: { reference: urn(ids.bodyStructure) } }],
            coding: [{ system: SNOMED, code: photo.bodySite.code, display: photo.bodySite.display }],
            text: siteText,
          },
        }
      : {}),
    deviceName: photo.camera.model ?? photo.device,
    height: photo.height,
    width: photo.width,
    frames: 1,
    content: attachment,
  };
  entries.push(createOrUpdate(corrected, urn(ids.media), media, query(PHOTO_ID_SYSTEM, photo.id)));

  const author = photo.providerName ?? encounter?.providerName ?? photo.capturedByName;
  const document: DocumentReference = {
    resourceType: 'DocumentReference',
    masterIdentifier: dicomIdentifier,
    identifier: [{ system: DOCUMENT_ID_SYSTEM, value: photo.id }],
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ ...PHOTO_DOCUMENT_TYPE }], text: 'Clinical photograph' },
    category: [{ coding: [{ ...US_CORE_CLINICAL_NOTE }] }],
    subject: patientRef,
    // When the document was indexed: the photo's arrival in the workstation (an instant).
    date: photo.capturedAt,
    author: [{ display: author }],
    description: title,
    securityLabel: [{ coding: [confidentiality(photo.recognizable)] }],
    // A comparison made from other photos: R4's closest relationship is `transforms` ("generated by
    // transforming the target document"), to each source's DocumentReference by its identifier.
    ...(input.derivedFrom
      ? { relatesTo: input.derivedFrom.sources.map((src) => ({ code: 'transforms' as const, target: { identifier: { system: DOCUMENT_ID_SYSTEM, value: src.photoId } } })) }
      : {}),
    // The photo's annotations, when it has any, as a second content entry (W3C Web Annotation
    // JSON-LD, selectors in the photo's pixel space): an EMR keeps them beside the untouched image.
    content: [{ attachment, format: { ...MIME_TYPE_SUFFICIENT } }, ...annotationContent(input)],
    context: {
      ...(encounterRef ? { encounter: [encounterRef] } : {}),
      period: { start: takenAt, end: takenAt },
      facilityType: { coding: [{ ...AMBULATORY_CARE_SITE }] },
      practiceSetting: { coding: [{ ...DERMATOLOGY_PRACTICE }] },
      related: [
        { reference: urn(ids.media) },
        ...(orderRef ? [orderRef] : []),
        // The source photos' Media, by identifier (they were delivered on their own).
        ...(input.derivedFrom?.sources.map((src) => ({ identifier: { system: PHOTO_ID_SYSTEM, value: src.photoId }, type: 'Media' as const })) ?? []),
      ],
    },
  };
  entries.push(createOrUpdate(corrected, urn(ids.document), document, query(DOCUMENT_ID_SYSTEM, photo.id)));

  // Consent: the product records no consent yet. When it does, a Consent resource (scope
  // patient-privacy or treatment, provision by scope) joins here, created only when one exists.
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
