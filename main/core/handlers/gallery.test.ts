// The gallery's channels against a real core and real sealed photos: keyset pages that visit every
// photo once in order, each filter, counts per visit and per site, the timeline of one site and
// view, and per-tile handle refresh that stays within the patient.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GalleryFilter, GalleryGroups, GalleryPage, Timeline } from '../../../shared/gallery';
import { galleryClinic, newestFirst, SITES, type SeededPhoto } from '../photos/test-support/gallery-clinic';
import { unwrap } from '../test-support/fixtures';

let c: Awaited<ReturnType<typeof galleryClinic>>;
beforeAll(async () => {
  c = await galleryClinic(600);
}, 120_000);
afterAll(async () => c?.dispose());

async function pageThrough(filter: GalleryFilter, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: GalleryPage['next'] | undefined;
  let pages = 0;
  do {
    const page = unwrap<GalleryPage>(await c.client.api.photos.page({ patientId: c.patient.id, filter, limit, ...(after ? { after } : {}) }));
    pages++;
    expect(page.photos.length).toBeGreaterThan(0);
    ids.push(...page.photos.map((p) => p.id));
    after = page.next;
  } while (after);
  return { ids, pages };
}

const expected = (keep: (p: SeededPhoto) => boolean) => c.photos.filter(keep).sort(newestFirst).map((p) => p.id);

