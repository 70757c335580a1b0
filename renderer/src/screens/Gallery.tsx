// The patient's photos at any scale (issue 10): grouped by visit (with its date and reason), by body
// site, or all newest first; filtered; in a virtual grid that pages photos in from the core as they
// come into view and loads a bounded number of thumbnails at a time. Photos can be picked for the
// timeline of their site and view or for the compare view (onCompare).
// "Usable for" asks the consent gate about the photos on screen and dims those that may not leave.
import { useCallback, useMemo, useState } from 'react';
import { CONSENT_SCOPE_LABELS, CONSENT_SCOPES, type Purpose } from '../../../shared/consent';
import type { Encounter, Photo } from '../../../shared/domain';
import type { GalleryFilter, GalleryGroups } from '../../../shared/gallery';
import { CAPTURE_TEMPLATES } from '../../../shared/value-sets/templates';
import { useAppStore } from '../app/store';
import { useCaptureStandards } from '../capture/store';
import { useConsentStatus, useReleaseCheck } from '../consent/consent-hooks';
import { usableSummary } from '../consent/consent-view';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { GalleryFilters } from '../gallery/GalleryFilters';
import { GalleryGrid } from '../gallery/GalleryGrid';
import { GalleryGroupHeader } from '../gallery/GalleryGroupHeader';
import { GalleryTile } from '../gallery/GalleryTile';
import { TimelineStrip, MAX_COMPARE } from '../gallery/TimelineStrip';
import { createThumbQueue } from '../gallery/thumb-queue';
import { useGalleryLayout, useGallerySections, useSections, type Grouping } from '../gallery/useGallery';
import { format, t as translate, useT } from '../i18n';
import { DeliveryBadge } from './delivery/DeliveryBadge';
import { usePhotoDeliveries } from './delivery/deliveries';
import '../gallery/gallery.css';

/** Thumbnails decoding at once: enough to fill a screen quickly, few enough not to queue the core. */
const THUMBS_IN_FLIGHT = 12;

/** A photo's accessible name (the tile's, and the viewer's title), in the current locale. */
export const photoTitle = (p: Photo): string => translate('gallery.tileLabel', { when: format().dateTime(p.capturedAt), by: p.capturedBy });

interface Props {
  readonly patientId: string;
  readonly encounters: readonly Encounter[];
  readonly onOpen: (photo: Photo) => void;
  /** Opens the compare view with these photos (2 to 4); the gallery hides "Compare" without it. */
  readonly onCompare?: (photos: readonly Photo[]) => void;
  /** Changes when photos were added (a capture): the gallery lays itself out again. */
  readonly reloadStamp: number;
}

