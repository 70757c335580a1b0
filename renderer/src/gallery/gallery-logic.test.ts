// The gallery's renderer logic without React: the virtual layout puts a handful of rows in the DOM
// at 10,000 photos, thumbnails load a bounded number at a time (newest request first), sections
// page by cursor only as far as the viewport needs and drop answers for an older layout, a missed
// handle is refreshed for its tile only, and timeline intervals count calendar days.
import { describe, expect, it } from 'vitest';
import type { Photo } from '../../../shared/domain';
import type { GalleryCursor, GalleryPage } from '../../../shared/gallery';
import type { Result } from '../../../shared/result';
import { createGallerySections, FIRST_PAGE, type GallerySource } from './gallery-sections';
import { columnsFor, layoutRows, neededUpTo, visibleRows } from './layout';
import { createThumbQueue } from './thumb-queue';
import { daysBetween, intervalsInDays } from './timeline-intervals';

const METRICS = { columns: 6, tileHeight: 180, headerHeight: 40 };

describe('virtual layout', () => {
  it('lays out 10,000 photos in three visits and shows only the rows near the viewport', () => {
    const sections = [9_000, 950, 50].map((count) => ({ count, loaded: 0, more: true, header: true }));
    const layout = layoutRows(sections, METRICS);
    expect(layout.rows).toHaveLength(3 + 1500 + 159 + 9);
    expect(layout.height).toBe(3 * 40 + (1500 + 159 + 9) * 180);
    const range = visibleRows(layout, 200_000, 800, 2);
    expect(range.end - range.start).toBeLessThanOrEqual(6 + 4 + 1);
    expect(layout.rows[range.start]!.top).toBeLessThanOrEqual(200_000);
    const needed = neededUpTo(layout, range, 3);
    expect(needed[0]).toBeGreaterThan(6 * 1100);
    expect(needed[1]).toBe(-1);
  });

  it('before a total is known, shows what is loaded plus one row to come', () => {
    const layout = layoutRows([{ count: null, loaded: 48, more: true, header: false }], METRICS);
    expect(layout.rows).toHaveLength(9);
    expect(layoutRows([{ count: null, loaded: 48, more: false, header: false }], METRICS).rows).toHaveLength(8);
  });

  it('fits columns to the width', () => {
    expect(columnsFor(1000, 150, 8)).toBe(6);
    expect(columnsFor(100, 150, 8)).toBe(1);
  });
});

describe('thumbnail queue', () => {
  it('keeps at most `max` in flight and serves the newest request first', () => {
    const q = createThumbQueue(2);
    const started: number[] = [];
    const tickets = [0, 1, 2, 3, 4].map((i) => q.request(() => started.push(i)));
    expect(started).toEqual([0, 1]);
    expect(q.inFlight).toBe(2);
    tickets[0]!.release();
    expect(started).toEqual([0, 1, 4]);
    tickets[3]!.release(); // left the viewport before it started
    tickets[1]!.release();
    expect(started).toEqual([0, 1, 4, 2]);
    expect(q.waiting).toBe(0);
  });

  it('serves tiles on screen before the overscan rows mounted after them, ranked when a slot frees', () => {
    const q = createThumbQueue(1);
    const started: string[] = [];
    const onScreen = new Set(['a', 'b']);
    const rank = (id: string) => () => (onScreen.has(id) ? 0 : 1);
    const first = q.request(() => started.push('busy'));
    const tickets = new Map(['a', 'b', 'below1', 'below2'].map((id) => [id, q.request(() => started.push(id), rank(id))]));
    first.release();
    expect(started).toEqual(['busy', 'b']);
    // The user scrolled: what was below is on screen now, and `a` is not.
    onScreen.clear();
    onScreen.add('below1');
    tickets.get('b')!.release();
    expect(started).toEqual(['busy', 'b', 'below1']);
    tickets.get('below1')!.release();
    expect(started).toEqual(['busy', 'b', 'below1', 'below2']);
  });
});

const photo = (i: number): Photo =>
  ({ id: i.toString(16).padStart(32, '0'), capturedAt: new Date(Date.UTC(2024, 0, 1) - i * 60_000).toISOString(), thumbnail: { handle: `h${i}`.padEnd(43, 'x'), width: 1, height: 1 } }) as unknown as Photo;

