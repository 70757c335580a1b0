// The gallery's hot path never asks SQLite for "all of a patient's photos" (issue 10: the core's
// thread must not stall at 10,000 photos). Every statement that photos.page, photos.thumbnails and
// serving a thumbnail handle run against `photos` or `blobs` is recorded as it executes, on a real
// core, and each must be bounded by its text: a LIMIT, or a primary-key lookup (one id, or the
// request's list of ids, which its schema caps). The plans of these statements at 10,000 photos are
// gallery-plans.test.ts's business; this test catches a query that would be unbounded whatever
// its plan (a listing without LIMIT, a count on the page path).
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GALLERY_PAGE_MAX, THUMBNAIL_REFRESH_MAX, type GalleryPage } from '../../../shared/gallery';
import { unwrap } from '../test-support/fixtures';
import { galleryClinic } from './test-support/gallery-clinic';

type Run = (this: { source: string }, ...params: unknown[]) => unknown;

let c: Awaited<ReturnType<typeof galleryClinic>>;
beforeAll(async () => {
  c = await galleryClinic(300);
}, 120_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await c?.dispose();
});

/** The SQL of every statement executed (any connection) while `use` runs. */
async function executedDuring(use: () => Promise<unknown>): Promise<string[]> {
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'all' | 'get' | 'iterate' | 'run', Run>;
  probe.close();
  const sql: string[] = [];
  const spies = (['all', 'get', 'iterate', 'run'] as const).map((method) => {
    const original = prototype[method];
    return vi.spyOn(prototype, method).mockImplementation(function (this: { source: string }, ...params: unknown[]) {
      sql.push(this.source);
      return original.apply(this, params);
    });
  });
  try {
    await use();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return sql;
}

const onPhotosOrBlobs = (sql: string) => /\b(photos|blobs)\b/i.test(sql);
const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();
/** LIMIT ?, or a lookup by primary key: `id = ?` or the id list of a request (json_each). */
const bounded = (sql: string) => /\bLIMIT \?/i.test(sql) || /\bWHERE (\w+\.)?id = \?/i.test(sql) || /\bWHERE (\w+\.)?id IN \(SELECT value FROM json_each\(\?\)\)/i.test(sql);

describe('the gallery path runs only bounded statements on photos and blobs', () => {
  it('the check itself tells a listing from a page', () => {
    expect(bounded('SELECT * FROM photos p WHERE p.patient_id = ? AND p.deleted_at IS NULL ORDER BY p.captured_at DESC')).toBe(false);
    expect(bounded('SELECT count(*) FROM photos WHERE patient_id = ?')).toBe(false);
    expect(bounded('SELECT * FROM photos p WHERE p.patient_id = ? ORDER BY p.captured_at DESC LIMIT ?')).toBe(true);
  });

  it('photos.page (first page and after a cursor), photos.thumbnails and serving a thumbnail', async () => {
    const patientId = c.patient.id;
    const sql = await executedDuring(async () => {
      const first = unwrap<GalleryPage>(await c.client.api.photos.page({ patientId, filter: {}, limit: 48 }));
      const next = unwrap<GalleryPage>(await c.client.api.photos.page({ patientId, filter: { quality: 'clean' }, limit: GALLERY_PAGE_MAX, after: first.next! }));
      const ids = [...first.photos, ...next.photos].map((p) => p.id).slice(0, THUMBNAIL_REFRESH_MAX);
      const refreshed = unwrap<{ thumbnails: Array<{ photoId: string; handle: string }> }>(await c.client.api.photos.thumbnails({ patientId, photoIds: ids }));
      const photo = await c.client.resolvePhoto(refreshed.thumbnails[0]!.handle);
      for await (const chunk of photo.stream(0, photo.size)) expect(chunk.length).toBeGreaterThan(0);
    });
    const touched = sql.filter(onPhotosOrBlobs).map(oneLine);
    // The page's SELECT, the handle refresh's and the blob row's lookup at least.
    expect(touched.length).toBeGreaterThanOrEqual(4);
    expect(touched.filter((s) => !bounded(s))).toEqual([]);
  });
});
