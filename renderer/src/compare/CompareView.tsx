// The compare view (issue 10): up to four photos of one patient in a grid; two in side by side,
// slider/wipe, overlay, flicker and difference modes, all sharing one zoom and pan. A later photo
// is placed on the earliest one by its stored alignment (for a pair shown with its quality) or,
// until aligned, fitted in the same frame. Each photo's date, site and view, and the interval, are always shown.
// Each photo's current annotations follow it (CompareAnnotations); the second photo's colour can be
// matched to the first by picked patches, display-only (ColourMatch).
import { useEffect, useState } from 'react';
import type { Alignment, ColourCorrection } from '../../../shared/channels/compare';
import type { Photo } from '../../../shared/domain';
import { siteLabel } from '../capture/PhotoMetadata';
import { Dialog } from '../components/Dialog';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit } from '../data/hooks';
import { useFormat, useT, type MessageId } from '../i18n';
import { ColourFilter, ColourPick, ColourStatus, filterUrl } from './ColourMatch';
import { CompareAnnotations } from './CompareAnnotations';
import { CompareLayer } from './CompareLayer';
import { CompareStage } from './CompareStage';
import { ExportComparison } from './ExportComparison';
import { ManualAlign } from './ManualAlign';
import { initialView, localScale, placement, placementOf, type Frame, type ViewState } from './viewport';
import { WipeHandle } from './WipeHandle';
import './compare.css';

export const MODES = ['sideBySide', 'slider', 'overlay', 'flicker', 'difference'] as const;
export type CompareMode = (typeof MODES)[number];
const MAX_PHOTOS = 4;
const DAY_MS = 86_400_000;

interface Props {
  readonly photos: readonly Photo[];
  readonly patientLabel: string;
  readonly onClose: () => void;
  readonly initialMode?: CompareMode;
}

/**
 * The scale a placement applies (the alignment's, or the fit's), for choosing rendition or original:
 * under a homography it varies across the photo, so the largest at its corners.
 */
function placedScale(matrix: Alignment['matrix'] | null, first: Photo, second: Photo): number {
  const p = placementOf(matrix, first, second);
  return Math.max(...[0, second.width].flatMap((x) => [0, second.height].map((y) => localScale(p, x, y))));
}

