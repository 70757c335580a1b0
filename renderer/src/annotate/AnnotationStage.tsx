// The drawing surface: the photo as an SVG image with the shapes over it, both in the photo's
// upright pixel space (viewBox = the photo's size), so what is drawn is stored exactly where it
// lies on the photo whatever the window size. Pointer input becomes photo coordinates through the
// SVG's screen matrix. The stage is always left-to-right: a photo is never mirrored.
import { useRef, useState, type PointerEvent } from 'react';
import type { AnnotationDocument, Point, Shape } from '../../../shared/annotations/document';
import { distance } from '../../../shared/annotations/measure';
import { photoUrl } from '../../../shared/contract';
import { useT } from '../i18n';
import { findShape } from './editor-model';
import { controlPoints, hitTest, moveShape, withControlPoints } from './geometry';
import { ShapeView } from './ShapeView';
import { CLICK_TOOLS, DRAG_TOOLS, type Tool } from './tools';

export interface Draft {
  readonly tool: Tool;
  readonly points: readonly Point[];
}

interface Props {
  readonly handle: string;
  readonly width: number;
  readonly height: number;
  readonly doc: AnnotationDocument;
  readonly hiddenLayers: ReadonlySet<string>;
  readonly tool: Tool;
  readonly readOnly: boolean;
  readonly selectedId: string | null;
  readonly draft: Draft | null;
  readonly labelOf: (shape: Shape) => string | null;
  readonly onDraft: (draft: Draft | null) => void;
  /** A drag or click-tool draft that is complete: the editor turns it into a shape. */
  readonly onFinish: (draft: Draft) => void;
  readonly onSelect: (id: string | null) => void;
  /** A shape moved or reshaped by the select tool. */
  readonly onChange: (shape: Shape) => void;
  readonly onImageError: () => void;
}

type Drag = { readonly kind: 'move' | 'handle'; readonly original: Shape; readonly start: Point; readonly handle: number };

