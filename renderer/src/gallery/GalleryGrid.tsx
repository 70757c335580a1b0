// The virtual grid: a scroller whose inner height is the whole layout, with only the rows that
// intersect the viewport (plus a few above and below) in the DOM. Rows come from the sections'
// counts (layout.ts); the photos of the visible rows are paged in as they come into view.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Photo } from '../../../shared/domain';
import type { GallerySections, SectionState } from './gallery-sections';
import { columnsFor, layoutRows, neededUpTo, visibleRows } from './layout';
import { ThumbViewportContext, type ThumbViewport } from './thumb-viewport';

const MIN_TILE = 168;
const GAP = 10;
const CAPTION = 48;
const HEADER = 44;
const OVERSCAN = 3;

interface Props {
  readonly sections: readonly SectionState[];
  readonly store: GallerySections;
  readonly label: string;
  /** Changing it scrolls back to the top (a new filter or grouping). */
  readonly resetKey: string;
  readonly total: number | null;
  readonly renderTile: (photo: Photo, position: number) => ReactNode;
  readonly renderHeader: (section: SectionState) => ReactNode;
  /** The loaded photos now in the DOM (after scrolling settles), for per-tile marks. */
  readonly onVisible: (photos: readonly Photo[]) => void;
}

export function GalleryGrid({ sections, store, label, resetKey, total, renderTile, renderHeader, onVisible }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800, width: 960 });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setView((v) => ({ ...v, top: 0 }));
  }, [resetKey]);

  const columns = columnsFor(view.width, MIN_TILE, GAP);
  const tileWidth = (view.width - GAP * (columns - 1)) / columns;
  const tileHeight = Math.round((tileWidth * 2) / 3 + CAPTION + GAP);
  const shapes = useMemo(() => sections.map((s) => ({ count: s.count, loaded: s.photos.length, more: !s.done, header: s.group !== null })), [sections]);
  const layout = useMemo(() => layoutRows(shapes, { columns, tileHeight, headerHeight: HEADER }), [shapes, columns, tileHeight]);
  const range = visibleRows(layout, view.top, view.height, OVERSCAN);

  // Page in what the visible rows show.
  const needed = neededUpTo(layout, range, sections.length);
  const neededKey = needed.join(',');
  useEffect(() => {
    needed.forEach((upTo, i) => {
      if (upTo >= 0) store.ensure(i, upTo);
    });
    // neededKey carries `needed`; a page landing (new `sections`) re-runs this for the next one.
  }, [store, neededKey, sections]);

  // Report the loaded photos on screen once scrolling pauses.
  const offsets = useMemo(() => {
    let sum = 0;
    return sections.map((s) => {
      const at = sum;
      sum += s.count ?? s.photos.length;
      return at;
    });
  }, [sections]);
  const onScreen: Photo[] = [];
  for (let r = range.start; r < range.end; r++) {
    const row = layout.rows[r]!;
    if (row.kind !== 'tiles') continue;
    const photos = sections[row.section]!.photos;
    for (let i = row.first; i < row.first + row.size && i < photos.length; i++) onScreen.push(photos[i]!);
  }
  // The positions strictly on screen (no overscan), for the thumbnail queue's ranking.
  const [viewport] = useState<ThumbViewport>(() => ({ first: 0, last: 0 }));
  const strict = visibleRows(layout, view.top, view.height, 0);
  viewport.first = Number.MAX_SAFE_INTEGER;
  viewport.last = 0;
  for (let r = strict.start; r < strict.end; r++) {
    const row = layout.rows[r]!;
    if (row.kind !== 'tiles') continue;
    viewport.first = Math.min(viewport.first, offsets[row.section]! + row.first + 1);
    viewport.last = Math.max(viewport.last, offsets[row.section]! + row.first + row.size);
  }
  const onScreenKey = onScreen.map((p) => p.id).join(',');
  const latest = useRef(onScreen);
  latest.current = onScreen;
  useEffect(() => {
    const timer = window.setTimeout(() => onVisible(latest.current), 250);
    return () => window.clearTimeout(timer);
  }, [onScreenKey, onVisible]);

  const rows: ReactNode[] = [];
  for (let r = range.start; r < range.end; r++) {
    const row = layout.rows[r]!;
    const section = sections[row.section]!;
    const style = { transform: `translateY(${row.top}px)`, height: row.height };
    if (row.kind === 'header') {
      rows.push(
        <div key={`h-${section.key}`} role="listitem" className="gallery__row gallery__row--header" style={style}>
          {renderHeader(section)}
        </div>,
      );
      continue;
    }
    const tiles: ReactNode[] = [];
    for (let i = row.first; i < row.first + row.size; i++) {
      const photo = section.photos[i];
      tiles.push(photo ? renderTile(photo, offsets[row.section]! + i + 1) : <div key={`p-${i}`} className="gallery__item gallery__item--pending" aria-hidden="true" />);
    }
    rows.push(
      <div key={`r-${section.key}-${row.first}`} className="gallery__row" style={{ ...style, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: GAP, paddingBlockEnd: GAP }} role="presentation">
        {tiles}
      </div>,
    );
  }

  return (
    <div ref={scroller} className="gallery__scroller" onScroll={(e) => {
        // Read now: React clears currentTarget once the handler returns, before the updater runs.
        const top = e.currentTarget.scrollTop;
        setView((v) => ({ ...v, top }));
      }}>
      <div className="gallery__canvas" role="list" aria-label={label} aria-rowcount={total ?? -1} style={{ height: layout.height }}>
        <ThumbViewportContext.Provider value={viewport}>{rows}</ThumbViewportContext.Provider>
      </div>
    </div>
  );
}
