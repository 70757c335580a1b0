// A photo's current annotation version as a DICOM Color Softcopy Presentation State (SOP Class
// 1.2.840.10008.5.1.4.1.1.11.2, PS3.3 A.33.4) Part 10 file: it references the photo's VL
// Photographic Image, carries every shape as a graphic object and every label and measurement
// as a text object (coordinates in the photo's upright pixels, which is the image the PACS holds:
// interop/outgoing-image.ts), one graphic layer per annotation layer, and the calibration as
// Presentation Pixel Spacing. A viewer shows the photo with the annotations over it; the photo
// itself is never changed. Pure: the same version gives the same bytes.
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { type AnnotationDocument, type Point, type Shape } from '../../../shared/annotations/document';
import { measureShape } from '../../../shared/annotations/measure';
import type { Lesion } from '../../../shared/channels/annotations';
import type { AnnotationVersionInput } from './current';
import type { PhotoExportInput } from '../interop/export-input';
import { dicomDate, dicomDateOf, dicomSex, dicomTime, displayName, personName, text } from '../interop/dicom/values';
import { IMPLEMENTATION_CLASS_UID, VL_PHOTOGRAPHIC_IMAGE_STORAGE, dicomUidsFor } from '../interop/dicom/vl-photo';
import { deriveUid, uidNames } from '../interop/uids';
import { lesionLabel, measurementLabel } from './export-labels';

export const COLOR_SOFTCOPY_PRESENTATION_STATE = '1.2.840.10008.5.1.4.1.1.11.2';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** The presentation state's UIDs: its own series in the photo's study, one instance per version. */
export function presentationStateUids(input: Pick<PhotoExportInput, 'patient' | 'encounter' | 'photo' | 'orgUidRoot' | 'order'>, version: number) {
  const photo = dicomUidsFor(input);
  return {
    photo,
    seriesInstanceUid: deriveUid(`series:presentation-state:${photo.studyInstanceUid}`, input.orgUidRoot),
    sopInstanceUid: deriveUid(`presentation-state:${uidNames.instance(input.photo.id, input.photo.revision ?? 0)}:v${version}`, input.orgUidRoot),
  };
}

type Dataset = Record<string, unknown>;
const flat = (points: readonly Point[]): number[] => points.flatMap((p) => [p.x, p.y]);

function graphic(type: 'POINT' | 'POLYLINE' | 'INTERPOLATED' | 'ELLIPSE' | 'CIRCLE', points: readonly Point[], closed = false): Dataset {
  return {
    GraphicAnnotationUnits: 'PIXEL',
    GraphicDimensions: 2,
    NumberOfGraphicPoints: points.length,
    GraphicData: flat(points),
    GraphicType: type,
    // Type 1C: required for closed shapes; never filled, so the skin under them stays visible.
    ...(closed || type === 'ELLIPSE' || type === 'CIRCLE' ? { GraphicFilled: 'N' } : {}),
  };
}

const closedPolyline = (points: readonly Point[]): Dataset => graphic('POLYLINE', [...points, points[0]!], true);
/** PS3.3 C.10.5.1.2: an ELLIPSE is the two end points of its major axis, then those of its minor axis. */
const ellipse = (c: Point, rx: number, ry: number): Dataset =>
  rx >= ry
    ? graphic('ELLIPSE', [{ x: c.x - rx, y: c.y }, { x: c.x + rx, y: c.y }, { x: c.x, y: c.y - ry }, { x: c.x, y: c.y + ry }])
    : graphic('ELLIPSE', [{ x: c.x, y: c.y - ry }, { x: c.x, y: c.y + ry }, { x: c.x - rx, y: c.y }, { x: c.x + rx, y: c.y }]);

/** An arrow's shaft and the two strokes of its head, pointing at `to`. */
function arrow(from: Point, to: Point): Dataset[] {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const head = Math.max(6, Math.min(40, Math.hypot(to.x - from.x, to.y - from.y) * 0.2));
  const wing = (turn: number): Point => ({ x: to.x - head * Math.cos(angle + turn), y: to.y - head * Math.sin(angle + turn) });
  return [graphic('POLYLINE', [from, to]), graphic('POLYLINE', [wing(Math.PI / 7), to, wing(-Math.PI / 7)])];
}

