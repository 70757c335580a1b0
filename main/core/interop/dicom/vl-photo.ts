// One photo as a DICOM VL Photographic Image (SOP Class 1.2.840.10008.5.1.4.1.1.77.1.4) Part 10
// file. A JPEG travels as JPEG Baseline (1.2.840.10008.1.2.4.50), its outgoing copy (upright, no
// metadata segments: outgoing-image.ts) as the single fragment; a PNG (imports only) is decoded to
// uncompressed 8-bit RGB in Explicit VR Little Endian, because re-encoding it as baseline JPEG would
// lose what the PNG kept. How the copy differs from the original is declared (Image Type, Derivation
// Description, lossy compression history). The file is a pure function of its input: building it
// twice gives the same bytes. docs/interop.md has the attribute mapping and what dciodvfy says.
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { CoreError } from '../../../../shared/errors';
import { orderAttributes } from './order';
import { localDate, type PhotoExportInput } from '../export-input';
import { isUnknownOrigin } from '../../imaging/acquisition-time';
import { deriveUid, uidNames } from '../uids';
import { readJpegFrame, SOF_BASELINE } from './jpeg-frame';
import {
  decimalString,
  dicomDate,
  dicomDateOf,
  dicomDateTime,
  dicomOffset,
  dicomSex,
  dicomTime,
  displayName,
  IMAGE_LATERALITY,
  personName,
  text,
} from './values';

export const VL_PHOTOGRAPHIC_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.77.1.4';
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** External-camera photography (PS3.3 C.7.3.1.1.1). */
export const MODALITY = 'XC';
/** This implementation's class UID (PS3.7 D.3.3.2), derived like every other UID here. */
export const IMPLEMENTATION_CLASS_UID = deriveUid('implementation:clinic-photo:1', null);
const IMPLEMENTATION_VERSION_NAME = 'CLINICPHOTO_1';

dcmjs.log.setLevel('error');

/** The UIDs a photo's instance carries; the sync worker uses them for idempotency and read-back. */
export interface DicomUids {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
}

export function dicomUidsFor(input: Pick<PhotoExportInput, 'patient' | 'encounter' | 'photo' | 'orgUidRoot' | 'order' | 'burnedIn'>): DicomUids {
  // Imports belong to no encounter: one study per patient and day the photos were taken (in the
  // local time they were taken in), so photos from different years never share a study.
  const study = input.encounter
    ? uidNames.study(input.encounter.id)
    : uidNames.looseStudy(input.patient.id, localDate(input.photo.acquiredAt, input.photo.utcOffsetMinutes));
  return {
    // A worklist order names its study: the photos belong there (order.ts).
    studyInstanceUid: input.order?.studyInstanceUid ?? deriveUid(study, input.orgUidRoot),
    seriesInstanceUid: deriveUid(uidNames.series(study, MODALITY), input.orgUidRoot),
    sopInstanceUid: deriveUid(input.burnedIn?.uidName ?? uidNames.instance(input.photo.id, input.photo.revision ?? 0), input.orgUidRoot),
  };
}

interface EncodedPixels {
  readonly transferSyntax: string;
  readonly attributes: Record<string, unknown>;
  readonly pixelData: Uint8Array;
}

/**
 * The outgoing JPEG as it is: Image Pixel attributes read from its frame header. `history` holds the
 * ratios of earlier lossy compressions (a re-encoded copy: the camera's JPEG first), PS3.3 C.7.6.1.1.5.
 */
function jpegPixels(image: Uint8Array, history: readonly string[] = []): EncodedPixels {
  const frame = readJpegFrame(image);
  if (frame.marker !== SOF_BASELINE || frame.precision !== 8) {
    throw new CoreError('INVALID_IMAGE', 'This JPEG is not baseline (it is progressive or extended), so it cannot be stored as DICOM JPEG Baseline unchanged.');
  }
  if (frame.components !== 1 && frame.components !== 3) throw new CoreError('INVALID_IMAGE', 'This JPEG has neither 1 nor 3 colour components.');
  const colour = frame.components === 3;
  // PS3.5 8.2.1: YBR_FULL_422 for colour baseline JPEG (the JFIF colour transform); an Adobe
  // stream marked "no transform" holds RGB.
  const photometric = !colour ? 'MONOCHROME2' : frame.adobeTransform === 0 ? 'RGB' : 'YBR_FULL_422';
  const uncompressed = frame.rows * frame.columns * frame.components;
  return {
    transferSyntax: JPEG_BASELINE,
    pixelData: image,
    attributes: {
      SamplesPerPixel: frame.components,
      PhotometricInterpretation: photometric,
      ...(colour ? { PlanarConfiguration: 0 } : {}),
      Rows: frame.rows,
      Columns: frame.columns,
      LossyImageCompression: '01',
      LossyImageCompressionRatio: [...history, decimalString(uncompressed / image.byteLength)],
      LossyImageCompressionMethod: [...history.map(() => 'ISO_10918_1'), 'ISO_10918_1'],
    },
  };
}