/** A source over n photos whose answers the test releases when it chooses. */
function fakeSource(n: number) {
  const calls: Array<{ after: GalleryCursor | undefined; limit: number; answer: () => void }> = [];
  const refreshes: string[][] = [];
  const source: GallerySource = {
    page(_filter, after, limit) {
      return new Promise<Result<GalleryPage>>((resolve) => {
        const start = after ? Number.parseInt(after.id, 16) + 1 : 0;
        const photos = Array.from({ length: Math.max(0, Math.min(limit, n - start)) }, (_, k) => photo(start + k));
        const last = photos.at(-1);
        calls.push({ after, limit, answer: () => resolve({ ok: true, value: { photos, next: last && start + photos.length < n ? { capturedAt: last.capturedAt, id: last.id } : null } }) });
      });
    },
    async thumbnails(ids) {
      refreshes.push([...ids]);
      return { ok: true, value: { thumbnails: ids.map((id) => ({ photoId: id, handle: `fresh-${id}`.slice(0, 43) })) } };
    },
  };
  return { source, calls, refreshes };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('gallery sections', () => {
  it('fetches a small first page, then pages by cursor only as far as asked, one request at a time', async () => {
    const { source, calls } = fakeSource(10_000);
    const g = createGallerySections(source, { setTimer: (run) => run() });
    g.reset([{ key: 'all', filter: {}, group: null, count: null }]);
    g.ensure(0, 20);
    g.ensure(0, 20);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.limit).toBe(FIRST_PAGE);
    calls[0]!.answer();
    await settle();
    expect(g.getSnapshot()[0]!.photos).toHaveLength(FIRST_PAGE);
    g.ensure(0, 600);
    expect(calls[1]!.after?.id).toBe(photo(FIRST_PAGE - 1).id);
    calls[1]!.answer();
    await settle();
    calls[2]!.answer();
    await settle();
    const loaded = g.getSnapshot()[0]!.photos;
    expect(loaded.length).toBeGreaterThan(600);
    expect(loaded.length).toBeLessThan(1_100);
    expect(new Set(loaded.map((p) => p.id)).size).toBe(loaded.length);
  });

  it('drops an answer that arrives after the layout changed', async () => {
    const { source, calls } = fakeSource(100);
    const g = createGallerySections(source, { setTimer: (run) => run() });
    g.reset([{ key: 'a', filter: {}, group: null, count: null }]);
    g.ensure(0, 10);
    g.reset([{ key: 'b', filter: { source: 'import' }, group: null, count: 100 }]);
    calls[0]!.answer();
    await settle();
    expect(g.getSnapshot()[0]).toMatchObject({ key: 'b', photos: [] });
  });

  it('refreshes a missed handle for that tile only, batching misses, and never twice for one tile', async () => {
    const { source, calls, refreshes } = fakeSource(100);
    const timers: Array<() => void> = [];
    const g = createGallerySections(source, { setTimer: (run) => timers.push(run) });
    g.reset([{ key: 'all', filter: {}, group: null, count: 100 }]);
    g.ensure(0, 10);
    calls[0]!.answer();
    await settle();
    const [a, b] = g.getSnapshot()[0]!.photos;
    expect(g.handleMissed(a!.id)).toBe(true);
    expect(g.handleMissed(b!.id)).toBe(true);
    expect(g.handleMissed(a!.id)).toBe(false);
    timers.shift()!();
    await settle();
    expect(refreshes).toEqual([[a!.id, b!.id]]);
    expect(calls).toHaveLength(1);
    const after = g.getSnapshot()[0]!.photos;
    expect(after[0]!.thumbnail.handle).toBe(`fresh-${a!.id}`.slice(0, 43));
    expect(after[2]!.thumbnail.handle).toBe(photo(2).thumbnail.handle);
  });
});

describe('timeline intervals', () => {
  it('counts calendar days, across a daylight-saving change', () => {
    expect(daysBetween('2024-01-10T10:00:00.000Z', '2024-04-03T09:00:00.000Z')).toBe(84);
    expect(intervalsInDays(['2024-03-01T12:00:00.000Z', '2024-03-01T13:00:00.000Z', '2024-05-24T12:00:00.000Z'])).toEqual([null, 0, 84]);
  });
});