export function Gallery({ patientId, encounters, onOpen, onCompare, reloadStamp }: Props) {
  const t = useT();
  const [grouping, setGrouping] = useState<Grouping>('visit');
  const [filter, setFilter] = useState<GalleryFilter>({});
  const [showFilters, setShowFilters] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [timelineOf, setTimelineOf] = useState<Photo | null>(null);
  const [queue] = useState(() => createThumbQueue(THUMBS_IN_FLIGHT));
  const store = useGallerySections(patientId);
  const counts = useGalleryLayout(store, patientId, filter, grouping, reloadStamp);
  const sections = useSections(store);
  const discarded = useCaptureStandards((s) => s.discarded);
  // The body sites for the filter, asked only once the filters are open (a count over every photo).
  const sites = useQuery(showFilters ? ['photos.groups.sites', patientId, reloadStamp] : null, (api) => api.photos.groups({ patientId, by: 'site' }));

  const [visible, setVisible] = useState<readonly Photo[]>([]);
  const visibleIds = useMemo(() => visible.map((p) => p.id), [visible]);
  const { byPhoto } = usePhotoDeliveries(visibleIds);
  const canFilterUse = useAppStore((s) => s.session?.permissions.includes('consent.read') ?? false);
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  const status = useConsentStatus(patientId);
  const release = useReleaseCheck(visibleIds, purpose, status.data ?? null);
  const useLabel = purpose ? CONSENT_SCOPE_LABELS[purpose] : '';

  const loaded = useMemo(() => sections.flatMap((s) => s.photos), [sections]);
  const [anchor, setAnchor] = useState<string | null>(null);
  const toggle = useCallback(
    (photo: Photo, range: boolean) => {
      setSelected((current) => {
        const next = new Set(current);
        const from = anchor ? loaded.findIndex((p) => p.id === anchor) : -1;
        const to = loaded.findIndex((p) => p.id === photo.id);
        if (range && from >= 0 && to >= 0) for (let i = Math.min(from, to); i <= Math.max(from, to); i++) next.add(loaded[i]!.id);
        else if (next.has(photo.id)) next.delete(photo.id);
        else next.add(photo.id);
        return next;
      });
      setAnchor(photo.id);
    },
    [anchor, loaded],
  );
  // Stable, so a gallery tile's memo holds across scroll renders (GalleryTile.tsx).
  const onMissed = useCallback((photo: Photo) => store.handleMissed(photo.id), [store]);
  const selectedPhotos = loaded.filter((p) => selected.has(p.id));
  const single = selectedPhotos.length === 1 ? selectedPhotos[0]! : null;
  const resetKey = JSON.stringify([filter, grouping, reloadStamp]);
  const listLabel = grouping === 'site' ? t('gallery.listBySite') : t('gallery.listNewestFirst');

  return (
    <section className="panel gallery" aria-labelledby="gallery-title">
      <div className="gallery__head">
        <h2 id="gallery-title">
          {t('gallery.title')}
          {counts.total !== null ? <span className="count"> {t('gallery.total', { count: counts.total })}</span> : null}
        </h2>
        <div className="gallery__grouping" role="radiogroup" aria-label={t('gallery.groupBy')}>
          {(['visit', 'site', 'all'] as const).map((g) => (
            <label key={g} className={grouping === g ? 'gallery__chip gallery__chip--on' : 'gallery__chip'}>
              <input type="radio" name={`gallery-grouping-${patientId}`} value={g} checked={grouping === g} onChange={() => setGrouping(g)} />
              {t(`gallery.group_${g}`)}
            </label>
          ))}
        </div>
        <button type="button" className="button button--ghost" aria-expanded={showFilters} aria-controls="gallery-filters" onClick={() => setShowFilters((s) => !s)}>
          {t('gallery.filtersButton', { count: Object.keys(filter).length })}
        </button>
        {canFilterUse ? (
          <div className="gallery__filter">
            <label htmlFor="gallery-usable-for">{t('gallery.usableFor')}</label>
            <select id="gallery-usable-for" value={purpose ?? ''} onChange={(e) => setPurpose(e.target.value === '' ? null : (e.target.value as Purpose))}>
              <option value="">{t('gallery.anyUse')}</option>
              {CONSENT_SCOPES.map((s) => (
                <option key={s} value={s}>
                  {CONSENT_SCOPE_LABELS[s]}
                </option>
              ))}
            </select>
            {purpose && visibleIds.length > 0 ? (
              <span className="gallery__usable" role="status">
                {release.decisions ? usableSummary(t, visibleIds, release.decisions, useLabel) : t('gallery.checkingConsent')}
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      {showFilters ? (
        <div id="gallery-filters">
          <GalleryFilters filter={filter} encounters={encounters} sites={(sites.data as GalleryGroups | undefined)?.groups ?? []} templates={CAPTURE_TEMPLATES} onChange={setFilter} />
        </div>
      ) : null}
      {selected.size > 0 ? (
        <div className="gallery__selection" role="toolbar" aria-label={t('gallery.selectionToolbar')}>
          <span role="status">{t('gallery.selectedCount', { count: selected.size })}</span>
          {onCompare ? (
            <button type="button" className="button" disabled={selected.size < 2 || selected.size > MAX_COMPARE} onClick={() => onCompare(selectedPhotos)}>
              {t('gallery.compareSelected', { count: selected.size })}
            </button>
          ) : null}
          {single?.context ? (
            <button type="button" className="button" onClick={() => setTimelineOf(single)}>
              {t('gallery.showTimeline')}
            </button>
          ) : null}
          <button type="button" className="button button--ghost" onClick={() => setSelected(new Set())}>
            {t('gallery.clearSelection')}
          </button>
        </div>
      ) : null}
      {timelineOf ? <TimelineStrip key={timelineOf.id} patientId={patientId} anchor={timelineOf} onOpen={onOpen} onCompare={onCompare} onClose={() => setTimelineOf(null)} /> : null}
      <CallError error={counts.error ?? (purpose ? release.error : null)} />
      {counts.total === 0 ? (
        <p className="muted">{Object.keys(filter).length > 0 ? t('gallery.noneMatch') : t('gallery.empty')}</p>
      ) : (
        <GalleryGrid
          sections={sections}
          store={store}
          label={listLabel}
          resetKey={resetKey}
          total={counts.total}
          onVisible={setVisible}
          renderHeader={(section) => <GalleryGroupHeader section={section} />}
          renderTile={(photo, position) => {
            if (discarded.has(photo.id)) return <div key={photo.id} className="gallery__item gallery__item--pending" aria-hidden="true" />;
            const refused = release.decisions?.get(photo.id);
            const why = refused && !refused.allowed ? (refused.reason ?? t('gallery.notUsableFor', { use: useLabel })) : null;
            return (
              <GalleryTile
                key={photo.id}
                photo={photo}
                queue={queue}
                position={position}
                setSize={counts.total ?? undefined}
                selected={selected.has(photo.id)}
                unusableWhy={why}
                badge={<DeliveryBadge deliveries={byPhoto.get(photo.id)} />}
                onOpen={onOpen}
                onToggle={toggle}
                onMissed={onMissed}
              />
            );
          }}
        />
      )}
    </section>
  );
}