/** A PNG decoded losslessly to 8-bit RGB; refused when that would lose something (16-bit, transparency). */
async function pngPixels(image: Uint8Array): Promise<EncodedPixels> {
  const decoder = sharp(image, { failOn: 'error' });
  const meta = await decoder.metadata();
  if (meta.depth !== 'uchar') {
    throw new CoreError('INVALID_IMAGE', 'This PNG has more than 8 bits per sample; DICOM VL photographs carry 8, so it cannot be exported without loss.');
  }
  if (meta.hasAlpha && !(await decoder.stats()).isOpaque) {
    throw new CoreError('INVALID_IMAGE', 'This PNG is partly transparent; DICOM VL photographs have no transparency, so it cannot be exported as it is.');
  }
  const { data, info } = await sharp(image).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new CoreError('INVALID_IMAGE', 'This PNG could not be decoded to RGB.');
  return {
    transferSyntax: EXPLICIT_VR_LITTLE_ENDIAN,
    pixelData: data,
    attributes: {
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'RGB',
      PlanarConfiguration: 0,
      Rows: info.height,
      Columns: info.width,
      LossyImageCompression: '00',
    },
  };
}

/** The Part 10 file for one photo. Throws INVALID_IMAGE for images DICOM cannot carry unchanged. */
export async function buildDicomInstance(input: PhotoExportInput): Promise<Buffer> {
  const { before, pixels, after } = await buildDicomParts(input);
  return Buffer.concat([before, pixels, after]);
}

/** A Part 10 file as three consecutive pieces; joined, they are the file. */
export interface DicomParts {
  /** Everything before the pixels: preamble, meta header, dataset, Pixel Data's own header (a few kB). */
  readonly before: Buffer;
  /** The pixels; for a JPEG, the outgoing copy itself (a view of `input.image`, not a copy). */
  readonly pixels: Buffer;
  /** What follows: the padding byte of an odd length, the Sequence Delimitation Item of a JPEG. */
  readonly after: Buffer;
  /** True when `pixels` is `input.image` unchanged, so its SHA-256 is `input.imageSha256`. */
  readonly pixelsAreImage: boolean;
}

/**
 * The file in pieces. The sync worker writes them in turn and verifies the pixels against
 * `input.imageSha256`, computed once when the outgoing copy was made: a 24 MP frame is not copied
 * again or hashed a second time to be sent.
 */
