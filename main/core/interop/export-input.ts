// What both formats are built from: one photo with its patient, encounter and capture metadata,
// the outgoing copy of its image (upright, without metadata segments: outgoing-image.ts) made from
// the archived original, and the clinic's interop settings. `loadPhotoExport` gathers it from the
// database and the blob store; the builders (dicom/, fhir/) are pure functions of it, so the same
// photo always gives the same DICOM file and the same FHIR resources.
import type { Laterality } from '../../../shared/value-sets/views';
import type { Sex } from '../../../shared/domain';
import type { BlobStore } from '../blobs/blob-store';
import type { Db } from '../db/open';
import { getEncounter } from '../patients/encounters';
import { getPatient } from '../patients/patients';
import { getBlobRecord } from '../blobs/blob-rows';
import { photoInstanceNumber } from '../photos/photo-lookups';
import { getPhotoRow } from '../photos/photos';
import { derivationOf } from '../photos/derivations';
import { deriveUid, uidNames } from './uids';
import { clinicName } from '../auth/users';
import { BODY_SITES } from '../../../shared/value-sets/body-sites';
import type { AcquisitionTimeOrigin } from '../imaging/acquisition-time';
import { prepareOutgoingImage, type ImageDerivation } from './outgoing-image';
import { readInteropSettings } from './settings';
import { orderForEncounter, type WorklistOrder } from '../worklist/orders';
import { currentAnnotationVersion, type AnnotationVersionInput } from '../annotations/current';

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
    /** ISO 8601 UTC: when the photo entered the workstation. */
    readonly capturedAt: string;
    /** ISO 8601 UTC: when it was taken (the camera's time for imports with EXIF; acquisition-time.ts). */
    readonly acquiredAt: string;
    /** The offset of the local time it was taken in, minutes east of UTC; DICOM and FHIR times carry it. */
    readonly utcOffsetMinutes: number;
    readonly timeOrigin: AcquisitionTimeOrigin;
    /** May show a face or another identifying feature (DICOM Recognizable Visual Features). */
    readonly recognizable: boolean;
    readonly capturedByName: string;
    readonly providerName: string | null;
    readonly source: 'camera' | 'import' | 'derived';
    readonly device: string;
    readonly mime: 'image/jpeg' | 'image/png';
    /** Of the outgoing image (upright). */
    readonly width: number;
    readonly height: number;
    /** Hex SHA-256 of the archived original, as stored with the blob. */
    readonly sha256: string;
    readonly bodySite: { readonly code: string; readonly display: string } | null;
    readonly laterality: Laterality | null;
    readonly view: string | null;
    readonly camera: { readonly make: string | null; readonly model: string | null; readonly lens: string | null };
    /** 1-based position of the photo in its series (encounter, or patient and acquisition date). */
    readonly instanceNumber: number;
    /** How often what the photo says about itself was corrected (photos/corrections.ts); 0 if never. */
    readonly revision?: number;
  };
  /** The outgoing copy: upright, no metadata segments (outgoing-image.ts). What DICOM and FHIR carry. */
  readonly image: Uint8Array;
  /** Hex SHA-256 of `image`. */
  readonly imageSha256: string;
  /** What was done to the original's pixels to make `image`, or null when nothing was. */
  readonly derivation: ImageDerivation | null;
  /** The archived original's size and frame, for the compression history of a re-encoded copy. */
  readonly original: { readonly byteLength: number };
  readonly clinicName: string;
  /** Registered DICOM org root, or null for 2.25.<uuid> UIDs. */
  readonly orgUidRoot: string | null;
  /** URI of the system issuing MRNs (FHIR Patient.identifier.system). */
  readonly mrnSystem: string;
  /** DICOM Issuer of Patient ID (0010,0021), or null when the clinic has not set one. */
  readonly issuerOfPatientId: string | null;
  /**
   * Set for a derived copy with annotations burned into its pixels (annotations/burned-in.ts): the
   * DICOM file then says so (Burned In Annotation YES) and names the photo's own instance as its
   * source; its SOP Instance UID is derived from `uidName` instead of the photo id.
   */
  readonly burnedIn?: { readonly uidName: string; readonly sourceSopInstanceUid: string } | null;
  /** The photo's current annotation version (annotations/current.ts), or null/absent when it has none. */
  readonly annotations?: AnnotationVersionInput | null;
  /**
   * Set for a photo made on this workstation from others (a comparison, photos/derivations.ts):
   * DICOM marks it derived with its words burned in and names each source instance (at the
   * source's current revision, the instance the PACS holds); FHIR relates it to the sources.
   */
  readonly derivedFrom?: DerivedFrom | null;
}

