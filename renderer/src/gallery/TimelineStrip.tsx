// The timeline of one body site, side and view across visits, oldest first: each photo with its
// date, its visit's reason and the interval since the one before ("+84 days"). Photos can be
// picked (up to four) for the compare view (onCompare).
import { useState } from 'react';
import type { Photo } from '../../../shared/domain';
import type { Timeline } from '../../../shared/gallery';
import { PhotoImage } from '../components/PhotoImage';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { viewLabelKey } from './labels';
import { intervalsInDays, localDay } from './timeline-intervals';

interface Props {
  readonly patientId: string;
  /** The photo whose site, side and view the timeline follows. */
  readonly anchor: Photo;
  readonly onOpen: (photo: Photo) => void;
  readonly onCompare?: (photos: readonly Photo[]) => void;
  readonly onClose: () => void;
}

export const MAX_COMPARE = 4;

export function TimelineStrip({ patientId, anchor, onOpen, onCompare, onClose }: Props) {
  const t = useT();
  const f = useFormat();
  const context = anchor.context!;
  const query = useQuery(['photos.timeline', patientId, context.bodySite.code, context.laterality, context.view], (api) =>
    api.photos.timeline({ patientId, bodySiteCode: context.bodySite.code, laterality: context.laterality, view: context.view }),
  );
  const [picked, setPicked] = useState<readonly string[]>([anchor.id]);
  const entries = (query.data as Timeline | undefined)?.entries ?? [];
  const intervals = intervalsInDays(entries.map((e) => e.photo.capturedAt));
  const title = t('timeline.title', { site: context.bodySite.display, side: t(`gallery.side_${context.laterality}`), view: t(viewLabelKey(context.view)) });
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : p.length >= MAX_COMPARE ? p : [...p, id]));

  return (
    <section className="timeline" aria-label={title}>
      <div className="timeline__head">
        <h3>{title}</h3>
        <span className="count">{t('timeline.count', { count: entries.length })}</span>
        {onCompare ? (
          <button type="button" className="button" disabled={picked.length < 2} onClick={() => onCompare(entries.filter((e) => picked.includes(e.photo.id)).map((e) => e.photo))}>
            {t('timeline.compare', { count: picked.length })}
          </button>
        ) : null}
        <button type="button" className="button button--ghost" onClick={onClose}>
          {t('timeline.close')}
        </button>
      </div>
      <CallError error={query.error} />
      {query.data?.truncated ? <p className="muted">{t('timeline.truncated', { count: entries.length })}</p> : null}
      <ol className="timeline__strip">
        {entries.map((entry, i) => (
          <li key={entry.photo.id} className={`timeline__entry${picked.includes(entry.photo.id) ? ' timeline__entry--picked' : ''}`}>
            {intervals[i] !== null ? <span className="timeline__interval">{t('timeline.interval', { days: intervals[i] })}</span> : null}
            <button type="button" className="thumb" aria-label={t('timeline.entryLabel', { date: f.date(localDay(entry.photo.capturedAt)) })} onClick={() => onOpen(entry.photo)}>
              <PhotoImage className="thumb__img" handle={entry.photo.thumbnail.handle} alt="" width={entry.photo.thumbnail.width} height={entry.photo.thumbnail.height} onExpired={() => void query.reload()} />
            </button>
            <span className="timeline__date" dir="auto">
              {f.date(localDay(entry.photo.capturedAt))}
            </span>
            <span className="timeline__visit" dir="auto">
              {entry.encounter ? entry.encounter.reason || t('timeline.visit') : t('gallery.outsideVisit')}
            </span>
            <label className="timeline__pick">
              <input type="checkbox" checked={picked.includes(entry.photo.id)} onChange={() => toggle(entry.photo.id)} />
              <span>{t('timeline.pick')}</span>
            </label>
          </li>
        ))}
      </ol>
    </section>
  );
}
