// The body map: front and back silhouettes whose regions are buttons (named for screen readers,
// reachable with Tab, pressed with Enter or Space), each mapped to a SNOMED CT site and side.
import type { KeyboardEvent } from 'react';
import type { Laterality } from '../../../shared/value-sets/views';
import { BACK_REGIONS, FRONT_REGIONS, type MapRegion } from './body-map-regions';

interface Props {
  readonly selectedCode: string | null;
  readonly selectedLaterality: Laterality | null;
  readonly onPick: (code: string, laterality: Laterality) => void;
  readonly disabled?: boolean;
}

// A plain figure outline behind the regions, so the map reads as a body.
const SILHOUETTE =
  'M100 8 C116 8 124 20 124 40 C124 58 116 70 110 72 L110 86 L130 88 C140 90 142 100 142 110 L152 188 L158 218 L140 218 L136 190 L128 140 L126 172 ' +
  'L124 186 L124 254 L122 336 L126 352 L104 352 L102 270 L100 200 L98 270 L96 352 L74 352 L78 336 L76 254 L76 186 L74 172 L72 140 L64 190 L60 218 ' +
  'L42 218 L48 188 L58 110 C58 100 60 90 70 88 L90 86 L90 72 C84 70 76 58 76 40 C76 20 84 8 100 8 Z';

function Figure({ title, regions, selectedCode, selectedLaterality, onPick, disabled }: Props & { readonly title: string; readonly regions: readonly MapRegion[] }) {
  const press = (r: MapRegion) => {
    if (!disabled) onPick(r.code, r.laterality);
  };
  const onKey = (e: KeyboardEvent, r: MapRegion) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      press(r);
    }
  };
  return (
    <figure className="body-map__figure">
      <svg viewBox="0 0 200 360" role="group" aria-label={`Body map, ${title.toLowerCase()}`} className="body-map__svg">
        <path d={SILHOUETTE} className="body-map__outline" aria-hidden="true" />
        <text x={14} y={20} className="body-map__side" aria-hidden="true">
          {title === 'Front' ? 'R' : 'L'}
        </text>
        <text x={178} y={20} className="body-map__side" aria-hidden="true">
          {title === 'Front' ? 'L' : 'R'}
        </text>
        {regions.map((r) => {
          const selected = r.code === selectedCode && r.laterality === selectedLaterality;
          return (
            <g
              key={r.id}
              role="button"
              tabIndex={disabled ? -1 : 0}
              aria-label={r.label}
              aria-pressed={selected}
              aria-disabled={disabled || undefined}
              className={`body-map__region${selected ? ' body-map__region--selected' : ''}`}
              onClick={() => press(r)}
              onKeyDown={(e) => onKey(e, r)}
            >
              <title>{r.label}</title>
              {r.shape.kind === 'rect' ? (
                <rect x={r.shape.x} y={r.shape.y} width={r.shape.w} height={r.shape.h} rx={3} />
              ) : (
                <ellipse cx={r.shape.cx} cy={r.shape.cy} rx={r.shape.rx} ry={r.shape.ry} />
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

export function BodyMap(props: Props) {
  return (
    <div className="body-map">
      <Figure {...props} title="Front" regions={FRONT_REGIONS} />
      <Figure {...props} title="Back" regions={BACK_REGIONS} />
    </div>
  );
}
