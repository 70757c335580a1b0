// One annotation shape drawn in SVG over the photo, in the photo's pixel coordinates. Strokes keep
// their screen width whatever the zoom (non-scaling-stroke); text and handles are sized from
// `scale` (photo pixels per screen pixel) so they stay readable on a 24-megapixel photo.
import type { Point, Shape } from '../../../shared/annotations/document';
import { controlPoints } from './geometry';

interface Props {
  readonly shape: Shape;
  readonly scale: number;
  readonly selected: boolean;
  /** A measurement or lesion label drawn beside the shape. */
  readonly label: string | null;
}

const pts = (points: readonly Point[]) => points.map((p) => `${p.x},${p.y}`).join(' ');

function labelAnchor(shape: Shape): Point {
  switch (shape.kind) {
    case 'arrow':
      return shape.from;
    case 'ruler':
      return { x: (shape.from.x + shape.to.x) / 2, y: (shape.from.y + shape.to.y) / 2 };
    case 'angle':
      return shape.vertex;
    case 'area':
      return shape.outline.type === 'polygon' ? shape.outline.points[0]! : { x: shape.outline.center.x + shape.outline.rx, y: shape.outline.center.y };
    case 'lesion':
    case 'text':
      return shape.at;
    default:
      return controlPoints(shape)[0]!;
  }
}

function outline(shape: Shape, scale: number) {
  switch (shape.kind) {
    case 'arrow':
      return <line x1={shape.from.x} y1={shape.from.y} x2={shape.to.x} y2={shape.to.y} markerEnd="url(#annotate-arrowhead)" />;
    case 'ruler':
      return <line x1={shape.from.x} y1={shape.from.y} x2={shape.to.x} y2={shape.to.y} markerStart="url(#annotate-tick)" markerEnd="url(#annotate-tick)" />;
    case 'text':
      return null;
    case 'freehand':
      return <polyline points={pts(shape.points)} />;
    case 'polygon':
      return <polygon points={pts(shape.points)} />;
    case 'ellipse':
      return <ellipse cx={shape.center.x} cy={shape.center.y} rx={shape.rx} ry={shape.ry} />;
    case 'rectangle':
      return (
        <rect
          x={Math.min(shape.from.x, shape.to.x)}
          y={Math.min(shape.from.y, shape.to.y)}
          width={Math.abs(shape.to.x - shape.from.x)}
          height={Math.abs(shape.to.y - shape.from.y)}
        />
      );
    case 'angle':
      return <polyline points={pts([shape.a, shape.vertex, shape.b])} />;
    case 'area':
      return shape.outline.type === 'polygon' ? (
        <polygon className="annotate-shape__area" points={pts(shape.outline.points)} />
      ) : (
        <ellipse className="annotate-shape__area" cx={shape.outline.center.x} cy={shape.outline.center.y} rx={shape.outline.rx} ry={shape.outline.ry} />
      );
    case 'lesion':
      return <circle cx={shape.at.x} cy={shape.at.y} r={10 * scale} />;
  }
}

export function ShapeView({ shape, scale, selected, label }: Props) {
  const anchor = labelAnchor(shape);
  const font = 14 * scale;
  const text = shape.kind === 'text' ? shape.text : label;
  return (
    <g className={`annotate-shape annotate-shape--${shape.kind}${selected ? ' annotate-shape--selected' : ''}`} data-shape-id={shape.id}>
      {outline(shape, scale)}
      {text ? (
        <text className="annotate-shape__label" x={anchor.x + 8 * scale} y={anchor.y + (shape.kind === 'ruler' ? 24 : -8) * scale} fontSize={font} strokeWidth={3 * scale}>
          {text}
        </text>
      ) : null}
      {selected
        ? controlPoints(shape).map((p, i) => <circle key={i} className="annotate-handle" cx={p.x} cy={p.y} r={6 * scale} data-handle={i} />)
        : null}
    </g>
  );
}
