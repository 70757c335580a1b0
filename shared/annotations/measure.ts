// Measurements from shapes and a calibration: lengths, areas and angles with a standard
// uncertainty. Pure, so the editor's labels, the lesion history and the exports all compute the
// same numbers. The uncertainty has two parts, combined in quadrature: the calibration's own
// (its uncertainty in pixels per millimetre, scaled to the measured size) and placing the shape's
// points (PLACEMENT_PX per point, the precision of a click at full resolution). Without a
// calibration a measurement stays in pixels and says so (source `none`).
import type { AreaShape, Calibration, Point, Shape } from './document';

/** One standard uncertainty of placing a point, in photo pixels. */
export const PLACEMENT_PX = 1;

export type MeasureUnit = 'mm' | 'mm2' | 'px' | 'px2' | 'deg';
export type MeasureSource = Calibration['source'] | 'none';
export interface Measurement {
  readonly kind: 'length' | 'area' | 'angle';
  readonly value: number;
  readonly uncertainty: number;
  readonly unit: MeasureUnit;
  readonly source: MeasureSource;
}

export const distance = (a: Point, b: Point): number => Math.hypot(b.x - a.x, b.y - a.y);

/** Shoelace area and perimeter of a closed polygon, in pixels. */
export function polygonArea(points: readonly Point[]): { area: number; perimeter: number } {
  let twice = 0;
  let perimeter = 0;
  points.forEach((p, i) => {
    const q = points[(i + 1) % points.length]!;
    twice += p.x * q.y - q.x * p.y;
    perimeter += distance(p, q);
  });
  return { area: Math.abs(twice) / 2, perimeter };
}

/** Area and (Ramanujan's) perimeter of an ellipse with semi-axes rx, ry. */
export function ellipseArea(rx: number, ry: number): { area: number; perimeter: number } {
  const h = (rx - ry) ** 2 / (rx + ry) ** 2;
  return { area: Math.PI * rx * ry, perimeter: Math.PI * (rx + ry) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h))) };
}

/** A scale's pixels per millimetre from a segment of known length, with the uncertainty of placing its ends. */
export function manualScale(from: Point, to: Point, lengthMm: number): { pxPerMm: number; uncertaintyPxPerMm: number } {
  return { pxPerMm: distance(from, to) / lengthMm, uncertaintyPxPerMm: (Math.SQRT2 * PLACEMENT_PX) / lengthMm };
}

export function measureLength(from: Point, to: Point, calibration: Calibration | null): Measurement {
  const px = distance(from, to);
  const placement = Math.SQRT2 * PLACEMENT_PX;
  if (!calibration) return { kind: 'length', value: px, uncertainty: placement, unit: 'px', source: 'none' };
  const k = calibration.pxPerMm;
  const mm = px / k;
  const fromScale = (mm * calibration.uncertaintyPxPerMm) / k;
  return { kind: 'length', value: mm, uncertainty: Math.hypot(fromScale, placement / k), unit: 'mm', source: calibration.source };
}

export function measureArea(outline: AreaShape['outline'], calibration: Calibration | null): Measurement {
  const { area, perimeter } = outline.type === 'polygon' ? polygonArea(outline.points) : ellipseArea(outline.rx, outline.ry);
  // Moving the outline by one placement step changes the area by about perimeter × step.
  const placement = perimeter * PLACEMENT_PX;
  if (!calibration) return { kind: 'area', value: area, uncertainty: placement, unit: 'px2', source: 'none' };
  const k2 = calibration.pxPerMm ** 2;
  const mm2 = area / k2;
  const fromScale = (2 * mm2 * calibration.uncertaintyPxPerMm) / calibration.pxPerMm;
  return { kind: 'area', value: mm2, uncertainty: Math.hypot(fromScale, placement / k2), unit: 'mm2', source: calibration.source };
}

/** The angle at the vertex in degrees (0–180); a uniform scale does not change an angle. */
export function measureAngle(vertex: Point, a: Point, b: Point): Measurement {
  const la = distance(vertex, a);
  const lb = distance(vertex, b);
  const ang = Math.abs(Math.atan2(a.y - vertex.y, a.x - vertex.x) - Math.atan2(b.y - vertex.y, b.x - vertex.x));
  const degrees = ((ang > Math.PI ? 2 * Math.PI - ang : ang) * 180) / Math.PI;
  // Each ray's direction moves by about placement / length for each of its two points.
  const u = la > 0 && lb > 0 ? (Math.SQRT2 * PLACEMENT_PX * Math.hypot(1 / la, 1 / lb) * 180) / Math.PI : 180;
  return { kind: 'angle', value: degrees, uncertainty: u, unit: 'deg', source: 'none' };
}

/** What a shape measures, if it is a measuring shape (ruler, area, angle). */
export function measureShape(shape: Shape, calibration: Calibration | null): Measurement | null {
  switch (shape.kind) {
    case 'ruler':
      return measureLength(shape.from, shape.to, calibration);
    case 'area':
      return measureArea(shape.outline, calibration);
    case 'angle':
      return measureAngle(shape.vertex, shape.a, shape.b);
    default:
      return null;
  }
}

/**
 * Rounds a value and its uncertainty together: the uncertainty to one significant digit (two when
 * it starts with 1), the value to the same decimal place, so "6.2 ± 0.2", never "6.2374 ± 0.2".
 */
export function roundMeasurement(value: number, uncertainty: number): { value: number; uncertainty: number; decimals: number } {
  if (!(uncertainty > 0)) return { value, uncertainty: 0, decimals: 1 };
  const exponent = Math.floor(Math.log10(uncertainty));
  const leading = uncertainty / 10 ** exponent;
  const digits = leading < 2 ? 2 : 1;
  const decimals = Math.max(0, Math.min(4, digits - 1 - exponent));
  const f = 10 ** decimals;
  return { value: Math.round(value * f) / f, uncertainty: Math.round(uncertainty * f) / f, decimals };
}