export interface DerivedFrom {
  readonly sources: ReadonlyArray<{ readonly photoId: string; readonly sopInstanceUid: string }>;
  /** For DICOM Derivation Description (ST, at most 1024 characters). */
  readonly description: string;
}

/** How a derived photo was made, in the words Derivation Description carries (not shown to staff). */
function derivedFromOf(db: Db, photoId: string, orgUidRoot: string | null): DerivedFrom | null {
  const d = derivationOf(db, photoId);
  if (!d) return null;
  // A grid (three or four photos) is stored as side by side; each of its later photos had its own alignment or none.
  const grid = d.sources.length > 2;
  const layout = d.mode === 'slider' ? `slider snapshot at ${Math.round((d.sliderPosition ?? 0.5) * 100)} %` : grid ? 'side by side in a grid, each in the first photo\'s frame' : 'side by side';
  const placement = grid
    ? 'each later photo registered onto the first by its stored alignment where there was one, else scaled to fit the first photo\'s frame (its caption says which)'
    : d.alignmentId
      ? 'second photo registered onto the first by a stored similarity alignment'
      : 'second photo scaled to fit the first photo\'s frame';
  return {
    sources: d.sources.map((source) => ({ photoId: source.id, sopInstanceUid: deriveUid(uidNames.instance(source.id, source.revision), orgUidRoot) })),
    description: `Comparison of ${d.sources.length} photos, ${layout}; ${placement}; dates, sites, sides, views and the interval drawn below the photos; lossy JPEG re-encoding`,
  };
}

/** Sites where a face or another identifying feature may be visible: every head and neck site. */
const RECOGNIZABLE_SITES = new Set(BODY_SITES.filter((s) => s.region === 'head' || s.region === 'neck').map((s) => s.code));

/** The photo's own mark when set, else whether its body site is on the head or neck. */
export function isRecognizable(mark: 0 | 1 | null, bodySiteCode: string | null): boolean {
  return mark === null ? bodySiteCode !== null && RECOGNIZABLE_SITES.has(bodySiteCode) : mark === 1;
}

/** YYYY-MM-DD of `at` in the local time `offsetMinutes` east of UTC. */
export const localDate = (at: string, offsetMinutes: number): string => new Date(Date.parse(at) + offsetMinutes * 60_000).toISOString().slice(0, 10);

/**
 * Everything needed to build a photo's DICOM instance or FHIR bundle; the caller checks access.
 * `checkImageHash: false` skips the check of the original against `photo.sha256` (every sealed
 * segment is still authenticated); `allocate` supplies the buffer the original is decrypted into
 * (BlobStore.read).
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
  const original = await blobs.read(getBlobRecord(db, row.original_blob_id), { checkHash: options.checkImageHash ?? true, ...(options.allocate ? { allocate: options.allocate } : {}) });
  const image = await prepareOutgoingImage(original, row.mime);
  const settings = readInteropSettings(db);
  const acquiredAt = row.acquired_at ?? row.captured_at;
  const utcOffsetMinutes = row.acquired_utc_offset ?? 0;
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
      acquiredAt,
      utcOffsetMinutes,
      timeOrigin: row.acquired_time_origin ?? (row.source === 'camera' ? 'capture' : 'import'),
      recognizable: isRecognizable(row.recognizable, row.body_site_code),
      revision: row.revision,
      capturedByName: row.captured_by_name,
      providerName: row.provider_name,
      source: row.source,
      device: row.device,
      mime: row.mime,
      width: image.width,
      height: image.height,
      sha256: row.sha256,
      bodySite: row.body_site_code ? { code: row.body_site_code, display: row.body_site_display ?? row.body_site_code } : null,
      laterality: row.laterality,
      view: row.view,
      camera: { make: row.exif_make, model: row.exif_model, lens: row.exif_lens },
      instanceNumber: photoInstanceNumber(db, {
        id: row.id,
        patientId: row.patient_id,
        encounterId: row.encounter_id,
        capturedAt: row.captured_at,
        acquiredAt,
        acquiredDate: localDate(acquiredAt, utcOffsetMinutes),
      }),
    },
    image: image.bytes,
    imageSha256: image.sha256,
    derivation: image.derivation,
    original: { byteLength: original.byteLength },
    clinicName: clinicName(db),
    orgUidRoot: settings.orgUidRoot,
    mrnSystem: settings.mrnSystem,
    issuerOfPatientId: settings.issuerOfPatientId,
    annotations: currentAnnotationVersion(db, row.id),
    derivedFrom: row.source === 'derived' ? derivedFromOf(db, row.id, settings.orgUidRoot) : null,
  };
}
