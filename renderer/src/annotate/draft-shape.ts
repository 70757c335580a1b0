// Turns a finished draft (the points a tool collected) into a shape. Pure; the editor adds the
// result to the active layer. A lesion marker measures the rulers and areas it sits on or beside,
// so marking a lesion after measuring it links the two without a further step.
import type { AnnotationDocument, Point, Shape } from '../../../shared/annotations/document';
import { allShapes } from '../../../shared/annotations/document';
import { shapeDistance } from './geometry';
import type { Draft } from './AnnotationStage';

const ellipseFrom = (a: Point, b: Point) => ({
  center: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
  rx: Math.max(0.5, Math.abs(b.x - a.x) / 2),
  ry: Math.max(0.5, Math.abs(b.y - a.y) / 2),
});

/** Rulers and areas within `reach` pixels of p, or containing it (an area drawn around the lesion). */
export function measuringShapesNear(doc: AnnotationDocument, p: Point, reach: number): string[] {
  return allShapes(doc)
    .filter((s) => (s.kind === 'ruler' || s.kind === 'area') && (shapeDistance(s, p) <= reach || (s.kind === 'area' && contains(s, p))))
    .map((s) => s.id);
}

function contains(shape: Extract<Shape, { kind: 'area' }>, p: Point): boolean {
  const o = shape.outline;
  if (o.type === 'ellipse') return ((p.x - o.center.x) / o.rx) ** 2 + ((p.y - o.center.y) / o.ry) ** 2 <= 1;
  let inside = false;
  for (let i = 0, j = o.points.length - 1; i < o.points.length; j = i++) {
    const a = o.points[i]!;
    const b = o.points[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

export function shapeFromDraft(draft: Draft, id: string, context: { doc: AnnotationDocument; text: string; lesionId: string | null; reach: number }): Shape | null {
  const pts = draft.points;
  const [a, b] = [pts[0]!, pts.at(-1)!];
  switch (draft.tool) {
    case 'arrow':
      return { id, kind: 'arrow', from: a, to: b };
    case 'ruler':
      return { id, kind: 'ruler', from: a, to: b };
    case 'rectangle':
      return { id, kind: 'rectangle', from: a, to: b };
    case 'ellipse':
      return { id, kind: 'ellipse', ...ellipseFrom(a, b) };
    case 'areaEllipse':
      return { id, kind: 'area', outline: { type: 'ellipse', ...ellipseFrom(a, b) } };
    case 'freehand':
      return { id, kind: 'freehand', points: [...pts] };
    case 'polygon':
      return { id, kind: 'polygon', points: [...pts] };
    case 'areaPolygon':
      return { id, kind: 'area', outline: { type: 'polygon', points: [...pts] } };
    case 'angle':
      // Clicked in order: one arm's end, the vertex, the other arm's end.
      return { id, kind: 'angle', a: pts[0]!, vertex: pts[1]!, b: pts[2]! };
    case 'text':
      return { id, kind: 'text', at: a, text: context.text };
    case 'lesion':
      return context.lesionId ? { id, kind: 'lesion', at: a, lesionId: context.lesionId, measures: measuringShapesNear(context.doc, a, context.reach) } : null;
    case 'select':
    case 'calibrate':
      return null;
  }
}
