// The manual fallback of alignment: the person clicks the same detail in the first photo and then
// in the second, three times or more, and the core fits the similarity through the pairs
// (compare.alignManual, stored and audited like an automatic alignment). Both photos are shown
// unaligned, side by side, with the shared zoom so small details can be hit.
import { useState } from 'react';
import type { Alignment } from '../../../shared/channels/compare';
import type { Photo } from '../../../shared/domain';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { CompareLayer } from './CompareLayer';
import { CompareStage } from './CompareStage';
import { placement, placementOf, unplace, type ViewState } from './viewport';

type Point = [number, number];
interface Pair {
  readonly from: Point;
  readonly to?: Point;
}

interface Props {
  readonly first: Photo;
  readonly second: Photo;
  readonly view: ViewState;
  readonly onView: (view: ViewState) => void;
  readonly onDone: (alignment: Alignment) => void;
  readonly onCancel: () => void;
}

const MIN_PAIRS = 3;

export function ManualAlign({ first, second, view, onView, onDone, onCancel }: Props) {
  const t = useT();
  const f = useFormat();
  const [pairs, setPairs] = useState<readonly Pair[]>([]);
  const saving = useSubmit();
  const fitted = placementOf(null, first, second);
  const complete = pairs.filter((p): p is Required<Pair> => p.to !== undefined);
  const waitingForSecond = pairs.length > 0 && pairs[pairs.length - 1]!.to === undefined;
  const inside = (photo: Photo, [x, y]: Point) => x >= 0 && y >= 0 && x <= photo.width && y <= photo.height;

  const pickFirst = (x: number, y: number) => {
    if (waitingForSecond || !inside(first, [x, y])) return;
    setPairs([...pairs, { from: [x, y] }]);
  };
  const pickSecond = (x: number, y: number) => {
    const own = unplace(fitted, x, y);
    if (!waitingForSecond || !inside(second, own)) return;
    setPairs([...pairs.slice(0, -1), { from: pairs[pairs.length - 1]!.from, to: own }]);
  };
  const apply = async () => {
    const result = await saving.run((api) => api.compare.alignManual({ fromPhotoId: first.id, toPhotoId: second.id, pairs: complete.map((p) => ({ from: p.from, to: p.to })) }));
    if (result?.ok) onDone(result.value);
  };
  const markers = (points: ReadonlyArray<Point | undefined>) => (tr: { scale: number; tx: number; ty: number }) =>
    points.map((p, i) =>
      p ? (
        <span key={i} className="compare-marker" style={{ left: tr.tx + p[0] * tr.scale, top: tr.ty + p[1] * tr.scale }} aria-label={t('compare.manual.marker', { number: i + 1 })}>
          {i + 1}
        </span>
      ) : null,
    );
  const placedTo = (p: Point | undefined): Point | undefined => (p ? [fitted[0] * p[0] + fitted[1] * p[1] + fitted[2], fitted[3] * p[0] + fitted[4] * p[1] + fitted[5]] : undefined);

  return (
    <>
      <div className="compare-toolbar">
        <p className="compare-hint">{t('compare.manual.hint')}</p>
        <span role="status">{t('compare.manual.pairs', { count: complete.length })}</span>
        <button type="button" className="button button--secondary" disabled={pairs.length === 0} onClick={() => setPairs(waitingForSecond ? pairs.slice(0, -1) : [...pairs.slice(0, -1), { from: pairs[pairs.length - 1]!.from }])}>
          {t('compare.manual.undo')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('compare.manual.cancel')}
        </button>
        <button type="button" className="button" disabled={complete.length < MIN_PAIRS || saving.pending} onClick={() => void apply()}>
          {t('compare.manual.apply')}
        </button>
      </div>
      {saving.error ? <CallError error={saving.error} /> : null}
      <div className="compare-grid compare-grid--2 compare-grid--picking">
        <CompareStage frame={first} view={view} onView={onView} label={t('compare.photoAlt', { date: f.dateTime(first.capturedAt) })} onPick={pickFirst} overlay={markers(pairs.map((p) => p.from))}>
          {({ scale }) => <CompareLayer photo={first} alt="" screenScale={scale} />}
        </CompareStage>
        <CompareStage frame={first} view={view} onView={onView} label={t('compare.photoAlt', { date: f.dateTime(second.capturedAt) })} onPick={pickSecond} overlay={markers(pairs.map((p) => placedTo(p.to)))}>
          {({ scale }) => (
            <div className="compare-placed" style={{ width: second.width, height: second.height, transform: placement(null, first, second) }}>
              <CompareLayer photo={second} alt="" screenScale={scale * fitted[0]} />
            </div>
          )}
        </CompareStage>
      </div>
    </>
  );
}
