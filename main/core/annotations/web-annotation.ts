// A photo's current annotation version as W3C Web Annotation JSON-LD (Web Annotation Data Model,
// https://www.w3.org/TR/annotation-model/): an AnnotationCollection with one page holding one
// Annotation per shape. Each targets the photo, named by its DICOM SOP Instance UID (urn:oid:),
// the same identifier the PACS and the FHIR DocumentReference carry, with an SvgSelector in the
// photo's upright pixel space (and a FragmentSelector "xywh=pixel:" for rectangles, which any
// media-fragment reader understands). Measurements and labels are TextualBody values. Pure.
import type { Point, Shape } from '../../../shared/annotations/document';
import { measureShape } from '../../../shared/annotations/measure';
import type { PhotoExportInput } from '../interop/export-input';
import { escapeXml } from '../support/escape-xml';
import { dicomUidsFor } from '../interop/dicom/vl-photo';
import { formatUuid, nameBasedUuid } from '../interop/uids';
import type { AnnotationVersionInput } from './current';
import { lesionLabel, measurementLabel } from './export-labels';

export const WEB_ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** The media type of a Web Annotation document (Web Annotation Protocol, section 4). */
export const WEB_ANNOTATION_MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

const n = (v: number): string => String(Math.round(v * 100) / 100);
const pts = (points: readonly Point[]): string => points.map((p) => `${n(p.x)},${n(p.y)}`).join(' ');
const svg = (inner: string, width: number, height: number): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">${inner}</svg>`;

export function svgOf(shape: Shape): string {
  switch (shape.kind) {
    case 'arrow':
    case 'ruler':
      return `<polyline points="${pts([shape.from, shape.to])}"/>`;
    case 'text':
      return `<text x="${n(shape.at.x)}" y="${n(shape.at.y)}">${escapeXml(shape.text)}</text>`;
    case 'freehand':
      return `<polyline points="${pts(shape.points)}"/>`;
    case 'ellipse':
      return `<ellipse cx="${n(shape.center.x)}" cy="${n(shape.center.y)}" rx="${n(shape.rx)}" ry="${n(shape.ry)}"/>`;
    case 'rectangle':
      return `<rect x="${n(Math.min(shape.from.x, shape.to.x))}" y="${n(Math.min(shape.from.y, shape.to.y))}" width="${n(Math.abs(shape.to.x - shape.from.x))}" height="${n(Math.abs(shape.to.y - shape.from.y))}"/>`;
    case 'polygon':
      return `<polygon points="${pts(shape.points)}"/>`;
    case 'angle':
      return `<polyline points="${pts([shape.a, shape.vertex, shape.b])}"/>`;
    case 'area':
      return shape.outline.type === 'polygon'
        ? `<polygon points="${pts(shape.outline.points)}"/>`
        : `<ellipse cx="${n(shape.outline.center.x)}" cy="${n(shape.outline.center.y)}" rx="${n(shape.outline.rx)}" ry="${n(shape.outline.ry)}"/>`;
    case 'lesion':
      return `<circle cx="${n(shape.at.x)}" cy="${n(shape.at.y)}" r="1"/>`;
  }
}

const MOTIVATION: Readonly<Record<Shape['kind'], string>> = {
  arrow: 'highlighting',
  text: 'commenting',
  freehand: 'highlighting',
  ellipse: 'highlighting',
  rectangle: 'highlighting',
  polygon: 'highlighting',
  ruler: 'assessing',
  angle: 'assessing',
  area: 'assessing',
  lesion: 'identifying',
};

export function buildWebAnnotations(input: PhotoExportInput, version: AnnotationVersionInput): Record<string, unknown> {
  const source = `urn:oid:${dicomUidsFor(input).sopInstanceUid}`;
  const { width, height } = input.photo;
  const doc = version.document;
  const creator = { type: 'Person', name: version.authorName };
  const id = (name: string) => `urn:uuid:${formatUuid(nameBasedUuid(`web-annotation:${input.photo.id}:v${version.version}:${name}`))}`;
  const items = doc.layers.flatMap((layer) =>
    layer.shapes.map((shape) => {
      const m = measureShape(shape, doc.calibration);
      const words: string[] = [];
      if (m) words.push(measurementLabel(m));
      if (shape.kind === 'text') words.push(shape.text);
      if (shape.kind === 'arrow' && shape.label) words.push(shape.label);
      if (shape.kind === 'lesion') {
        const lesion = version.lesions.get(shape.lesionId);
        if (lesion) words.push(lesionLabel(lesion.number, lesion.label));
      }
      const selectors: Array<Record<string, unknown>> = [{ type: 'SvgSelector', value: svg(svgOf(shape), width, height) }];
      if (shape.kind === 'rectangle') {
        const x = Math.min(shape.from.x, shape.to.x);
        const y = Math.min(shape.from.y, shape.to.y);
        selectors.unshift({
          type: 'FragmentSelector',
          conformsTo: 'http://www.w3.org/TR/media-frags/',
          value: `xywh=pixel:${Math.round(x)},${Math.round(y)},${Math.round(Math.abs(shape.to.x - shape.from.x))},${Math.round(Math.abs(shape.to.y - shape.from.y))}`,
        });
      }
      return {
        id: id(shape.id),
        type: 'Annotation',
        motivation: MOTIVATION[shape.kind],
        created: version.createdAt,
        creator,
        ...(words.length ? { body: words.map((value) => ({ type: 'TextualBody', value, format: 'text/plain', purpose: m ? 'describing' : 'commenting' })) } : {}),
        // Several selectors on one target are equivalent descriptions of the same region (model 4.2).
        target: { type: 'SpecificResource', source: { id: source, type: 'Image', format: input.photo.mime }, selector: selectors.length === 1 ? selectors[0] : selectors },
        // Not part of the model: which layer and shape this was, and the number behind the label.
        'https://clinic-photo.invalid/ns/layer': layer.name,
        ...(m ? { 'https://clinic-photo.invalid/ns/measurement': { kind: m.kind, value: m.value, uncertainty: m.uncertainty, unit: m.unit, calibration: m.source } } : {}),
      };
    }),
  );
  return {
    '@context': WEB_ANNOTATION_CONTEXT,
    id: id('collection'),
    type: 'AnnotationCollection',
    label: `Annotations, version ${version.version}`,
    total: items.length,
    first: { id: id('page-1'), type: 'AnnotationPage', startIndex: 0, items },
  };
}