export async function buildDicomParts(input: PhotoExportInput): Promise<DicomParts> {
  const { patient, encounter, photo, derivation } = input;
  // A re-encoded copy went through two JPEG compressions: the camera's (ratio from the original's
  // size, same pixel count) and ours.
  const history = derivation?.reencoded ? [decimalString((photo.width * photo.height * 3) / input.original.byteLength)] : [];
  const pixels = photo.mime === 'image/png' ? await pngPixels(input.image) : jpegPixels(input.image, history);
  const uids = dicomUidsFor(input);
  const offset = photo.utcOffsetMinutes;
  const studyAt = encounter?.startedAt ?? photo.acquiredAt;
  const studyKey = encounter?.id ?? uids.studyInstanceUid.slice(-16);
  // A time that is not the camera's (file or import time) is not presented as the acquisition.
  // A derived photo (a comparison) was made, not acquired: its content date is when it was made.
  const acquisitionKnown = !isUnknownOrigin(photo.timeOrigin) && !input.derivedFrom;
  const derivedFrom = input.derivedFrom ?? null;
  const sources = [
    ...(input.burnedIn ? [input.burnedIn.sourceSopInstanceUid] : []),
    ...(derivedFrom ? derivedFrom.sources.map((s) => s.sopInstanceUid) : []),
  ];
  const derivationText = [derivedFrom?.description, derivation?.description].filter((d): d is string => Boolean(d)).join('; ').slice(0, 1024);

  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: input.burnedIn || derivedFrom ? ['DERIVED', 'SECONDARY'] : [derivation ? 'DERIVED' : 'ORIGINAL', 'PRIMARY'],
    SOPClassUID: VL_PHOTOGRAPHIC_IMAGE_STORAGE,
    SOPInstanceUID: uids.sopInstanceUid,
    StudyDate: dicomDate(studyAt, offset),
    SeriesDate: dicomDate(studyAt, offset),
    ContentDate: dicomDate(photo.acquiredAt, offset),
    ...(acquisitionKnown ? { AcquisitionDateTime: dicomDateTime(photo.acquiredAt, offset) } : {}),
    StudyTime: dicomTime(studyAt, offset),
    SeriesTime: dicomTime(studyAt, offset),
    ContentTime: dicomTime(photo.acquiredAt, offset),
    AccessionNumber: '',
    ...orderAttributes(input.order),
    Modality: MODALITY,
    Manufacturer: text(photo.camera.make ?? photo.device, 'LO'),
    ...(input.clinicName ? { InstitutionName: text(input.clinicName, 'LO') } : {}),
    ReferringPhysicianName: encounter ? [{ Alphabetic: displayName(encounter.providerName) }] : '',
    TimezoneOffsetFromUTC: dicomOffset(offset),
    ...(encounter?.reason ? { StudyDescription: text(encounter.reason, 'LO') } : {}),
    SeriesDescription: 'Clinical photography',
    OperatorsName: [{ Alphabetic: displayName(photo.capturedByName) }],
    ManufacturerModelName: text(photo.camera.model ?? photo.device, 'LO'),
    // Type 1C: present with one item when the site is known (imports may not know it), else absent.
    ...(photo.bodySite
      ? { AnatomicRegionSequence: [{ CodeValue: photo.bodySite.code, CodingSchemeDesignator: 'SCT', CodeMeaning: text(photo.bodySite.display, 'LO') }] }
      : {}),
    PatientName: [{ Alphabetic: personName(patient.familyName, patient.givenName) }],
    PatientID: text(patient.mrn, 'LO'),
    ...(input.issuerOfPatientId ? { IssuerOfPatientID: text(input.issuerOfPatientId, 'LO') } : {}),
    PatientBirthDate: dicomDateOf(patient.birthDate),
    PatientSex: dicomSex(patient.sex),
    StudyInstanceUID: uids.studyInstanceUid,
    SeriesInstanceUID: uids.seriesInstanceUid,
    StudyID: text(studyKey, 'SH'),
    SeriesNumber: '1',
    // Series Laterality is Type 2C, needed when no Image Laterality is given: then present, empty
    // (a series spans every site of the visit, so it has no side of its own).
    ...(photo.laterality ? {} : { Laterality: '' }),
    InstanceNumber: String(photo.instanceNumber),
    PatientOrientation: '',
    ...(photo.laterality ? { ImageLaterality: IMAGE_LATERALITY[photo.laterality] } : {}),
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    ...pixels.attributes,
    // A comparison carries its dates, sites and interval as text drawn into the pixels.
    BurnedInAnnotation: input.burnedIn || derivedFrom ? 'YES' : 'NO',
    ...(sources.length > 0 ? { SourceImageSequence: sources.map((uid) => ({ ReferencedSOPClassUID: VL_PHOTOGRAPHIC_IMAGE_STORAGE, ReferencedSOPInstanceUID: uid })) } : {}),
    RecognizableVisualFeatures: photo.recognizable ? 'YES' : 'NO',
    ...(derivationText ? { DerivationDescription: derivationText } : {}),
    AcquisitionContextSequence: [],
  };

  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    MediaStorageSOPClassUID: VL_PHOTOGRAPHIC_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: uids.sopInstanceUid,
    TransferSyntaxUID: pixels.transferSyntax,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  meta['00020001'] = { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] };
  const file = new dcmjs.data.DicomDict(meta);
  file.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  // dcmjs writes everything before the pixels; Pixel Data (7FE0,0010) is the last element, so it
  // is written here around the pixels without copying them. dcmjs would copy a camera frame
  // several times while growing its buffer (~45 ms for 24 MP, on the sync worker's thread).
  const header = Buffer.from(file.write());
  return pixels.transferSyntax === JPEG_BASELINE ? encapsulatedPixels(header, pixels.pixelData) : nativePixels(header, pixels.pixelData);
}

const PIXEL_DATA_OB = [0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0x00, 0x00]; // (7FE0,0010) "OB", 2 reserved bytes
const ITEM = [0xfe, 0xff, 0x00, 0xe0]; // (FFFE,E000)
const SEQUENCE_DELIMITATION = [0xfe, 0xff, 0xdd, 0xe0]; // (FFFE,E0DD)
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const view = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** The NULL byte that pads an odd length to even (PS3.5 7.1.1, A.4). */
const padFor = (length: number): Buffer => Buffer.alloc(length % 2);

/**
 * PS3.5 A.4: Pixel Data of undefined length holding a Basic Offset Table with the one frame's
 * offset (0) and the JPEG as one fragment, padded to even length, then the Sequence Delimitation
 * Item. Byte-identical to what dcmjs writes (vl-photo.test.ts checks).
 */
function encapsulatedPixels(header: Buffer, image: Uint8Array): DicomParts {
  const padded = image.byteLength + (image.byteLength % 2);
  const before = Buffer.concat([header, Buffer.from(PIXEL_DATA_OB), u32(0xffffffff), Buffer.from(ITEM), u32(4), u32(0), Buffer.from(ITEM), u32(padded)]);
  const after = Buffer.concat([padFor(image.byteLength), Buffer.from(SEQUENCE_DELIMITATION), u32(0)]);
  return { before, pixels: view(image), after, pixelsAreImage: true };
}

/** PS3.5 7.1.2: native Pixel Data as OB of defined, even length. */
function nativePixels(header: Buffer, pixels: Uint8Array): DicomParts {
  const padded = pixels.byteLength + (pixels.byteLength % 2);
  return { before: Buffer.concat([header, Buffer.from(PIXEL_DATA_OB), u32(padded)]), pixels: view(pixels), after: padFor(pixels.byteLength), pixelsAreImage: false };
}
