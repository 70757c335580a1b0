// The body map: a front or back silhouette whose regions are buttons (named for screen readers,
// reachable with Tab, pressed with Enter or Space), each mapped to a SNOMED CT site and side. One
// figure at a time, at a zoom level (whole figure, head, trunk, arms, legs) where every offered
// region is at least 32 × 32 px; regions too small at this level are drawn but not offered, and
// zooming in offers them. Sites photographed in this session are marked.
import { useState, type KeyboardEvent } from 'react';
import type { Laterality } from '../../../shared/value-sets/views';
import { useT } from '../i18n';
import { BACK_REGIONS, FRONT_REGIONS, regionBox, type MapRegion } from './body-map-regions';
import { MAP_HEIGHT_PX, ZOOMS, ZOOM_BOXES, isTargetAt, mapWidthPx, zoomFor, type Zoom } from './body-map-zoom';

interface Props {
  readonly selectedCode: string | null;
  readonly selectedLaterality: Laterality | null;
  readonly onPick: (code: string, laterality: Laterality) => void;
  /** `code|laterality` of the sites photographed in this session. */
  readonly photographed?: ReadonlySet<string>;
  readonly disabled?: boolean;
}

// A plain figure outline behind the regions, so the map reads as a body.
const SILHOUETTE =
  'M100 8 C116 8 124 20 124 40 C124 58 116 70 110 72 L110 86 L130 88 C140 90 142 100 142 110 L152 188 L158 218 L140 218 L136 190 L128 140 L126 172 ' +
  'L124 186 L124 254 L122 336 L126 352 L104 352 L102 270 L100 200 L98 270 L96 352 L74 352 L78 336 L76 254 L76 186 L74 172 L72 140 L64 190 L60 218 ' +
  'L42 218 L48 188 L58 110 C58 100 60 90 70 88 L90 86 L90 72 C84 70 76 58 76 40 C76 20 84 8 100 8 Z';

type Face = 'front' | 'back';

/** The region's name in the reader's language: "Left cheek", "Scalp". */
export function useRegionLabel(): (r: MapRegion) => string {
  const t = useT();
  return (r) => {
    if (!r.paired) return t(`bodymap.single.${r.name}`);
    const name = t(`bodymap.pair.${r.name}`);
    return r.laterality === 'left' ? t('bodymap.side.left', { name }) : t('bodymap.side.right', { name });
  };
}

export const isPhotographed = (photographed: ReadonlySet<string> | undefined, r: MapRegion): boolean =>
  !!photographed && (photographed.has(`${r.code}|${r.laterality}`) || (r.paired && photographed.has(`${r.code}|bilateral`)));