function textAt(value: string, anchor: Point): Dataset {
  return {
    // ST holds 1024 characters; labels are far shorter (the schema caps them at 200).
    UnformattedTextValue: value.slice(0, 1024),
    AnchorPointAnnotationUnits: 'PIXEL',
    AnchorPoint: [anchor.x, anchor.y],
    AnchorPointVisibility: 'N',
  };
}

const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

function shapeObjects(shape: Shape, doc: AnnotationDocument, lesions: ReadonlyMap<string, Lesion>): { graphics: Dataset[]; texts: Dataset[] } {
  const m = measureShape(shape, doc.calibration);
  const measured = (anchor: Point): Dataset[] => (m ? [textAt(measurementLabel(m), anchor)] : []);
  switch (shape.kind) {
    case 'arrow':
      return { graphics: arrow(shape.from, shape.to), texts: shape.label ? [textAt(shape.label, shape.from)] : [] };
    case 'text':
      return { graphics: [], texts: [textAt(shape.text, shape.at)] };
    case 'freehand':
      return { graphics: [graphic('POLYLINE', shape.points)], texts: [] };
    case 'ellipse':
      return { graphics: [ellipse(shape.center, shape.rx, shape.ry)], texts: [] };
    case 'rectangle': {
      const { from: a, to: b } = shape;
      return { graphics: [closedPolyline([a, { x: b.x, y: a.y }, b, { x: a.x, y: b.y }])], texts: [] };
    }
    case 'polygon':
      return { graphics: [closedPolyline(shape.points)], texts: [] };
    case 'ruler':
      return { graphics: [graphic('POLYLINE', [shape.from, shape.to])], texts: measured(midpoint(shape.from, shape.to)) };
    case 'angle':
      return { graphics: [graphic('POLYLINE', [shape.a, shape.vertex, shape.b])], texts: measured(shape.vertex) };
    case 'area':
      return shape.outline.type === 'polygon'
        ? { graphics: [closedPolyline(shape.outline.points)], texts: measured(shape.outline.points[0]!) }
        : { graphics: [ellipse(shape.outline.center, shape.outline.rx, shape.outline.ry)], texts: measured(shape.outline.center) };
    case 'lesion': {
      const lesion = lesions.get(shape.lesionId);
      return { graphics: [graphic('POINT', [shape.at])], texts: [textAt(lesion ? lesionLabel(lesion.number, lesion.label) : 'Lesion', shape.at)] };
    }
  }
}

/**
 * A pixel spacing as DS (16 characters at most) keeping ten significant digits: the two decimals
 * of decimalString would turn 1/12 mm into 0.08, a 4 % error on every measurement a viewer makes.
 */
const spacingString = (mm: number): string => {
  const text = String(Number(mm.toPrecision(10)));
  return text.length <= 16 ? text : mm.toExponential(8);
};

/** A Graphic Layer name: CS, 16 characters, upper case letters, digits, space and underscore. */
const layerName = (index: number): string => `LAYER_${index + 1}`;

const arrayBufferOf = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

let srgbProfile: Promise<Buffer> | undefined;
/** The sRGB ICC profile libvips ships, which the ICC Profile module needs (the photos are sRGB). */
function srgbIccProfile(): Promise<Buffer> {
  srgbProfile ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withIccProfile('srgb')
    .jpeg()
    .toBuffer()
    .then(async (b) => {
      const icc = (await sharp(b).metadata()).icc;
      if (!icc) throw new Error('libvips gave no sRGB profile');
      return icc;
    });
  return srgbProfile;
}

