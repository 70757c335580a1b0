// A derived copy of the photo with its current annotations burned into the pixels, for a receiver
// that cannot show a presentation state (a referral letter, a system that only takes images). It is
// a new DICOM instance, never the photo: Image Type DERIVED\SECONDARY, Burned In Annotation YES,
// the photo's own instance in Source Image Sequence, the drawing said in Derivation Description,
// and the JPEG compression history of a second lossy encoding. The archived original is untouched.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Shape } from '../../../shared/annotations/document';
import { measureShape } from '../../../shared/annotations/measure';
import { buildDicomInstance, dicomUidsFor } from '../interop/dicom/vl-photo';
import type { PhotoExportInput } from '../interop/export-input';
import { uidNames } from '../interop/uids';
import { escapeXml } from '../support/escape-xml';
import type { AnnotationVersionInput } from './current';
import { lesionLabel, measurementLabel } from './export-labels';
import { svgOf } from './web-annotation';

function labelOf(shape: Shape, version: AnnotationVersionInput): { text: string; x: number; y: number } | null {
  const m = measureShape(shape, version.document.calibration);
  switch (shape.kind) {
    case 'ruler':
      return { text: measurementLabel(m!), x: (shape.from.x + shape.to.x) / 2, y: Math.max(shape.from.y, shape.to.y) };
    case 'angle':
      return { text: measurementLabel(m!), ...shape.vertex };
    case 'area':
      return { text: measurementLabel(m!), ...(shape.outline.type === 'polygon' ? shape.outline.points[0]! : shape.outline.center) };
    case 'text':
      return { text: shape.text, ...shape.at };
    case 'arrow':
      return shape.label ? { text: shape.label, ...shape.from } : null;
    case 'lesion': {
      const lesion = version.lesions.get(shape.lesionId);
      return lesion ? { text: lesionLabel(lesion.number, lesion.label), ...shape.at } : null;
    }
    default:
      return null;
  }
}

/** The annotations as one SVG the size of the photo: yellow strokes, white labels with a dark edge. */
export function burnedInSvg(width: number, height: number, version: AnnotationVersionInput): string {
  const stroke = Math.max(2, Math.round(Math.max(width, height) / 600));
  const font = Math.max(12, Math.round(Math.max(width, height) / 80));
  const shapes = version.document.layers.flatMap((l) => l.shapes);
  const drawn = shapes.map((s) => svgOf(s)).join('');
  const labels = shapes
    .map((s) => labelOf(s, version))
    .filter((l): l is NonNullable<typeof l> => l !== null)
    .map((l) => `<text x="${(l.x + font / 2).toFixed(1)}" y="${(l.y - font / 2).toFixed(1)}">${escapeXml(l.text)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
    <g fill="none" stroke="#ffd400" stroke-width="${stroke}" stroke-linejoin="round">${drawn}</g>
    <g font-family="DejaVu Sans, sans-serif" font-size="${font}" font-weight="bold" fill="#ffffff" stroke="#000000" stroke-width="${Math.max(1, font / 8).toFixed(1)}" paint-order="stroke">${labels}</g>
  </svg>`;
}

export async function buildBurnedInCopy(input: PhotoExportInput, version: AnnotationVersionInput): Promise<Buffer> {
  const { width, height } = input.photo;
  const jpeg = await sharp(input.image)
    .composite([{ input: Buffer.from(burnedInSvg(width, height, version)), top: 0, left: 0 }])
    .jpeg({ quality: 92, chromaSubsampling: '4:2:0' })
    .toBuffer();
  return buildDicomInstance({
    ...input,
    photo: { ...input.photo, mime: 'image/jpeg' },
    image: jpeg,
    imageSha256: createHash('sha256').update(jpeg).digest('hex'),
    derivation: { description: `Annotations version ${version.version} (${version.authorName}) drawn into a copy of the photo; lossy JPEG re-encoding`, reencoded: true },
    burnedIn: { uidName: `burned-in:${uidNames.instance(input.photo.id, input.photo.revision ?? 0)}:v${version.version}`, sourceSopInstanceUid: dicomUidsFor(input).sopInstanceUid },
  });
}