export function BodyMap({ selectedCode, selectedLaterality, onPick, photographed, disabled = false }: Props) {
  const t = useT();
  const label = useRegionLabel();
  const [face, setFace] = useState<Face>('front');
  const [zoom, setZoom] = useState<Zoom>('whole');
  const regions = face === 'front' ? FRONT_REGIONS : BACK_REGIONS;
  const [x, y, w, h] = ZOOM_BOXES[zoom];
  const targets = regions.filter((r) => isTargetAt(r, zoom));
  const hidden = regions.filter((r) => !isTargetAt(r, zoom));

  const press = (r: MapRegion) => {
    if (!disabled) onPick(r.code, r.laterality);
  };
  const onKey = (e: KeyboardEvent, r: MapRegion) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      press(r);
    }
  };
  const faceName = t(face === 'front' ? 'bodymap.front' : 'bodymap.back');
  // Patient's sides: on the front the patient's right is on the viewer's left.
  const leftMark = t(face === 'front' ? 'bodymap.rightShort' : 'bodymap.leftShort');
  const rightMark = t(face === 'front' ? 'bodymap.leftShort' : 'bodymap.rightShort');

  return (
    <div className="bodymap">
      <div className="bodymap__bar">
        <div className="bodymap__faces" role="group" aria-label={t('bodymap.faceGroup')}>
          {(['front', 'back'] as const).map((f) => (
            <button key={f} type="button" className="button bodymap__tool" aria-pressed={face === f} onClick={() => setFace(f)}>
              {t(f === 'front' ? 'bodymap.front' : 'bodymap.back')}
            </button>
          ))}
        </div>
        <div className="bodymap__zooms" role="group" aria-label={t('bodymap.zoomGroup')}>
          {ZOOMS.map((z) => (
            <button key={z} type="button" className="button bodymap__tool" aria-pressed={zoom === z} onClick={() => setZoom(z)}>
              {t(`bodymap.zoom.${z}`)}
            </button>
          ))}
        </div>
      </div>
      {/* A drawing of a body, never mirrored: its left is the viewer's left in every language. */}
      <figure className="bodymap__figure" dir="ltr">
        <svg
          viewBox={`${x} ${y} ${w} ${h}`}
          width={mapWidthPx(zoom)}
          height={MAP_HEIGHT_PX}
          role="group"
          aria-label={t('bodymap.mapLabel', { face: faceName, zoom: t(`bodymap.zoom.${zoom}`) })}
          className="bodymap__svg"
        >
          <path d={SILHOUETTE} className="bodymap__outline" aria-hidden="true" />
          <text x={x + 3} y={y + 10 * (h / 360) + 4} className="bodymap__side" aria-hidden="true" fontSize={Math.max(5, h / 22)}>
            {leftMark}
          </text>
          <text x={x + w - 3} y={y + 10 * (h / 360) + 4} className="bodymap__side" textAnchor="end" aria-hidden="true" fontSize={Math.max(5, h / 22)}>
            {rightMark}
          </text>
          {hidden.map((r) => (
            <RegionShape key={r.id} region={r} className="bodymap__small" />
          ))}
          {targets.map((r) => {
            const selected = r.code === selectedCode && r.laterality === selectedLaterality;
            const done = isPhotographed(photographed, r);
            const name = label(r);
            return (
              <g
                key={r.id}
                role="button"
                tabIndex={disabled ? -1 : 0}
                aria-label={done ? t('bodymap.photographedLabel', { name }) : name}
                aria-pressed={selected}
                aria-disabled={disabled || undefined}
                className={`bodymap__region${selected ? ' bodymap__region--selected' : ''}${done ? ' bodymap__region--done' : ''}`}
                onClick={() => press(r)}
                onKeyDown={(e) => onKey(e, r)}
              >
                <title>{name}</title>
                <RegionShape region={r} />
                {done ? <DoneMark region={r} /> : null}
              </g>
            );
          })}
        </svg>
      </figure>
      {zoom === 'whole' ? <p className="bodymap__hint muted">{t('bodymap.zoomHint')}</p> : null}
    </div>
  );
}

function RegionShape({ region, className }: { readonly region: MapRegion; readonly className?: string }) {
  const s = region.shape;
  return s.kind === 'rect' ? <rect className={className} x={s.x} y={s.y} width={s.w} height={s.h} rx={2} /> : <ellipse className={className} cx={s.cx} cy={s.cy} rx={s.rx} ry={s.ry} />;
}

/** A small tick in the region's corner: this site already has a photo in this session. */
function DoneMark({ region }: { readonly region: MapRegion }) {
  const b = regionBox(region.shape);
  const r = Math.min(b.w, b.h) / 5;
  const cx = b.x + b.w - r;
  const cy = b.y + r;
  return (
    <g className="bodymap__done" aria-hidden="true">
      <circle cx={cx} cy={cy} r={r} />
      <path d={`M${cx - r * 0.5} ${cy} L${cx - r * 0.1} ${cy + r * 0.45} L${cx + r * 0.55} ${cy - r * 0.4}`} strokeWidth={r * 0.3} />
    </g>
  );
}

export { zoomFor };
