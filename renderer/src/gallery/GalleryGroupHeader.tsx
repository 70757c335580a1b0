// A group's header row in the grid: a visit with its date and reason, or a body site and side,
// with how many photos it holds.
import { useFormat, useT } from '../i18n';
import { localDay } from './timeline-intervals';
import type { SectionState } from './gallery-sections';

export function GalleryGroupHeader({ section }: { readonly section: SectionState }) {
  const t = useT();
  const f = useFormat();
  const group = section.group;
  if (!group) return null;
  const count = <span className="count">{t('gallery.groupCount', { count: group.count })}</span>;
  if (group.site) {
    const { display, laterality } = group.site;
    return (
      <h3 className="gallery__group">
        <span dir="auto">{display ?? t('gallery.noSite')}</span>
        {laterality ? <span className="gallery__group-side">{t(`gallery.side_${laterality}`)}</span> : null}
        {count}
      </h3>
    );
  }
  return (
    <h3 className="gallery__group">
      {group.encounter ? (
        <>
          <time dateTime={group.encounter.startedAt}>{f.date(localDay(group.encounter.startedAt))}</time>
          {group.encounter.reason ? <span dir="auto">{group.encounter.reason}</span> : <span>{t('timeline.visit')}</span>}
        </>
      ) : (
        <span>{t('gallery.outsideVisit')}</span>
      )}
      {count}
    </h3>
  );
}
