// What both formats are built from: one photo with its patient, encounter and capture metadata,
// the original image bytes, and the clinic's interop settings. `loadPhotoExport` gathers it from
// the database and the blob store; the builders (dicom/, fhir/) are pure functions of it, so the
// same photo always gives the same DICOM file and the same FHIR resources.
import type { Laterality } from '../../../shared/value-sets/views';
import type { Sex } from '../../../shared/domain';
import type { BlobStore } from '../blobs/blob-store';
import type { Db } from '../db/open';
import { getEncounter } from '../patients/encounters';
import { getPatient } from '../patients/patients';
import { getBlobRecord } from '../blobs/blob-rows';
import { photoInstanceNumber } from '../photos/photo-lookups';
import { getPhotoRow } from '../photos/photos';
import { clinicName } from '../auth/users';
import { mrnSystem, orgUidRoot } from './settings';
import { orderForEncounter, type WorklistOrder } from '../worklist/orders';

export interface PhotoExportInput {
  readonly patient: {
    readonly id: string;
    readonly mrn: string;
    readonly familyName: string;
    readonly givenName: string;
    /** YYYY-MM-DD */
    readonly birthDate: string;
    readonly sex: Sex;
  };
  /** Null for imported photos, which belong to no encounter. */
  readonly encounter: {
    readonly id: string;
    /** ISO 8601 UTC */
    readonly startedAt: string;
    readonly providerName: string;
    readonly reason: string;
  } | null;
  /** The worklist order the photo's encounter was opened from (worklist/orders.ts), if any. */
  readonly order?: WorklistOrder | null;
  readonly photo: {
    readonly id: string;
    /** ISO 8601 UTC */
    readonly capturedAt: string;
    readonly capturedByName: string;
    readonly providerName: string | null;
    readonly source: 'camera' | 'import';
    readonly device: string;
    readonly mime: 'image/jpeg' | 'image/png';
    readonly width: number;
    readonly height: number;
    /** Hex SHA-256 of `image`, as stored with the blob. */
    readonly sha256: string;
    readonly bodySite: { readonly code: string; readonly display: string } | null;
    readonly laterality: Laterality | null;
    readonly view: string | null;
    readonly camera: { readonly make: string | null; readonly model: string | null; readonly lens: string | null };
    /** 1-based position of the photo in its series (encounter, or patient and day), by capture time. */
    readonly instanceNumber: number;
  };
  /** The original bytes exactly as captured. */
  readonly image: Uint8Array;
  readonly clinicName: string;
  /** Registered DICOM org root, or null for 2.25.<uuid> UIDs. */
  readonly orgUidRoot: string | null;
  /** URI of the system issuing MRNs (FHIR Patient.identifier.system). */
  readonly mrnSystem: string;
}

/**
 * Everything needed to build a photo's DICOM instance or FHIR bundle; the caller checks access.
 * `checkImageHash: false` is for a caller that verifies `photo.sha256` end to end itself, and
 * `allocate` supplies the buffer the image is decrypted into (BlobStore.read).
 */
export async function loadPhotoExport(
  db: Db,
  blobs: BlobStore,
  photoId: string,
  options: { checkImageHash?: boolean; allocate?: (size: number) => Buffer } = {},
): Promise<PhotoExportInput> {
  const row = getPhotoRow(db, photoId);
  const patient = getPatient(db, row.patient_id);
  const encounter = row.encounter_id ? getEncounter(db, row.encounter_id) : null;
  const image = await blobs.read(getBlobRecord(db, row.original_blob_id), { checkHash: options.checkImageHash ?? true, ...(options.allocate ? { allocate: options.allocate } : {}) });
  return {
    patient: {
      id: patient.id,
      mrn: patient.mrn,
      familyName: patient.familyName,
      givenName: patient.givenName,
      birthDate: patient.birthDate,
      sex: patient.sex,
    },
    encounter: encounter && { id: encounter.id, startedAt: encounter.startedAt, providerName: encounter.providerName, reason: encounter.reason },
    order: encounter ? orderForEncounter(db, encounter.id) : null,
    photo: {
      id: row.id,
      capturedAt: row.captured_at,
      capturedByName: row.captured_by_name,
      providerName: row.provider_name,
      source: row.source,
      device: row.device,
      mime: row.mime,
      width: row.width,
      height: row.height,
      sha256: row.sha256,
      bodySite: row.body_site_code ? { code: row.body_site_code, display: row.body_site_display ?? row.body_site_code } : null,
      laterality: row.laterality,
      view: row.view,
      camera: { make: row.exif_make, model: row.exif_model, lens: row.exif_lens },
      instanceNumber: photoInstanceNumber(db, { id: row.id, patientId: row.patient_id, encounterId: row.encounter_id, capturedAt: row.captured_at }),
    },
    image,
    clinicName: clinicName(db),
    orgUidRoot: orgUidRoot(db),
    mrnSystem: mrnSystem(db),
  };
}
