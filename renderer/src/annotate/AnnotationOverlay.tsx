// A photo's current annotations drawn over it, read only, with a switch per layer: for the viewer
// and the compare view. The SVG has the photo's size as its viewBox and the same centring as the
// photo (contain), so it lies exactly over an image that fills the same box. `transform` (SVG, in
// the photo's pixels) places the shapes on an aligned photo in the compare view; `svgTransform`
// (CSS, on the whole SVG) does it where SVG's affine transform cannot: a homography's perspective.
import { useState } from 'react';
import type { Shape } from '../../../shared/annotations/document';
import { measureShape } from '../../../shared/annotations/measure';
import { useQuery } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { measurementText } from './measure-label';
import { useSavedCount } from './saved-signal';
import { ShapeView } from './ShapeView';
import './annotate.css';

interface Props {
  readonly photoId: string;
  readonly width: number;
  readonly height: number;
  readonly transform?: string;
  readonly svgTransform?: string;
}

export function AnnotationOverlay({ photoId, width, height, transform, svgTransform }: Props) {
  const t = useT();
  const f = useFormat();
  const saved = useSavedCount(photoId);
  const loaded = useQuery(['annotations.get', photoId, 'overlay', saved], (api) => api.annotations.get({ photoId }));
  const lesions = useQuery(['annotations.listLesions', photoId, 'overlay', saved], (api) => api.annotations.listLesions({ photoId }));
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const doc = loaded.data?.document;
  if (!doc || doc.layers.every((l) => l.shapes.length === 0)) return null;
  const scale = Math.max(width, height) / 900;
  const labelOf = (shape: Shape): string | null => {
    if (shape.kind === 'lesion') {
      const l = lesions.data?.find((x) => x.id === shape.lesionId);
      return l ? t('annotate.lesionName', { number: l.number, label: l.label }) : t('annotate.lesion');
    }
    if (shape.kind === 'arrow') return shape.label ?? null;
    const m = measureShape(shape, doc.calibration);
    return m ? measurementText(m, t, f) : null;
  };
  return (
    <div className="annotation-overlay" dir="ltr">
      <svg className="annotation-overlay__svg" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true" style={svgTransform ? { transform: svgTransform, transformOrigin: '0 0' } : undefined}>
        <defs>
          <marker id="annotate-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="annotate-marker" />
          </marker>
          <marker id="annotate-tick" viewBox="0 0 2 10" refX="1" refY="5" markerWidth="2" markerHeight="10" orient="auto">
            <rect width="2" height="10" className="annotate-marker" />
          </marker>
        </defs>
        <g transform={transform}>
          {doc.layers
            .filter((l) => !hidden.has(l.id))
            .flatMap((l) => l.shapes)
            .map((shape) => (
              <ShapeView key={shape.id} shape={shape} scale={scale} selected={false} label={labelOf(shape)} />
            ))}
        </g>
      </svg>
      <fieldset className="annotation-overlay__layers" dir="auto">
        <legend>{t('annotate.overlayLayers', { version: loaded.data?.version ?? 0 })}</legend>
        {doc.layers.map((l) => (
          <label key={l.id}>
            <input type="checkbox" checked={!hidden.has(l.id)} onChange={() => setHidden((h) => (h.has(l.id) ? new Set([...h].filter((x) => x !== l.id)) : new Set([...h, l.id])))} />
            {t('annotate.layerShow', { name: l.name })}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
