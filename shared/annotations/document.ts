// An annotation document: what one saved version of a photo's annotations holds. Shapes live in
// named layers (toggled separately on screen) and use the photo's upright pixel space (origin top
// left, x to the right, y down, one unit per pixel of the photo as the viewer shows it), so they
// never depend on how large the photo is drawn. The calibration travels with the shapes: a
// measurement is only as good as the scale it was taken with, and both are versioned together.
import { z } from 'zod';
import { Id } from '../domain';

/** A coordinate in the photo's upright pixel space; a little outside the frame is allowed (a label beside an edge). */
const Coordinate = z.number().finite().min(-100_000).max(100_000);
export const Point = z.object({ x: Coordinate, y: Coordinate }).strict();
export type Point = z.infer<typeof Point>;

/** A shape's id within its document: short, stable across versions so history can follow it. */
export const ShapeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, dash or underscore');
const Label = z.string().trim().max(200, 'is too long');
const Radius = z.number().finite().positive().max(100_000);

const base = { id: ShapeId };
export const ArrowShape = z.object({ ...base, kind: z.literal('arrow'), from: Point, to: Point, label: Label.optional() }).strict();
export const TextShape = z.object({ ...base, kind: z.literal('text'), at: Point, text: Label.pipe(z.string().min(1, 'is required')) }).strict();
export const FreehandShape = z.object({ ...base, kind: z.literal('freehand'), points: z.array(Point).min(2).max(5000) }).strict();
export const EllipseShape = z.object({ ...base, kind: z.literal('ellipse'), center: Point, rx: Radius, ry: Radius }).strict();
export const RectangleShape = z.object({ ...base, kind: z.literal('rectangle'), from: Point, to: Point }).strict();
export const PolygonShape = z.object({ ...base, kind: z.literal('polygon'), points: z.array(Point).min(3).max(2000) }).strict();
/** A measured length between two points. */
export const RulerShape = z.object({ ...base, kind: z.literal('ruler'), from: Point, to: Point }).strict();
/** The angle at `vertex` between the rays to `a` and `b`. */
export const AngleShape = z.object({ ...base, kind: z.literal('angle'), vertex: Point, a: Point, b: Point }).strict();
/** A measured area: a polygon or an (axis-aligned) ellipse outline. */
export const AreaOutline = z.discriminatedUnion('type', [
  z.object({ type: z.literal('polygon'), points: z.array(Point).min(3).max(2000) }).strict(),
  z.object({ type: z.literal('ellipse'), center: Point, rx: Radius, ry: Radius }).strict(),
]);
export const AreaShape = z.object({ ...base, kind: z.literal('area'), outline: AreaOutline }).strict();
export type AreaShape = z.infer<typeof AreaShape>;
/**
 * A numbered lesion marker: the lesion (its number and label) belongs to the patient and persists
 * across visits at the same body site. `measures` names the ruler and area shapes of this document
 * that measure this lesion, so its size can be listed by date.
 */
export const LesionMarkerShape = z
  .object({ ...base, kind: z.literal('lesion'), at: Point, lesionId: Id, measures: z.array(ShapeId).max(20).default([]) })
  .strict();

export const Shape = z.discriminatedUnion('kind', [ArrowShape, TextShape, FreehandShape, EllipseShape, RectangleShape, PolygonShape, RulerShape, AngleShape, AreaShape, LesionMarkerShape]);
export type Shape = z.infer<typeof Shape>;
export type ShapeKind = Shape['kind'];
export const SHAPE_KINDS = ['arrow', 'text', 'freehand', 'ellipse', 'rectangle', 'polygon', 'ruler', 'angle', 'area', 'lesion'] as const satisfies readonly ShapeKind[];

export const LayerId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, dash or underscore');
export const Layer = z.object({ id: LayerId, name: z.string().trim().min(1, 'is required').max(80, 'is too long'), shapes: z.array(Shape).max(2000) }).strict();
export type Layer = z.infer<typeof Layer>;

/**
 * How many photo pixels make a millimetre, and where that came from:
 * - `manual`: a segment the user drew on an in-image ruler of known length;
 * - `ruler`: the simulated camera's (or a printed) millimetre scale found in the photo;
 * `uncertaintyPxPerMm` is one standard uncertainty of the scale. No calibration: measurements are
 * in pixels and say so.
 */
export const Calibration = z.discriminatedUnion('source', [
  z
    .object({
      source: z.literal('manual'),
      from: Point,
      to: Point,
      lengthMm: z.number().finite().positive().max(10_000),
      pxPerMm: z.number().finite().positive(),
      uncertaintyPxPerMm: z.number().finite().nonnegative(),
    })
    .strict(),
  z
    .object({
      source: z.literal('ruler'),
      /** The detected scale's first and last tick, in photo pixels: where the scale was read. */
      from: Point,
      to: Point,
      ticks: z.number().int().min(2),
      pxPerMm: z.number().finite().positive(),
      uncertaintyPxPerMm: z.number().finite().nonnegative(),
    })
    .strict(),
]);
export type Calibration = z.infer<typeof Calibration>;
export type CalibrationSource = Calibration['source'];

const uniqueIds = (doc: { layers: Layer[] }): boolean => {
  const layerIds = doc.layers.map((l) => l.id);
  const shapeIds = doc.layers.flatMap((l) => l.shapes.map((s) => s.id));
  return new Set(layerIds).size === layerIds.length && new Set(shapeIds).size === shapeIds.length;
};

export const AnnotationDocument = z
  .object({ calibration: Calibration.nullable(), layers: z.array(Layer).max(20) })
  .strict()
  .refine(uniqueIds, 'layer and shape ids must be unique');
export type AnnotationDocument = z.infer<typeof AnnotationDocument>;

export const EMPTY_DOCUMENT: AnnotationDocument = { calibration: null, layers: [] };

export const allShapes = (doc: AnnotationDocument): Shape[] => doc.layers.flatMap((l) => l.shapes);