export async function buildPresentationState(input: PhotoExportInput, version: AnnotationVersionInput): Promise<Buffer> {
  const { patient, encounter, photo } = input;
  const uids = presentationStateUids(input, version.version);
  const doc = version.document;
  const referencedImage = [{ ReferencedSOPClassUID: VL_PHOTOGRAPHIC_IMAGE_STORAGE, ReferencedSOPInstanceUID: uids.photo.sopInstanceUid }];
  const offset = photo.utcOffsetMinutes;
  const studyAt = encounter?.startedAt ?? photo.acquiredAt;
  const annotations = doc.layers.flatMap((layer, i) => {
    const parts = layer.shapes.map((s) => shapeObjects(s, doc, version.lesions));
    const graphics = parts.flatMap((p) => p.graphics);
    const texts = parts.flatMap((p) => p.texts);
    if (graphics.length === 0 && texts.length === 0) return [];
    return [{ ReferencedImageSequence: referencedImage, GraphicLayer: layerName(i), ...(texts.length ? { TextObjectSequence: texts } : {}), ...(graphics.length ? { GraphicObjectSequence: graphics } : {}) }];
  });
  const usedLayers = doc.layers.map((l, i) => ({ l, i })).filter(({ i }) => annotations.some((a) => a.GraphicLayer === layerName(i)));
  const spacing = doc.calibration ? spacingString(1 / doc.calibration.pxPerMm) : null;

  const dataset: Dataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COLOR_SOFTCOPY_PRESENTATION_STATE,
    SOPInstanceUID: uids.sopInstanceUid,
    StudyDate: dicomDate(studyAt, offset),
    SeriesDate: dicomDate(version.createdAt, offset),
    StudyTime: dicomTime(studyAt, offset),
    SeriesTime: dicomTime(version.createdAt, offset),
    AccessionNumber: input.order?.accessionNumber ? text(input.order.accessionNumber, 'SH') : '',
    Modality: 'PR',
    Manufacturer: 'Clinic Photo Workstation',
    ...(input.clinicName ? { InstitutionName: text(input.clinicName, 'LO') } : {}),
    ReferringPhysicianName: encounter ? [{ Alphabetic: displayName(encounter.providerName) }] : '',
    SeriesDescription: 'Annotations',
    PatientName: [{ Alphabetic: personName(patient.familyName, patient.givenName) }],
    PatientID: text(patient.mrn, 'LO'),
    ...(input.issuerOfPatientId ? { IssuerOfPatientID: text(input.issuerOfPatientId, 'LO') } : {}),
    PatientBirthDate: dicomDateOf(patient.birthDate),
    PatientSex: dicomSex(patient.sex),
    StudyInstanceUID: uids.photo.studyInstanceUid,
    SeriesInstanceUID: uids.seriesInstanceUid,
    StudyID: text(encounter?.id ?? uids.photo.studyInstanceUid.slice(-16), 'SH'),
    SeriesNumber: '99',
    // Series Laterality, Type 2C (no Image Laterality here): present and empty, as for the photo's series.
    Laterality: '',
    InstanceNumber: String(version.version),
    // Presentation State Identification: what this is, who made it and when.
    ContentLabel: 'ANNOTATIONS',
    ContentDescription: text(`Annotations, version ${version.version}`, 'LO'),
    PresentationCreationDate: dicomDate(version.createdAt, offset),
    PresentationCreationTime: dicomTime(version.createdAt, offset),
    ContentCreatorName: [{ Alphabetic: displayName(version.authorName) }],
    // Presentation State Relationship: the one photo it applies to.
    ReferencedSeriesSequence: [{ SeriesInstanceUID: uids.photo.seriesInstanceUid, ReferencedImageSequence: referencedImage }],
    // Displayed Area: the whole photo, scaled to fit; the calibration as the pixel spacing.
    DisplayedAreaSelectionSequence: [
      {
        ReferencedImageSequence: referencedImage,
        DisplayedAreaTopLeftHandCorner: [1, 1],
        DisplayedAreaBottomRightHandCorner: [photo.width, photo.height],
        PresentationSizeMode: 'SCALE TO FIT',
        ...(spacing ? { PresentationPixelSpacing: [spacing, spacing] } : { PresentationPixelAspectRatio: [1, 1] }),
      },
    ],
    ...(annotations.length ? { GraphicAnnotationSequence: annotations } : {}),
    // Spatial Transformation: none; the referenced image is already upright.
    ImageRotation: 0,
    ImageHorizontalFlip: 'N',
    ...(usedLayers.length
      ? {
          GraphicLayerSequence: usedLayers.map(({ l, i }) => ({
            GraphicLayer: layerName(i),
            GraphicLayerOrder: i + 1,
            GraphicLayerDescription: text(l.name, 'LO'),
            // Yellow (CIELab, PS3.3 C.10.7.1.1), as the editor draws them: visible on skin.
            GraphicLayerRecommendedDisplayCIELabValue: [61166, 21588, 54067],
          })),
        }
      : {}),
    ICCProfile: arrayBufferOf(await srgbIccProfile()),
  };

  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    MediaStorageSOPClassUID: COLOR_SOFTCOPY_PRESENTATION_STATE,
    MediaStorageSOPInstanceUID: uids.sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'CLINICPHOTO_1',
  });
  meta['00020001'] = { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] };
  const file = new dcmjs.data.DicomDict(meta);
  file.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(file.write());
}