export function CompareView({ photos: given, patientLabel, onClose, initialMode = 'sideBySide' }: Props) {
  const t = useT();
  const f = useFormat();
  const photos = [...given].sort((a, b) => a.capturedAt.localeCompare(b.capturedAt)).slice(0, MAX_PHOTOS);
  const first = photos[0]!;
  const second = photos[1];
  const pair = photos.length === 2 && second !== undefined;
  const [mode, setMode] = useState<CompareMode>(initialMode);
  const [view, setView] = useState<ViewState>(() => initialView(first));
  const [wipe, setWipe] = useState<{ axis: 'vertical' | 'horizontal'; at: number }>({ axis: 'vertical', at: 0.5 });
  const [opacity, setOpacity] = useState(50);
  const [rate, setRate] = useState(2);
  const [flickerSecond, setFlickerSecond] = useState(false);
  const [picking, setPicking] = useState(false);
  const [matchingColour, setMatchingColour] = useState(false);
  const [colour, setColour] = useState<ColourCorrection | null>(null);
  const [colourShown, setColourShown] = useState(true);

  const stored = useQuery(pair ? ['compare.alignment', first.id, second.id] : null, (api) => api.compare.alignment({ fromPhotoId: first.id, toPhotoId: second!.id }));
  const aligning = useSubmit();
  const alignment = stored.data ?? null;
  const matrix = alignment?.matrix ?? null;
  // In the grid, each later photo sits on its own newest alignment onto the first, as the export draws it.
  const gridAligned = useQuery(pair ? null : ['compare.gridAlignments', ...photos.map((p) => p.id)], async (api) => {
    const answers = await Promise.all(photos.slice(1).map((p) => api.compare.alignment({ fromPhotoId: first.id, toPhotoId: p.id })));
    const failed = answers.find((a) => !a.ok);
    return failed && !failed.ok ? failed : { ok: true as const, value: answers.map((a) => (a.ok ? a.value : null)) };
  });
  /** The stored alignment that places a later photo in the first one's frame (null: fitted). */
  const matrixOf = (photo: Photo) => (photo === first ? null : pair ? (photo === second ? matrix : null) : (gridAligned.data?.[photos.indexOf(photo) - 1]?.matrix ?? null));
  const effectiveMode: CompareMode = mode === 'difference' && !alignment ? 'overlay' : mode;
  /** The display-only colour correction, on the second photo only, while switched on. */
  const filterFor = (photo: Photo) => (second && photo === second && colour && colourShown ? filterUrl(second) : undefined);
  /** Where a photo sits in the first one's frame (for its annotations): its alignment for the second, else the fit. */
  const placeOf = (photo: Photo) => (photo === first ? null : placementOf(matrixOf(photo), first, photo));
  const annotationsOf = (photo: Photo, tr: { scale: number; tx: number; ty: number; frame: Frame }, side: 'start' | 'end') => (
    <CompareAnnotations key={`annotations-${photo.id}`} photo={photo} stage={tr} place={placeOf(photo)} side={side} />
  );

  useEffect(() => {
    if (effectiveMode !== 'flicker') return;
    const timer = window.setInterval(() => setFlickerSecond((s) => !s), 1000 / rate);
    return () => window.clearInterval(timer);
  }, [effectiveMode, rate]);

  const describe = (photo: Photo) => {
    const days = Math.round((Date.parse(photo.capturedAt) - Date.parse(first.capturedAt)) / DAY_MS);
    return (
      <>
        <span className="compare-label__date">{f.dateTime(photo.capturedAt)}</span>
        <span className="compare-label__site">{siteLabel(photo) ?? t('compare.noSite')}</span>
        {photo !== first ? <span className="compare-label__interval">{t('compare.interval', { interval: f.days(days) })}</span> : null}
      </>
    );
  };
  const alt = (photo: Photo) => t('compare.photoAlt', { date: f.dateTime(photo.capturedAt) });

  const align = async () => {
    if (!second) return;
    const result = await aligning.run((api) => api.compare.align({ fromPhotoId: first.id, toPhotoId: second.id }));
    if (result?.ok) stored.set(result.value);
  };

  /** The second photo placed in the first one's frame, with the mode's clip, opacity or blend. */
  const placedSecond = (scale: number, className: string) =>
    second ? (
      <div className={`compare-second ${className}`} style={effectiveMode === 'overlay' ? { opacity: opacity / 100 } : wipeClip()}>
        <div className="compare-placed" style={{ width: second.width, height: second.height, transform: placement(matrix, first, second) }}>
          <CompareLayer photo={second} alt={alt(second)} screenScale={scale * placedScale(matrix, first, second)} filter={filterFor(second)} />
        </div>
      </div>
    ) : null;
  const wipeClip = () => (effectiveMode !== 'slider' ? undefined : { clipPath: wipe.axis === 'vertical' ? `inset(0 0 0 ${wipe.at * 100}%)` : `inset(${wipe.at * 100}% 0 0 0)` });

  const stageFor = (photo: Photo, key: string) => (
    <CompareStage key={key} frame={first} view={view} onView={setView} label={alt(photo)} caption={<span className="compare-label">{describe(photo)}</span>} overlay={(tr) => annotationsOf(photo, tr, 'start')}>
      {({ scale }) =>
        photo === first ? (
          <CompareLayer photo={first} alt={alt(first)} screenScale={scale} />
        ) : (
          <div className="compare-placed" style={{ width: photo.width, height: photo.height, transform: placement(matrixOf(photo), first, photo) }}>
            <CompareLayer photo={photo} alt={alt(photo)} screenScale={scale * placedScale(matrixOf(photo), first, photo)} filter={filterFor(photo)} />
          </div>
        )
      }
    </CompareStage>
  );

  const legend = (
    <p className="compare-legend">
      {photos.map((p, i) => (
        <span key={p.id} className={`compare-label compare-label--${i === 0 ? 'first' : 'second'}`}>
          {describe(p)}
        </span>
      ))}
    </p>
  );

  return (
    <Dialog title={t('compare.title')} subtitle={<p className="dialog__subtitle">{patientLabel}</p>} onClose={onClose} className="dialog--viewer dialog--compare">
      <div className="compare">
        {second && colour ? <ColourFilter photo={second} correction={colour} /> : null}
        {pair && matchingColour ? (
          <ColourPick
            first={first}
            second={second}
            matrix={matrix}
            view={view}
            onView={setView}
            onCancel={() => setMatchingColour(false)}
            onDone={(made) => {
              setColour(made);
              setColourShown(true);
              setMatchingColour(false);
            }}
          />
        ) : pair && picking ? (
          <ManualAlign
            first={first}
            second={second}
            view={view}
            onView={setView}
            onCancel={() => setPicking(false)}
            onDone={(made) => {
              stored.set(made);
              setPicking(false);
            }}
          />
        ) : pair ? (
          <div className="compare-toolbar">
            <div className="compare-modes" role="radiogroup" aria-label={t('compare.modes')}>
              {MODES.map((m) => (
                <button
                  key={m}
                  type="button"
                  role="radio"
                  aria-checked={effectiveMode === m}
                  className={`compare-mode${effectiveMode === m ? ' is-active' : ''}`}
                  disabled={m === 'difference' && !alignment}
                  title={m === 'difference' && !alignment ? t('compare.differenceNeedsAlignment') : undefined}
                  onClick={() => setMode(m)}
                >
                  {t(`compare.mode.${m}` as MessageId)}
                </button>
              ))}
            </div>
            {effectiveMode === 'slider' ? (
              <div className="compare-option" role="radiogroup" aria-label={t('compare.wipe.position')}>
                {(['vertical', 'horizontal'] as const).map((axis) => (
                  <button key={axis} type="button" role="radio" aria-checked={wipe.axis === axis} className={`compare-mode${wipe.axis === axis ? ' is-active' : ''}`} onClick={() => setWipe({ axis, at: wipe.at })}>
                    {t(`compare.wipe.${axis}`)}
                  </button>
                ))}
              </div>
            ) : null}
            {effectiveMode === 'overlay' ? (
              <label className="compare-option">
                {t('compare.opacity')}
                <input type="range" min={0} max={100} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
              </label>
            ) : null}
            {effectiveMode === 'flicker' ? (
              <label className="compare-option">
                {t('compare.rate')}
                <input type="range" min={1} max={8} value={rate} onChange={(e) => setRate(Number(e.target.value))} />
                <output>{t('compare.rateValue', { rate })}</output>
              </label>
            ) : null}
            <div className="compare-alignment" role="status">
              {alignment ? (
                <span className="compare-alignment__quality">
                  {t(alignment.method === 'manual' ? 'compare.alignedManual' : alignment.model === 'homography' ? 'viewer.alignedPerspective' : 'compare.aligned', { inliers: alignment.inliers, rms: f.number(alignment.rmsPx, 1) })}
                </span>
              ) : (
                <span>{t('compare.notAligned')}</span>
              )}
              <button type="button" className="button button--secondary" disabled={aligning.pending} onClick={() => void align()}>
                {aligning.pending ? t('compare.aligning') : t('compare.align')}
              </button>
              <button type="button" className="button button--secondary" disabled={aligning.pending} onClick={() => setPicking(true)}>
                {t('compare.manual')}
              </button>
            </div>
            <ColourStatus correction={colour} shown={colourShown} onShown={setColourShown} onPick={() => setMatchingColour(true)} onReset={() => setColour(null)} />
            <ExportComparison photos={photos} viewMode={effectiveMode} wipeAt={wipe.at} />
          </div>
        ) : (
          <div className="compare-toolbar">
            <p className="compare-hint">{t('compare.gridHint')}</p>
            <ExportComparison photos={photos} viewMode="grid" wipeAt={wipe.at} />
          </div>
        )}
        {aligning.error ? <CallError error={aligning.error} /> : null}
        {stored.error ? <CallError error={stored.error} /> : null}
        {gridAligned.error ? <CallError error={gridAligned.error} /> : null}

        {pair && (picking || matchingColour) ? null : !pair ? (
          <div className={`compare-grid compare-grid--${photos.length}`}>{photos.map((p) => stageFor(p, p.id))}</div>
        ) : effectiveMode === 'sideBySide' ? (
          <div className="compare-grid compare-grid--2">
            {stageFor(first, 'first')}
            {stageFor(second, 'second')}
          </div>
        ) : (
          <div className="compare-single">
            <CompareStage
              frame={first}
              view={view}
              onView={setView}
              label={t('compare.stage')}
              caption={legend}
              overlay={(tr) => (
                <>
                  {annotationsOf(first, tr, 'start')}
                  {annotationsOf(second, tr, 'end')}
                  {effectiveMode === 'slider' ? <WipeHandle axis={wipe.axis} at={wipe.at} onChange={(at) => setWipe({ axis: wipe.axis, at })} transform={tr} /> : null}
                </>
              )}
            >
              {({ scale }) => (
                <>
                  <div className={`compare-first${effectiveMode === 'flicker' && flickerSecond ? ' is-hidden' : ''}`}>
                    <CompareLayer photo={first} alt={alt(first)} screenScale={scale} />
                  </div>
                  {placedSecond(scale, effectiveMode === 'difference' ? 'is-difference' : effectiveMode === 'flicker' && !flickerSecond ? 'is-hidden' : '')}
                </>
              )}
            </CompareStage>
          </div>
        )}
      </div>
    </Dialog>
  );
}
