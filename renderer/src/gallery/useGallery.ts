// The gallery's data in React: one section store per gallery, reset when the patient, filter or
// grouping changes. The first page of "all photos" is asked at once (the first screenful does not
// wait for the counts); grouped layouts ask the counts first, then each visible group's pages.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { GalleryFilter, GalleryGroups } from '../../../shared/gallery';
import type { BridgeError, Result } from '../../../shared/result';
import { call } from '../app/clinic';
import { createGallerySections, type GallerySections, type SectionSpec } from './gallery-sections';

export type Grouping = 'all' | 'visit' | 'site';

export function useGallerySections(patientId: string): GallerySections {
  const [store] = useState(() =>
    createGallerySections({
      page: (filter, after, limit) => call((api) => api.photos.page({ patientId, filter, limit, ...(after ? { after } : {}) })),
      thumbnails: (photoIds) => call((api) => api.photos.thumbnails({ patientId, photoIds: [...photoIds] })),
    }),
  );
  return store;
}

export interface GalleryCounts {
  readonly total: number | null;
  readonly error: BridgeError | null;
}

/** Lays out the sections for this filter and grouping; returns the total once the counts are in. */
export function useGalleryLayout(store: GallerySections, patientId: string, filter: GalleryFilter, grouping: Grouping, reloadStamp: number): GalleryCounts {
  const [counts, setCounts] = useState<GalleryCounts>({ total: null, error: null });
  const key = JSON.stringify([patientId, filter, grouping, reloadStamp]);
  useEffect(() => {
    let live = true;
    setCounts({ total: null, error: null });
    const ask = (by: 'visit' | 'site'): Promise<Result<GalleryGroups>> => call((api) => api.photos.groups({ patientId, filter, by }));
    if (grouping === 'all') {
      store.reset([{ key: 'all', filter, group: null, count: null }]);
      store.ensure(0, 0);
      void ask('visit').then((r) => {
        if (!live) return;
        if (!r.ok) return setCounts({ total: null, error: r.error });
        store.setCounts(new Map([['all', r.value.total]]));
        setCounts({ total: r.value.total, error: null });
      });
    } else {
      store.reset([]);
      void ask(grouping).then((r) => {
        if (!live) return;
        if (!r.ok) return setCounts({ total: null, error: r.error });
        const specs: SectionSpec[] = r.value.groups.map((g) => ({ key: g.key, filter: g.filter, group: g, count: g.count }));
        store.reset(specs);
        setCounts({ total: r.value.total, error: null });
      });
    }
    return () => {
      live = false;
    };
    // `key` serialises every input (a new filter object with the same fields asks nothing again).
  }, [store, key]);
  return counts;
}

export const useSections = (store: GallerySections) => useSyncExternalStore(store.subscribe, store.getSnapshot);
