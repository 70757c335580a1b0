// Framing guides over a live view or still preview: a rule-of-thirds grid and a ghost of the
// previous photo of the same site, side and view for this patient, with adjustable opacity, so
// serial photos line up. When the patient has an earlier photo of the site only in another view,
// that photo is offered under its view's name and shown only when asked for (ghost.ts). Absolutely
// positioned: mount it inside any positioned container (the webcam live view, the tethered
// preview, the simulated camera's still preview).
import { useEffect, useId, useRef, useState } from 'react';
import { photoUrl } from '../../../shared/contract';
import { useFormat, useT } from '../i18n';
import { useQuery } from '../data/hooks';
import { chooseGhost } from './ghost';
import { useCaptureStandards } from './store';
import { useViewLabels } from './view-labels';

export function GuidesOverlay({ patientId }: { readonly patientId: string | null }) {
  const t = useT();
  const f = useFormat();
  const labels = useViewLabels();
  const site = useCaptureStandards((s) => s.site);
  const laterality = useCaptureStandards((s) => s.laterality);
  const view = useCaptureStandards((s) => s.view);
  const lastCapture = useCaptureStandards((s) => s.lastCapture);
  const [grid, setGrid] = useState(true);
  const [ghostOn, setGhostOn] = useState(true);
  const [otherViewOn, setOtherViewOn] = useState(false);
  const [opacity, setOpacity] = useState(40);
  const img = useRef<HTMLImageElement>(null);
  const id = useId();

  // A new capture of this site becomes the next ghost, so the last capture is part of the key.
  const key = patientId && site && laterality ? ['standards.previousPhoto', patientId, site.code, laterality, view ?? null, lastCapture?.id ?? null] : null;
  const previous = useQuery(key, (api) => api.standards.previousPhoto({ patientId: patientId!, bodySiteCode: site!.code, laterality: laterality!, ...(view ? { view } : {}) }));
  // Never another site's ghost: nothing is shown while the answer for this one is on its way.
  const choice = chooseGhost(key && !previous.loading ? (previous.data?.photo ?? null) : null, view);
  const candidate = choice.kind === 'none' ? null : choice.photo;
  const shown = choice.kind === 'same-view' ? ghostOn : choice.kind === 'other-view' ? otherViewOn : false;
  const candidateId = candidate?.id ?? null;

  // Each other-view offer starts hidden: the photographer asks for it knowingly, once per photo.
  useEffect(() => setOtherViewOn(false), [candidateId]);

  // Opacity through the CSSOM: the strict CSP forbids inline style attributes.
  useEffect(() => {
    if (img.current) img.current.style.opacity = String(opacity / 100);
  }, [opacity, candidateId, shown]);

  const otherName = choice.kind === 'other-view' ? (choice.view ? labels.view(choice.view) : t('capture.ghost.unknownView')) : '';
  const when = candidate ? f.dateTime(candidate.capturedAt) : '';

  return (
    <div className="guides">
      <div className="guides__layer" aria-hidden={!candidate || !shown}>
        {candidate && shown ? (
          <img
            ref={img}
            className="guides__ghost"
            src={photoUrl(candidate.handle)}
            alt={choice.kind === 'same-view' ? t('capture.ghost.alt', { when }) : t('capture.ghost.altOtherView', { view: otherName, when })}
          />
        ) : null}
        {grid ? (
          <svg className="guides__grid" viewBox="0 0 300 200" preserveAspectRatio="none" aria-hidden="true">
            <path d="M100 0V200M200 0V200M0 66.7H300M0 133.3H300" />
            <path className="guides__center" d="M145 100H155M150 95V105" />
          </svg>
        ) : null}
      </div>
      {/* The stage is left to right (photos are never mirrored); its words follow their own language. */}
      <div className="guides__controls" dir="auto">
        <label>
          <input type="checkbox" checked={grid} onChange={(e) => setGrid(e.target.checked)} /> {t('capture.ghost.grid')}
        </label>
        {choice.kind === 'other-view' ? (
          <label>
            <input type="checkbox" checked={otherViewOn} onChange={(e) => setOtherViewOn(e.target.checked)} /> {t('capture.ghost.showOtherView', { view: otherName })}
          </label>
        ) : (
          <label>
            <input type="checkbox" checked={ghostOn} onChange={(e) => setGhostOn(e.target.checked)} disabled={!candidate} /> {t('capture.ghost.ghost')}
          </label>
        )}
        <label htmlFor={id}>{t('capture.ghost.opacity')}</label>
        <input id={id} type="range" min={0} max={100} step={5} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} disabled={!candidate || !shown} />
        <span className="muted guides__note">
          {choice.kind === 'none'
            ? t('capture.ghost.none')
            : choice.kind === 'same-view'
              ? t('capture.ghost.sameView', { opacity: opacity / 100, when })
              : t('capture.ghost.otherView', { view: otherName, when })}
        </span>
      </div>
    </div>
  );
}
