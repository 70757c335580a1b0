// The gallery's data without React: sections (one per visit or body site, or one for all photos),
// each paged through the core by cursor as the viewport needs its photos. One page request in
// flight per section; answers for an older layout (the filter or grouping changed) are dropped.
// A tile whose handle missed is refreshed by itself, batched with the other misses of the moment.
import type { Photo } from '../../../shared/domain';
import type { GalleryCursor, GalleryFilter, GalleryGroup, GalleryPage } from '../../../shared/gallery';
import { GALLERY_PAGE_MAX } from '../../../shared/gallery';
import type { Result } from '../../../shared/result';

export interface SectionSpec {
  readonly key: string;
  readonly filter: GalleryFilter;
  /** The group it shows (null: one section for all photos, without a header). */
  readonly group: GalleryGroup | null;
  /** Known total, or null until the counts arrive. */
  readonly count: number | null;
}

export interface SectionState extends SectionSpec {
  readonly photos: readonly Photo[];
  readonly next: GalleryCursor | null;
  readonly done: boolean;
  readonly loading: boolean;
  readonly error: string | null;
}

export interface GallerySource {
  page(filter: GalleryFilter, after: GalleryCursor | undefined, limit: number): Promise<Result<GalleryPage>>;
  thumbnails(photoIds: readonly string[]): Promise<Result<{ thumbnails: Array<{ photoId: string; handle: string }> }>>;
}

/** The first page is small so the first screenful comes fast; later pages are bigger. */
export const FIRST_PAGE = 48;
export const NEXT_PAGE = 240;

export interface GallerySections {
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly SectionState[];
  /** Replaces the sections (new filter or grouping); keeps nothing of the old ones. */
  reset(specs: readonly SectionSpec[]): void;
  /** Sets the known totals (the counts arrived after the first page). */
  setCounts(counts: ReadonlyMap<string, number>): void;
  /** Fetches pages of section `index` until tile `upTo` is loaded or the section ends. */
  ensure(index: number, upTo: number): void;
  /** A tile's image failed: ask for a fresh handle for it (batched); false if it was already asked. */
  handleMissed(photoId: string): boolean;
}

export function createGallerySections(source: GallerySource, options: { batchMs?: number; setTimer?: (run: () => void, ms: number) => void } = {}): GallerySections {
  let sections: SectionState[] = [];
  let generation = 0;
  const listeners = new Set<() => void>();
  const missed = new Set<string>();
  const refreshed = new Set<string>();
  let batchTimer = false;
  const setTimer = options.setTimer ?? ((run, ms) => void setTimeout(run, ms));

  const emit = () => {
    for (const l of listeners) l();
  };
  const update = (index: number, edit: (s: SectionState) => SectionState) => {
    sections = sections.map((s, i) => (i === index ? edit(s) : s));
    emit();
  };

  const load = async (index: number, upTo: number) => {
    const mine = generation;
    const section = sections[index];
    if (!section || section.loading || section.done || section.photos.length > upTo) return;
    update(index, (s) => ({ ...s, loading: true, error: null }));
    const first = section.photos.length === 0;
    const limit = first ? Math.max(FIRST_PAGE, Math.min(GALLERY_PAGE_MAX, upTo + 1)) : Math.min(GALLERY_PAGE_MAX, Math.max(NEXT_PAGE, upTo + 1 - section.photos.length));
    const result = await source.page(section.filter, section.next ?? undefined, limit);
    if (mine !== generation) return;
    if (!result.ok) {
      update(index, (s) => ({ ...s, loading: false, error: result.error.code }));
      return;
    }
    update(index, (s) => ({ ...s, loading: false, photos: [...s.photos, ...result.value.photos], next: result.value.next, done: result.value.next === null }));
    const now = sections[index]!;
    if (!now.done && now.photos.length <= upTo) void load(index, upTo);
  };

  const flushMisses = async () => {
    batchTimer = false;
    const mine = generation;
    const ids = [...missed].slice(0, 200);
    for (const id of ids) missed.delete(id);
    if (missed.size > 0) scheduleMisses();
    if (ids.length === 0) return;
    const result = await source.thumbnails(ids);
    if (!result.ok || mine !== generation) return;
    const fresh = new Map(result.value.thumbnails.map((t) => [t.photoId, t.handle]));
    sections = sections.map((s) =>
      s.photos.some((p) => fresh.has(p.id)) ? { ...s, photos: s.photos.map((p) => (fresh.has(p.id) ? { ...p, thumbnail: { ...p.thumbnail, handle: fresh.get(p.id)! } } : p)) } : s,
    );
    emit();
  };
  const scheduleMisses = () => {
    if (batchTimer) return;
    batchTimer = true;
    setTimer(() => void flushMisses(), options.batchMs ?? 30);
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => sections,
    reset(specs) {
      generation++;
      missed.clear();
      refreshed.clear();
      sections = specs.map((spec) => ({ ...spec, photos: [], next: null, done: spec.count === 0, loading: false, error: null }));
      emit();
    },
    setCounts(counts) {
      sections = sections.map((s) => (counts.has(s.key) ? { ...s, count: counts.get(s.key)! } : s));
      emit();
    },
    ensure(index, upTo) {
      void load(index, upTo);
    },
    handleMissed(photoId) {
      // One refresh per tile per layout: a second miss of the fresh handle means the image itself
      // is unavailable (the tile says so), never a loop of re-asking.
      if (refreshed.has(photoId)) return false;
      refreshed.add(photoId);
      missed.add(photoId);
      scheduleMisses();
      return true;
    },
  };
}