describe('photos.page', () => {
  it('visits every photo once, newest first with ties broken by id, and the last page says there is no next', async () => {
    const { ids, pages } = await pageThrough({}, 64);
    expect(ids).toEqual(expected(() => true));
    expect(pages).toBe(Math.ceil(600 / 64));
  });

  it.each<[string, GalleryFilter, (p: SeededPhoto) => boolean]>([
    ['a visit', {}, () => true],
    ['photos outside any visit', { encounterId: null }, (p) => p.encounterId === null],
    ['a site and side', { bodySiteCode: SITES[1].code, laterality: 'right' }, (p) => p.context?.bodySite.code === SITES[1].code && p.context.laterality === 'right'],
    ['a view', { view: 'close-up' }, (p) => p.context?.view === 'close-up'],
    ['photos without a site', { bodySiteCode: null }, (p) => p.context === null],
    ['quality flagged', { quality: 'flagged' }, (p) => (p.qualityFailed ?? []).length > 0],
    ['quality clean', { quality: 'clean' }, (p) => (p.qualityFailed ?? []).length === 0],
    ['imports', { source: 'import' }, (p) => p.source === 'import'],
    ['a date range (inclusive UTC days)', { from: '2024-01-03', to: '2024-01-05' }, (p) => p.capturedAt >= new Date('2024-01-03T00:00:00Z') && p.capturedAt < new Date('2024-01-06T00:00:00Z')],
  ])('filters by %s', async (name, filter, keep) => {
    const visit = name === 'a visit' ? { encounterId: c.visits[1]!.id } : {};
    const want = expected((p) => keep(p) && (name !== 'a visit' || p.encounterId === c.visits[1]!.id));
    expect(want.length).toBeGreaterThan(0);
    expect((await pageThrough({ ...filter, ...visit }, 50)).ids).toEqual(want);
  });

  it('never returns another patient\'s photos and refuses a malformed cursor', async () => {
    const { ids } = await pageThrough({}, 500);
    expect(ids.some((id) => c.otherPhotos.some((o) => o.id === id))).toBe(false);
    const bad = await c.client.api.photos.page({ patientId: c.patient.id, after: { capturedAt: 'yesterday', id: 'x' } } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('photos.groups', () => {
  it('counts by visit with each visit\'s date and reason, newest visit first, photos outside a visit last', async () => {
    const { total, groups } = unwrap<GalleryGroups>(await c.client.api.photos.groups({ patientId: c.patient.id, by: 'visit' }));
    expect(total).toBe(600);
    expect(groups.map((g) => g.encounter?.reason ?? null)).toEqual(['Excision review', 'Follow-up', 'Mole check', null]);
    for (const g of groups) {
      expect(g.count).toBe(c.photos.filter((p) => p.encounterId === (g.encounter?.id ?? null)).length);
      expect(g.filter.encounterId).toBe(g.encounter?.id ?? null);
    }
    expect(groups[0]!.encounter!.startedAt).toBe(c.visits[2]!.startedAt);
  });

  it('counts by body site and side under a filter, and a group\'s filter pages exactly its photos', async () => {
    const { total, groups } = unwrap<GalleryGroups>(await c.client.api.photos.groups({ patientId: c.patient.id, by: 'site', filter: { quality: 'clean' } }));
    const clean = c.photos.filter((p) => (p.qualityFailed ?? []).length === 0);
    expect(total).toBe(clean.length);
    expect(groups).toHaveLength(5);
    expect(groups.at(-1)!.site).toEqual({ code: null, display: null, laterality: null });
    const wrist = groups.find((g) => g.site?.code === SITES[1].code && g.site.laterality === 'left')!;
    expect(wrist.site!.display).toBe(SITES[1].display);
    expect((await pageThrough(wrist.filter, 40)).ids).toEqual(expected((p) => (p.qualityFailed ?? []).length === 0 && p.context?.bodySite.code === SITES[1].code && p.context.laterality === 'left'));
  });
});

describe('photos.timeline', () => {
  it('lists one site, side and view across visits, oldest first, with each visit\'s date', async () => {
    const { entries, truncated } = unwrap<Timeline>(await c.client.api.photos.timeline({ patientId: c.patient.id, bodySiteCode: SITES[0].code, laterality: 'left', view: 'anterior' }));
    const want = c.photos.filter((p) => p.context?.bodySite.code === SITES[0].code && p.context.laterality === 'left' && p.context.view === 'anterior');
    expect(truncated).toBe(false);
    expect(entries.map((e) => e.photo.id)).toEqual([...want].sort(newestFirst).reverse().map((p) => p.id));
    for (const e of entries) expect(e.encounter?.id ?? null).toBe(e.photo.encounterId);
    expect(entries.find((e) => e.encounter)!.encounter!.reason).toMatch(/Mole check|Follow-up|Excision review/);
  });
});

describe('audit', () => {
  it('records each listing call as photo.list for the patient, with what it listed and how many', async () => {
    unwrap(await c.client.api.photos.page({ patientId: c.patient.id, limit: 3 }));
    unwrap(await c.client.api.photos.groups({ patientId: c.patient.id, by: 'site' }));
    const { records } = unwrap<{ records: Array<{ action: string; detail: string; patientId: string | null; outcome: string }> }>(await c.client.api.audit.search({ action: 'photo.list', pageSize: 5 }));
    const details = records.map((r) => r.detail);
    expect(details).toContain('page;count=3');
    expect(details).toContain('groups=site;count=600');
    for (const r of records) expect(r).toMatchObject({ action: 'photo.list', outcome: 'success', patientId: c.patient.id });
  });
});

describe('thumbnail handles', () => {
  it('a page issues handles only for its photos; each resolves for this client only', async () => {
    const page = unwrap<GalleryPage>(await c.client.api.photos.page({ patientId: c.patient.id, limit: 3 }));
    const resolved = await c.client.resolvePhoto(page.photos[0]!.thumbnail.handle);
    expect(resolved.mime).toBe('image/jpeg');
    const stranger = c.core.connect();
    await expect(stranger.resolvePhoto(page.photos[0]!.thumbnail.handle)).rejects.toMatchObject({ code: 'HANDLE_EXPIRED' });
    await stranger.disconnect();
  });

  it('refreshes the handles of the tiles asked for, leaving out photos of another patient', async () => {
    const mine = c.photos.slice(0, 2).map((p) => p.id);
    const { thumbnails } = unwrap<{ thumbnails: Array<{ photoId: string; handle: string }> }>(
      await c.client.api.photos.thumbnails({ patientId: c.patient.id, photoIds: [...mine, c.otherPhotos[0]!.id] }),
    );
    expect(thumbnails.map((t) => t.photoId).sort()).toEqual([...mine].sort());
    for (const t of thumbnails) expect((await c.client.resolvePhoto(t.handle)).size).toBeGreaterThan(0);
  });

  it('signing out kills every handle a page issued', async () => {
    const page = unwrap<GalleryPage>(await c.client.api.photos.page({ patientId: c.patient.id, limit: 2 }));
    unwrap(await c.client.api.session.signOut({}));
    await expect(c.client.resolvePhoto(page.photos[1]!.thumbnail.handle)).rejects.toMatchObject({ code: 'HANDLE_EXPIRED' });
  });
});
