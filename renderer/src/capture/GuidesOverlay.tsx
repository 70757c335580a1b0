// Framing guides over a live view or still preview: a rule-of-thirds grid and a ghost of the
// previous photo of the same site and side for this patient, with adjustable opacity, so serial
// photos line up. Absolutely positioned: mount it inside any positioned container (the webcam
// live view, the tethered preview, the simulated camera's still preview).
import { useEffect, useId, useRef, useState } from 'react';
import { photoUrl } from '../../../shared/contract';
import { formatDateTime } from '../app/format';
import { useQuery } from '../data/hooks';
import { useCaptureStandards } from './store';

export function GuidesOverlay({ patientId }: { readonly patientId: string | null }) {
  const site = useCaptureStandards((s) => s.site);
  const laterality = useCaptureStandards((s) => s.laterality);
  const view = useCaptureStandards((s) => s.view);
  const lastCapture = useCaptureStandards((s) => s.lastCapture);
  const [grid, setGrid] = useState(true);
  const [ghostOn, setGhostOn] = useState(true);
  const [opacity, setOpacity] = useState(40);
  const img = useRef<HTMLImageElement>(null);
  const id = useId();

  // A new capture of this site becomes the next ghost, so the last capture is part of the key.
  const key = patientId && site && laterality ? ['standards.previousPhoto', patientId, site.code, laterality, view ?? null, lastCapture?.id ?? null] : null;
  const previous = useQuery(key, (api) => api.standards.previousPhoto({ patientId: patientId!, bodySiteCode: site!.code, laterality: laterality!, ...(view ? { view } : {}) }));
  // Never another site's ghost: nothing is shown while the answer for this one is on its way.
  const ghost = key && !previous.loading ? (previous.data?.photo ?? null) : null;

  // Opacity through the CSSOM: the strict CSP forbids inline style attributes.
  useEffect(() => {
    if (img.current) img.current.style.opacity = String(opacity / 100);
  }, [opacity, ghost, ghostOn]);

  return (
    <div className="guides">
      <div className="guides__layer" aria-hidden={!ghost || !ghostOn}>
        {ghost && ghostOn ? (
          <img ref={img} className="guides__ghost" src={photoUrl(ghost.handle)} alt={`Ghost of the previous photo of this site, ${formatDateTime(ghost.capturedAt)}`} />
        ) : null}
        {grid ? (
          <svg className="guides__grid" viewBox="0 0 300 200" preserveAspectRatio="none" aria-hidden="true">
            <path d="M100 0V200M200 0V200M0 66.7H300M0 133.3H300" />
            <path className="guides__center" d="M145 100H155M150 95V105" />
          </svg>
        ) : null}
      </div>
      <div className="guides__controls">
        <label>
          <input type="checkbox" checked={grid} onChange={(e) => setGrid(e.target.checked)} /> Grid
        </label>
        <label>
          <input type="checkbox" checked={ghostOn} onChange={(e) => setGhostOn(e.target.checked)} disabled={!ghost} /> Ghost
        </label>
        <label htmlFor={id}>Ghost opacity</label>
        <input id={id} type="range" min={0} max={100} step={5} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} disabled={!ghost || !ghostOn} />
        <span className="muted">{ghost ? `${opacity}% · ${formatDateTime(ghost.capturedAt)}` : 'No earlier photo of this site'}</span>
      </div>
    </div>
  );
}
