// Colour normalisation in the compare view (issue 10, "Colour"; docs/compare.md): the person clicks
// a grey card (or any neutral or checker patch) in the first photo and the same patch in the
// second, once or more, or a colour checker's four corners in both (its 24 patches: checker.ts),
// which the core can also find by itself (CheckerDetect); the core reads the patches from both
// originals and answers a linear-RGB correction with ΔE2000 before and after. The correction is
// display-only: an SVG colour matrix (computed in linear light, as the core fitted it) over the
// second photo wherever it is drawn.
import { useState } from 'react';
import type { Alignment, ColourCorrection } from '../../../shared/channels/compare';
import type { Photo } from '../../../shared/domain';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { CompareLayer } from './CompareLayer';
import { CompareStage } from './CompareStage';
import { checkerCentres, checkerRadius, type Point as CornerPoint } from './checker';
import { CheckerDetect } from './CheckerDetect';
import { localScale, place, placement, placementOf, unplace, type ViewState } from './viewport';

type Point = [number, number];
interface Pair {
  readonly from: Point;
  readonly to?: Point;
}

/** Half the side of the square read about each click, as a share of the photo's longest side. */
const PATCH_SHARE = 0.008;
const MAX_PATCHES = 24;
const CORNERS = 4;
type PickKind = 'patch' | 'checker';
type Corners = [CornerPoint, CornerPoint, CornerPoint, CornerPoint];

/** The SVG filter that applies the correction; `filterUrl` names it for CSS `filter`. */
export const colourFilterId = (photo: Photo) => `compare-colour-${photo.id}`;
export const filterUrl = (photo: Photo) => `url(#${colourFilterId(photo)})`;

export function ColourFilter({ photo, correction }: { readonly photo: Photo; readonly correction: ColourCorrection }) {
  const [r, g, b] = correction.matrix;
  // feColorMatrix rows are R G B A offset; alpha passes through untouched.
  const values = [...r, 0, 0, ...g, 0, 0, ...b, 0, 0, 0, 0, 0, 1, 0].join(' ');
  return (
    <svg className="compare-colour-defs" width="0" height="0" aria-hidden="true">
      <filter id={colourFilterId(photo)} colorInterpolationFilters="linearRGB">
        <feColorMatrix type="matrix" values={values} />
      </filter>
    </svg>
  );
}

interface PickProps {
  readonly first: Photo;
  readonly second: Photo;
  readonly matrix: Alignment['matrix'] | null;
  readonly view: ViewState;
  readonly onView: (view: ViewState) => void;
  readonly onDone: (correction: ColourCorrection) => void;
  readonly onCancel: () => void;
}

