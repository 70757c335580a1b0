// The gallery's use-cases (issue 10): keyset pages, group counts, the timeline of one site and
// view, and handle refresh for single tiles. Each checks the patient's access like `photos.list`,
// records one `photo.list` audit event per call, and issues thumbnail handles only for the photos
// it returns (a page), never for the whole patient.
import type { GalleryFilter, GalleryGroup, GalleryGroups } from '../../../shared/gallery';
import { TIMELINE_MAX } from '../../../shared/gallery';
import type { Handlers } from '../router';
import { countBySite, countByVisit, encounterSummaries, galleryPageRows, thumbnailBlobs, timelineRows, type EncounterSummaryRow } from '../photos/gallery';
import { getPatient } from '../patients/patients';
import type { CoreServices } from '../services';
import { photoView } from './photos';

type GalleryHandlers = Pick<Handlers['photos'], 'page' | 'groups' | 'timeline' | 'thumbnails'>;

const encounterOf = (row: EncounterSummaryRow | undefined) => (row ? { id: row.id, startedAt: row.started_at, reason: row.reason } : null);

/** Newest visit first; photos outside any visit after the visits. */
function visitGroups(db: Parameters<typeof countByVisit>[0], patientId: string, filter: GalleryFilter): GalleryGroup[] {
  const encounters = encounterSummaries(db, patientId);
  const groups = countByVisit(db, patientId, filter).map(
    (c): GalleryGroup => ({
      key: `visit:${c.encounter_id ?? 'none'}`,
      count: c.n,
      newestAt: c.newest,
      encounter: c.encounter_id ? encounterOf(encounters.get(c.encounter_id)) : null,
      site: null,
      filter: { ...filter, encounterId: c.encounter_id },
    }),
  );
  const date = (g: GalleryGroup) => g.encounter?.startedAt ?? '';
  return groups.sort((a, b) => date(b).localeCompare(date(a)) || b.newestAt.localeCompare(a.newestAt));
}

/** By site name, then side; photos without a site last. */
function siteGroups(db: Parameters<typeof countBySite>[0], patientId: string, filter: GalleryFilter): GalleryGroup[] {
  const groups = countBySite(db, patientId, filter).map(
    (c): GalleryGroup => ({
      key: `site:${c.body_site_code ?? 'none'}:${c.laterality ?? 'none'}`,
      count: c.n,
      newestAt: c.newest,
      encounter: null,
      site: { code: c.body_site_code, display: c.body_site_display, laterality: c.laterality },
      filter: { ...filter, bodySiteCode: c.body_site_code, laterality: c.laterality },
    }),
  );
  const name = (g: GalleryGroup) => g.site?.display ?? '\uffff';
  return groups.sort((a, b) => name(a).localeCompare(name(b)) || (a.site?.laterality ?? '').localeCompare(b.site?.laterality ?? ''));
}

export const galleryHandlers = (s: CoreServices): GalleryHandlers => ({
  page(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    getPatient(db, req.patientId);
    s.requirePatientAccess(ctx, req.patientId, 'photos');
    const { rows, more } = galleryPageRows(db, req.patientId, req.filter, req.after, req.limit);
    s.audit({ userId: user.id, action: 'photo.list', outcome: 'success', patientId: req.patientId, detail: `page;count=${rows.length}` });
    const last = rows.at(-1);
    const client = s.client(ctx);
    return { photos: rows.map((row) => photoView(row, client, user.id)), next: more && last ? { capturedAt: last.captured_at, id: last.id } : null };
  },
  groups(ctx, req): GalleryGroups {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    getPatient(db, req.patientId);
    s.requirePatientAccess(ctx, req.patientId, 'photos');
    const groups = req.by === 'visit' ? visitGroups(db, req.patientId, req.filter) : siteGroups(db, req.patientId, req.filter);
    const total = groups.reduce((sum, g) => sum + g.count, 0);
    s.audit({ userId: user.id, action: 'photo.list', outcome: 'success', patientId: req.patientId, detail: `groups=${req.by};count=${total}` });
    return { total, groups };
  },
  timeline(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    getPatient(db, req.patientId);
    s.requirePatientAccess(ctx, req.patientId, 'photos');
    const rows = timelineRows(db, req.patientId, req.bodySiteCode, req.laterality, req.view, TIMELINE_MAX);
    const kept = rows.slice(0, TIMELINE_MAX);
    s.audit({ userId: user.id, action: 'photo.list', outcome: 'success', patientId: req.patientId, detail: `timeline;count=${kept.length}` });
    const encounters = encounterSummaries(db, req.patientId);
    const client = s.client(ctx);
    return {
      entries: kept.map((row) => ({ photo: photoView(row, client, user.id), encounter: row.encounter_id ? encounterOf(encounters.get(row.encounter_id)) : null })),
      truncated: rows.length > TIMELINE_MAX,
    };
  },
  thumbnails(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    getPatient(db, req.patientId);
    s.requirePatientAccess(ctx, req.patientId, 'photos');
    const rows = thumbnailBlobs(db, req.patientId, req.photoIds);
    s.audit({ userId: user.id, action: 'photo.list', outcome: 'success', patientId: req.patientId, detail: `thumbnails;count=${rows.length}` });
    const client = s.client(ctx);
    return { thumbnails: rows.map((r) => ({ photoId: r.id, handle: client.handles.issue({ blobId: r.thumbnail_blob_id, mime: 'image/jpeg', userId: user.id }) })) };
  },
});
