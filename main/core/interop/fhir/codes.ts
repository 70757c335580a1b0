// Code systems, codes and identifier systems the FHIR resources use, in one place so that
// docs/interop.md and the tests can point at them. Every system URL is the one HL7 publishes for R4.
import type { Sex } from '../../../../shared/domain';
import type { Laterality } from '../../../../shared/value-sets/views';
import { LATERALITY_SNOMED } from '../../../../shared/value-sets/views';

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const DICOM_DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const MEDIA_TYPE = 'http://terminology.hl7.org/CodeSystem/media-type';
/** R4 core extension: a Reference(BodyStructure) with the details a CodeableConcept cannot carry. */
export const BODY_SITE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/bodySite';

/** Identifier systems for this product's own records (URNs: they name, they do not resolve). */
export const PHOTO_ID_SYSTEM = 'urn:clinic-photo:photo';
export const ENCOUNTER_ID_SYSTEM = 'urn:clinic-photo:encounter';
export const BODY_STRUCTURE_ID_SYSTEM = 'urn:clinic-photo:body-structure';
export const DOCUMENT_ID_SYSTEM = 'urn:clinic-photo:document';
/** DICOM UIDs as identifiers (RFC 3001 OID URNs), linking the FHIR and DICOM copies of a photo. */
export const DICOM_UID_SYSTEM = 'urn:dicom:uid';

/** Patient.gender (required binding http://hl7.org/fhir/ValueSet/administrative-gender). */
export const ADMINISTRATIVE_GENDER: Readonly<Record<Sex, 'female' | 'male' | 'other' | 'unknown'>> = {
  F: 'female',
  M: 'male',
  O: 'other',
  U: 'unknown',
};

/** LOINC document type for the DocumentReference: 72170-4 "Photographic image". */
export const PHOTO_DOCUMENT_TYPE = { system: LOINC, code: '72170-4', display: 'Photographic image' } as const;

/** Media.modality: DICOM's modality code for external-camera photography. */
export const XC_MODALITY = { system: DICOM_DCM, code: 'XC', display: 'External-camera Photography' } as const;

/** Encounter.class: the clinic visit is ambulatory (v3 ActCode AMB). */
export const AMBULATORY = { system: V3_ACT_CODE, code: 'AMB', display: 'ambulatory' } as const;

/**
 * BodyStructure.locationQualifier for the side (SNOMED CT qualifier values, DICOM CID 244);
 * an unpaired site has no side to state, so it gets none.
 */
export function lateralityQualifier(laterality: Laterality | null): { system: string; code: string; display: string } | null {
  if (laterality === null || laterality === 'unpaired') return null;
  const { code, display } = LATERALITY_SNOMED[laterality];
  return { system: SNOMED, code, display };
}

/** DocumentReference.category (US Core DocumentReference: 1..*, US Core category value set). */
export const US_CORE_CLINICAL_NOTE = {
  system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
  code: 'clinical-note',
  display: 'Clinical Note',
} as const;

/**
 * DocumentReference.content.format (R4 value set formatcodes, IHE format codes; IHE MHD requires
 * it): the MIME type says all a reader needs to open a JPEG or PNG.
 */
export const MIME_TYPE_SUFFICIENT = { system: 'http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem', code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient', display: 'mimeType Sufficient' } as const;

/**
 * DocumentReference.securityLabel (v3 Confidentiality): a photo that may show a face is
 * restricted (R); other clinical photos are normal health information (N).
 */
export const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const confidentiality = (recognizable: boolean) =>
  recognizable ? { system: CONFIDENTIALITY, code: 'R', display: 'restricted' } : { system: CONFIDENTIALITY, code: 'N', display: 'normal' };

/** DocumentReference.context.facilityType (c80-facilitycodes): the clinic is an ambulatory care site. */
export const AMBULATORY_CARE_SITE = { system: SNOMED, code: '35971002', display: 'Ambulatory care site--OTHER--NOT LISTED' } as const;

/** DocumentReference.context.practiceSetting (c80-practice-codes): dermatology. */
export const DERMATOLOGY_PRACTICE = { system: SNOMED, code: '394582007', display: 'Dermatology' } as const;