export function ColourPick({ first, second, matrix, view, onView, onDone, onCancel }: PickProps) {
  const t = useT();
  const f = useFormat();
  const [pairs, setPairs] = useState<readonly Pair[]>([]);
  const [kind, setKind] = useState<PickKind>('patch');
  /** Checker patches the detection found covered (a finger, glare) in either photo; none once corners are picked by hand. */
  const [leaveOut, setLeaveOut] = useState<ReadonlySet<number>>(new Set());
  const computing = useSubmit();
  // The second photo is picked where the view draws it: on its alignment when there is one.
  const placed = placementOf(matrix, first, second);
  const complete = pairs.filter((p): p is Required<Pair> => p.to !== undefined);
  const waitingForSecond = pairs.length > 0 && pairs[pairs.length - 1]!.to === undefined;
  const inside = (photo: Photo, [x, y]: Point) => x >= 0 && y >= 0 && x <= photo.width && y <= photo.height;

  const pickFirst = (x: number, y: number) => {
    if (waitingForSecond || complete.length >= (kind === 'checker' ? CORNERS : MAX_PATCHES) || !inside(first, [x, y])) return;
    setLeaveOut(new Set());
    setPairs([...pairs, { from: [x, y] }]);
  };
  const pickSecond = (x: number, y: number) => {
    const own = unplace(placed, x, y);
    if (!waitingForSecond || !inside(second, own)) return;
    setPairs([...pairs.slice(0, -1), { from: pairs[pairs.length - 1]!.from, to: own }]);
  };
  /** The patches to read: the clicks themselves, or the checker's 24 patch centres from its corners. */
  const request = (): { patches: { from: Point; to: Point }[]; radiusPx: number } => {
    if (kind === 'patch') return { patches: complete.map((p) => ({ from: p.from, to: p.to })), radiusPx: Math.max(2, Math.round(PATCH_SHARE * Math.max(first.width, first.height))) };
    const corners = (ps: readonly Point[]): Corners => [ps[0]!, ps[1]!, ps[2]!, ps[3]!];
    const from = corners(complete.map((p) => p.from));
    const to = corners(complete.map((p) => p.to));
    const toCentres = checkerCentres(to);
    const patches = checkerCentres(from).flatMap((p, i) => (leaveOut.has(i) ? [] : [{ from: p, to: toCentres[i]! }]));
    return { patches, radiusPx: Math.max(2, Math.min(checkerRadius(from), checkerRadius(to))) };
  };
  const ready = kind === 'patch' ? complete.length > 0 : complete.length === CORNERS;
  const apply = async () => {
    const { patches, radiusPx } = request();
    const result = await computing.run((api) => api.compare.normaliseColour({ fromPhotoId: first.id, toPhotoId: second.id, patches, radiusPx }));
    if (result?.ok) onDone(result.value);
  };
  const markers = (points: ReadonlyArray<Point | undefined>) => (tr: { scale: number; tx: number; ty: number }) =>
    points.map((p, i) =>
      p ? (
        <span key={i} className="compare-marker compare-marker--patch" style={{ left: tr.tx + p[0] * tr.scale, top: tr.ty + p[1] * tr.scale }} aria-label={t(kind === 'checker' ? 'compare.colour.cornerMarker' : 'compare.colour.marker', { number: i + 1 })}>
          {i + 1}
        </span>
      ) : null,
    );
  const placedTo = (p: Point | undefined): Point | undefined => (p ? place(placed, p[0], p[1]) : undefined);

  return (
    <>
      <div className="compare-toolbar compare-toolbar--colour">
        <div className="compare-option" role="radiogroup" aria-label={t('compare.colour.kind')}>
          {(['patch', 'checker'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={kind === k}
              className={`compare-mode${kind === k ? ' is-active' : ''}`}
              onClick={() => {
                setKind(k);
                setPairs([]);
              }}
            >
              {t(k === 'patch' ? 'compare.colour.kind.patch' : 'compare.colour.kind.checker')}
            </button>
          ))}
        </div>
        <p className="compare-hint">{t(kind === 'patch' ? 'compare.colour.hint' : 'compare.colour.checkerHint')}</p>
        {kind === 'checker' ? (
          <CheckerDetect
            first={first}
            second={second}
            onFound={(corners, covered) => {
              setPairs(corners.map(([from, to]) => ({ from: [from[0], from[1]], to: [to[0], to[1]] })));
              setLeaveOut(covered);
            }}
            onNotFound={() => {
              setPairs([]);
              setLeaveOut(new Set());
            }}
          />
        ) : null}
        <span role="status">{kind === 'patch' ? t('compare.colour.patches', { count: complete.length }) : t('compare.colour.corners', { count: complete.length })}</span>
        <button type="button" className="button button--secondary" disabled={pairs.length === 0} onClick={() => setPairs(waitingForSecond ? pairs.slice(0, -1) : [...pairs.slice(0, -1), { from: pairs[pairs.length - 1]!.from }])}>
          {t('compare.manual.undo')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('compare.manual.cancel')}
        </button>
        <button type="button" className="button" disabled={!ready || computing.pending} onClick={() => void apply()}>
          {computing.pending ? t('compare.colour.computing') : t('compare.colour.apply')}
        </button>
      </div>
      {computing.error ? <CallError error={computing.error} /> : null}
      <div className="compare-grid compare-grid--2 compare-grid--picking">
        <CompareStage frame={first} view={view} onView={onView} label={t('compare.photoAlt', { date: f.dateTime(first.capturedAt) })} onPick={pickFirst} overlay={markers(pairs.map((p) => p.from))}>
          {({ scale }) => <CompareLayer photo={first} alt="" screenScale={scale} />}
        </CompareStage>
        <CompareStage frame={first} view={view} onView={onView} label={t('compare.photoAlt', { date: f.dateTime(second.capturedAt) })} onPick={pickSecond} overlay={markers(pairs.map((p) => placedTo(p.to)))}>
          {({ scale }) => (
            <div className="compare-placed" style={{ width: second.width, height: second.height, transform: placement(matrix, first, second) }}>
              <CompareLayer photo={second} alt="" screenScale={scale * localScale(placed, second.width / 2, second.height / 2)} />
            </div>
          )}
        </CompareStage>
      </div>
    </>
  );
}

interface StatusProps {
  readonly correction: ColourCorrection | null;
  readonly shown: boolean;
  readonly onShown: (shown: boolean) => void;
  readonly onPick: () => void;
  readonly onReset: () => void;
}

/** The toolbar's colour part: ΔE2000 before and after (one decimal), the switch, and pick again. */
export function ColourStatus({ correction, shown, onShown, onPick, onReset }: StatusProps) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="compare-colour">
      {correction ? (
        <>
          <span className="compare-colour__delta" role="status">
            {t('compare.colour.delta', { before: f.number(correction.deltaE.before, 1), after: f.number(correction.deltaE.after, 1), count: correction.patches.length })}
            {correction.unused.length > 0 ? ` ${t('compare.colour.unused', { count: correction.unused.length })}` : null}
          </span>
          <label className="compare-option">
            <input type="checkbox" checked={shown} onChange={(e) => onShown(e.target.checked)} />
            {t('compare.colour.show')}
          </label>
          <button type="button" className="button button--secondary" onClick={onReset}>
            {t('compare.colour.reset')}
          </button>
        </>
      ) : null}
      <button type="button" className="button button--secondary" onClick={onPick}>
        {t('compare.colour.match')}
      </button>
    </div>
  );
}