export function AnnotationStage(props: Props) {
  const t = useT();
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [preview, setPreview] = useState<Shape | null>(null);
  const { doc, width, height, draft } = props;

  const scale = (): number => (svg.current && svg.current.clientWidth > 0 ? Math.max(width / svg.current.clientWidth, height / svg.current.clientHeight) : 1);
  const toPhoto = (e: PointerEvent): Point => {
    const el = svg.current!;
    const matrix = el.getScreenCTM()!.inverse();
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix);
    return { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
  };
  const visible = doc.layers.filter((l) => !props.hiddenLayers.has(l.id)).flatMap((l) => l.shapes);

  const down = (e: PointerEvent<SVGSVGElement>) => {
    if (props.readOnly || e.button !== 0) return;
    const p = toPhoto(e);
    const tolerance = 8 * scale();
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    if (props.tool === 'select') {
      const selected = findShape(doc, props.selectedId);
      const handle = selected ? controlPoints(selected).findIndex((q) => distance(q, p) <= tolerance) : -1;
      if (selected && handle >= 0) return setDrag({ kind: 'handle', original: selected, start: p, handle });
      const hit = hitTest(visible, p, tolerance);
      props.onSelect(hit?.id ?? null);
      if (hit) setDrag({ kind: 'move', original: hit, start: p, handle: -1 });
      return;
    }
    if (DRAG_TOOLS.has(props.tool) || props.tool === 'freehand') return props.onDraft({ tool: props.tool, points: [p, p] });
    if (CLICK_TOOLS.has(props.tool)) {
      const points = [...(draft?.tool === props.tool ? draft.points : []), p];
      const next = { tool: props.tool, points };
      if (props.tool === 'angle' && points.length === 3) {
        props.onDraft(null);
        return props.onFinish(next);
      }
      return props.onDraft(next);
    }
    // Text and lesion markers are placed with one click.
    props.onFinish({ tool: props.tool, points: [p] });
  };

  const move = (e: PointerEvent<SVGSVGElement>) => {
    if (props.readOnly) return;
    const p = toPhoto(e);
    if (drag) {
      const shape =
        drag.kind === 'move'
          ? moveShape(drag.original, p.x - drag.start.x, p.y - drag.start.y)
          : withControlPoints(drag.original, controlPoints(drag.original).map((q, i) => (i === drag.handle ? p : q)));
      return setPreview(shape);
    }
    if (!draft || !(e.buttons & 1)) return;
    if (draft.tool === 'freehand') {
      const last = draft.points.at(-1)!;
      // One point per few screen pixels: smooth enough, and a stroke stays far below the schema's cap.
      if (distance(last, p) >= 3 * scale()) props.onDraft({ ...draft, points: [...draft.points, p] });
    } else if (DRAG_TOOLS.has(draft.tool)) props.onDraft({ ...draft, points: [draft.points[0]!, p] });
  };

  const up = () => {
    if (drag) {
      if (preview) props.onChange(preview);
      setDrag(null);
      setPreview(null);
      return;
    }
    if (draft && (DRAG_TOOLS.has(draft.tool) || draft.tool === 'freehand')) {
      props.onDraft(draft.tool === 'calibrate' ? draft : null);
      const [a, b] = [draft.points[0]!, draft.points.at(-1)!];
      if (draft.tool === 'freehand' ? draft.points.length > 2 : distance(a, b) >= 2 * scale()) props.onFinish(draft);
    }
  };

  const finishPolygon = () => {
    if (draft && CLICK_TOOLS.has(draft.tool) && draft.tool !== 'angle' && draft.points.length >= 3) {
      props.onDraft(null);
      props.onFinish(draft);
    }
  };

  const s = scale();
  return (
    <div className="annotate-stage" dir="ltr">
      <svg
        ref={svg}
        className={`annotate-stage__svg annotate-stage__svg--${props.tool}`}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label={t('annotate.stage')}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onDoubleClick={finishPolygon}
      >
        <defs>
          <marker id="annotate-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="annotate-marker" />
          </marker>
          <marker id="annotate-tick" viewBox="0 0 2 10" refX="1" refY="5" markerWidth="2" markerHeight="10" orient="auto">
            <rect width="2" height="10" className="annotate-marker" />
          </marker>
        </defs>
        <image href={photoUrl(props.handle)} width={width} height={height} onError={props.onImageError} />
        {visible.map((shape) => {
          const shown = preview && preview.id === shape.id ? preview : shape;
          return <ShapeView key={shape.id} shape={shown} scale={s} selected={shape.id === props.selectedId} label={props.labelOf(shown)} />;
        })}
        {doc.calibration ? (
          // Where the scale was read: the segment drawn by hand, or the detected ruler's first and last tick.
          <line className="annotate-calibration-line" x1={doc.calibration.from.x} y1={doc.calibration.from.y} x2={doc.calibration.to.x} y2={doc.calibration.to.y} />
        ) : null}
        {draft ? <DraftView draft={draft} /> : null}
      </svg>
    </div>
  );
}

function DraftView({ draft }: { readonly draft: Draft }) {
  const [a, b] = [draft.points[0]!, draft.points.at(-1)!];
  if (draft.tool === 'ellipse' || draft.tool === 'areaEllipse') {
    return <ellipse className="annotate-draft" cx={(a.x + b.x) / 2} cy={(a.y + b.y) / 2} rx={Math.abs(b.x - a.x) / 2} ry={Math.abs(b.y - a.y) / 2} />;
  }
  if (draft.tool === 'rectangle') return <rect className="annotate-draft" x={Math.min(a.x, b.x)} y={Math.min(a.y, b.y)} width={Math.abs(b.x - a.x)} height={Math.abs(b.y - a.y)} />;
  return <polyline className={`annotate-draft${draft.tool === 'calibrate' ? ' annotate-draft--calibrate' : ''}`} points={draft.points.map((p) => `${p.x},${p.y}`).join(' ')} />;
}
