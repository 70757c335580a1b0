// The virtual grid's geometry, without React: the gallery is a list of sections (a visit, a body
// site, or one "all photos" section), each a header row and rows of tiles. Rows are laid out from
// the sections' counts alone, so the scroll height is right before any photo of a far section is
// fetched; only the rows that intersect the viewport (plus an overscan) are put in the DOM.

export interface SectionShape {
  /** Photos in the section; null while its total is not known yet (only what is loaded counts). */
  readonly count: number | null;
  readonly loaded: number;
  /** Whether more photos follow the loaded ones (only read while count is null). */
  readonly more: boolean;
  readonly header: boolean;
}

export interface LayoutRow {
  readonly kind: 'header' | 'tiles';
  readonly section: number;
  /** For a tile row: the index (within its section) of its first tile. */
  readonly first: number;
  /** For a tile row: how many tiles it holds. */
  readonly size: number;
  readonly top: number;
  readonly height: number;
}

export interface Metrics {
  readonly columns: number;
  readonly tileHeight: number;
  readonly headerHeight: number;
}

export interface Layout {
  readonly rows: readonly LayoutRow[];
  readonly height: number;
}

/** How many tiles fit across: at least one, tiles no narrower than `minTile`. */
export function columnsFor(width: number, minTile: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minTile + gap)));
}

/** The photos a section shows rows for: its count, or (unknown) what is loaded plus one row to come. */
export function shownCount(section: SectionShape, columns: number): number {
  if (section.count !== null) return section.count;
  return section.loaded + (section.more ? columns : 0);
}

export function layoutRows(sections: readonly SectionShape[], metrics: Metrics): Layout {
  const rows: LayoutRow[] = [];
  let top = 0;
  sections.forEach((section, index) => {
    if (section.header) {
      rows.push({ kind: 'header', section: index, first: 0, size: 0, top, height: metrics.headerHeight });
      top += metrics.headerHeight;
    }
    const count = shownCount(section, metrics.columns);
    for (let first = 0; first < count; first += metrics.columns) {
      rows.push({ kind: 'tiles', section: index, first, size: Math.min(metrics.columns, count - first), top, height: metrics.tileHeight });
      top += metrics.tileHeight;
    }
  });
  return { rows, height: top };
}

/** The first row whose bottom is below `y` (binary search: rows are sorted by top). */
function rowAt(rows: readonly LayoutRow[], y: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const row = rows[mid]!;
    if (row.top + row.height <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows [start, end) that intersect the viewport, widened by `overscan` rows each way. */
export function visibleRows(layout: Layout, scrollTop: number, viewportHeight: number, overscan: number): { start: number; end: number } {
  if (layout.rows.length === 0) return { start: 0, end: 0 };
  const start = Math.max(0, rowAt(layout.rows, scrollTop) - overscan);
  const end = Math.min(layout.rows.length, rowAt(layout.rows, scrollTop + Math.max(0, viewportHeight)) + 1 + overscan);
  return { start, end };
}

/** For each section, the highest tile index the given rows show (-1: none), so pages can be fetched up to it. */
export function neededUpTo(layout: Layout, range: { start: number; end: number }, sections: number): number[] {
  const needed = new Array<number>(sections).fill(-1);
  for (let i = range.start; i < range.end; i++) {
    const row = layout.rows[i]!;
    if (row.kind === 'tiles') needed[row.section] = Math.max(needed[row.section]!, row.first + row.size - 1);
  }
  return needed;
}
