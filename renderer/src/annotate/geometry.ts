// Shape geometry for the editor, pure: each shape's control points (what the select tool shows as
// handles and drags), moving a whole shape, and hit testing in photo pixels. Ellipses are edited by
// three points: the centre and the ends of the two semi-axes.
import type { Point, Shape } from '../../../shared/annotations/document';
import { distance } from '../../../shared/annotations/measure';

export function controlPoints(shape: Shape): Point[] {
  switch (shape.kind) {
    case 'arrow':
    case 'ruler':
    case 'rectangle':
      return [shape.from, shape.to];
    case 'text':
    case 'lesion':
      return [shape.at];
    case 'freehand':
    case 'polygon':
      return shape.points;
    case 'ellipse':
      return ellipsePoints(shape.center, shape.rx, shape.ry);
    case 'angle':
      return [shape.a, shape.vertex, shape.b];
    case 'area':
      return shape.outline.type === 'polygon' ? shape.outline.points : ellipsePoints(shape.outline.center, shape.outline.rx, shape.outline.ry);
  }
}

const ellipsePoints = (c: Point, rx: number, ry: number): Point[] => [c, { x: c.x + rx, y: c.y }, { x: c.x, y: c.y + ry }];
const MIN_RADIUS = 0.5;
const fromEllipsePoints = (pts: readonly Point[]) => {
  const [c, a, b] = pts as [Point, Point, Point];
  return { center: c, rx: Math.max(MIN_RADIUS, Math.abs(a.x - c.x)), ry: Math.max(MIN_RADIUS, Math.abs(b.y - c.y)) };
};

/** The shape with its control points replaced (same count and order as controlPoints gives). */
export function withControlPoints(shape: Shape, pts: readonly Point[]): Shape {
  const p = (i: number): Point => pts[i]!;
  switch (shape.kind) {
    case 'arrow':
    case 'ruler':
    case 'rectangle':
      return { ...shape, from: p(0), to: p(1) };
    case 'text':
    case 'lesion':
      return { ...shape, at: p(0) };
    case 'freehand':
    case 'polygon':
      return { ...shape, points: [...pts] };
    case 'ellipse':
      return { ...shape, ...fromEllipsePoints(pts) };
    case 'angle':
      return { ...shape, a: p(0), vertex: p(1), b: p(2) };
    case 'area':
      return shape.outline.type === 'polygon'
        ? { ...shape, outline: { type: 'polygon', points: [...pts] } }
        : { ...shape, outline: { type: 'ellipse', ...fromEllipsePoints(pts) } };
  }
}

/** The shape moved by (dx, dy); an ellipse's radii do not change. */
export function moveShape(shape: Shape, dx: number, dy: number): Shape {
  return withControlPoints(shape, controlPoints(shape).map((q) => ({ x: q.x + dx, y: q.y + dy })));
}

/** Distance from p to the segment ab. */
export function segmentDistance(p: Point, a: Point, b: Point): number {
  const len2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
  if (len2 === 0) return distance(p, a);
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / len2));
  return distance(p, { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
}

const polylineDistance = (p: Point, pts: readonly Point[], closed: boolean): number => {
  let best = Infinity;
  const n = closed ? pts.length : pts.length - 1;
  for (let i = 0; i < n; i++) best = Math.min(best, segmentDistance(p, pts[i]!, pts[(i + 1) % pts.length]!));
  return best;
};

const ellipseDistance = (p: Point, c: Point, rx: number, ry: number): number => {
  // Distance to the outline, approximately: how far the normalised radius is from 1, in pixels.
  const r = Math.hypot((p.x - c.x) / rx, (p.y - c.y) / ry);
  return Math.abs(r - 1) * Math.min(rx, ry);
};

/** How far p is from the shape's drawn outline, in photo pixels. */
export function shapeDistance(shape: Shape, p: Point): number {
  switch (shape.kind) {
    case 'arrow':
    case 'ruler':
      return segmentDistance(p, shape.from, shape.to);
    case 'text':
    case 'lesion':
      return distance(p, shape.at);
    case 'freehand':
      return polylineDistance(p, shape.points, false);
    case 'polygon':
      return polylineDistance(p, shape.points, true);
    case 'rectangle': {
      const { from: a, to: b } = shape;
      return polylineDistance(p, [a, { x: b.x, y: a.y }, b, { x: a.x, y: b.y }], true);
    }
    case 'ellipse':
      return ellipseDistance(p, shape.center, shape.rx, shape.ry);
    case 'angle':
      return polylineDistance(p, [shape.a, shape.vertex, shape.b], false);
    case 'area':
      return shape.outline.type === 'polygon' ? polylineDistance(p, shape.outline.points, true) : ellipseDistance(p, shape.outline.center, shape.outline.rx, shape.outline.ry);
  }
}

/** The top-most shape within `tolerance` pixels of p (later shapes are drawn on top), or null. */
export function hitTest(shapes: readonly Shape[], p: Point, tolerance: number): Shape | null {
  for (let i = shapes.length - 1; i >= 0; i--) if (shapeDistance(shapes[i]!, p) <= tolerance) return shapes[i]!;
  return null;
}
