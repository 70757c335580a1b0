// The gallery's questions to the photos table (issue 10): keyset pages under a filter, the counts
// per visit or body site, the timeline of one site and view, and thumbnail blobs for tiles whose
// handle expired. Pages are newest first by (captured_at, id) and read in index order (migration
// 0021), so a page costs the same at 10,000 photos as at 50; the counts read only the visit and
// site indexes, which cover them (migration 0023), never a photo row. The counts name that index
// (INDEXED BY): the planner's choice between it and one that reads every row moved with the
// statistics (gallery-plans.test.ts checks the plans with and without them).
import type { Db } from '../db/open';
import type { GalleryCursor, GalleryFilter } from '../../../shared/gallery';
import type { Laterality } from '../../../shared/value-sets/views';
import { PHOTO_SELECT, type PhotoRow } from './photos';
import { preparedOnce } from './statements';

interface Clause {
  readonly sql: string;
  readonly params: unknown[];
}

const nextUtcDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();

/** The filter as `AND …` conditions on `p`; `null` asks for the column to be empty. */
export function filterClause(filter: GalleryFilter): Clause {
  const parts: string[] = [];
  const params: unknown[] = [];
  const equal = (column: string, value: string | null | undefined) => {
    if (value === undefined) return;
    if (value === null) parts.push(`p.${column} IS NULL`);
    else {
      parts.push(`p.${column} = ?`);
      params.push(value);
    }
  };
  equal('encounter_id', filter.encounterId);
  equal('body_site_code', filter.bodySiteCode);
  equal('laterality', filter.laterality);
  equal('view', filter.view);
  equal('template_id', filter.templateId);
  equal('source', filter.source);
  if (filter.from) {
    parts.push('p.captured_at >= ?');
    params.push(`${filter.from}T00:00:00.000Z`);
  }
  if (filter.to) {
    parts.push('p.captured_at < ?');
    params.push(nextUtcDay(filter.to));
  }
  // quality_failed holds the failed checks comma-separated; empty or NULL when none failed.
  if (filter.quality === 'flagged') parts.push("coalesce(p.quality_failed, '') <> ''");
  if (filter.quality === 'clean') parts.push("coalesce(p.quality_failed, '') = ''");
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/**
 * One page, newest first, after `after`. Asks for one row more than the page to know whether
 * another page follows, so the last page never costs an extra empty call.
 */
export function galleryPageRows(db: Db, patientId: string, filter: GalleryFilter, after: GalleryCursor | undefined, limit: number): { rows: PhotoRow[]; more: boolean } {
  const where = filterClause(filter);
  const cursor = after ? ' AND (p.captured_at, p.id) < (?, ?)' : '';
  const params = [patientId, ...where.params, ...(after ? [after.capturedAt, after.id] : []), limit + 1];
  const rows = preparedOnce(db, `${PHOTO_SELECT} WHERE p.patient_id = ? AND p.deleted_at IS NULL${where.sql}${cursor} ORDER BY p.captured_at DESC, p.id DESC LIMIT ?`).all(...params) as PhotoRow[];
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export interface VisitCount {
  readonly encounter_id: string | null;
  readonly n: number;
  readonly newest: string;
}

/** Photos per encounter (NULL: outside any visit) under the filter. */
export function countByVisit(db: Db, patientId: string, filter: GalleryFilter): VisitCount[] {
  const where = filterClause(filter);
  const sql = `SELECT p.encounter_id, count(*) AS n, max(p.captured_at) AS newest FROM photos p INDEXED BY photos_by_patient_encounter
               WHERE p.patient_id = ? AND p.deleted_at IS NULL${where.sql} GROUP BY p.encounter_id`;
  return preparedOnce(db, sql).all(patientId, ...where.params) as VisitCount[];
}

export interface SiteCount {
  readonly body_site_code: string | null;
  readonly body_site_display: string | null;
  readonly laterality: Laterality | null;
  readonly n: number;
  readonly newest: string;
}

/** Photos per body site and side (NULL: no capture metadata) under the filter. */
export function countBySite(db: Db, patientId: string, filter: GalleryFilter): SiteCount[] {
  const where = filterClause(filter);
  return preparedOnce(
    db,
    `SELECT p.body_site_code, max(p.body_site_display) AS body_site_display, p.laterality, count(*) AS n, max(p.captured_at) AS newest
     FROM photos p INDEXED BY photos_by_patient_site WHERE p.patient_id = ? AND p.deleted_at IS NULL${where.sql} GROUP BY p.body_site_code, p.laterality`,
  ).all(patientId, ...where.params) as SiteCount[];
}

/** One site, side and view (NULL view: photos without one), oldest first, at most `limit` + 1 rows. */
export function timelineRows(db: Db, patientId: string, siteCode: string, laterality: Laterality, view: string | null, limit: number): PhotoRow[] {
  return preparedOnce(db, `${PHOTO_SELECT} WHERE p.patient_id = ? AND p.deleted_at IS NULL AND p.body_site_code = ? AND p.laterality = ? AND p.view IS ? ORDER BY p.captured_at, p.id LIMIT ?`).all(patientId, siteCode, laterality, view, limit + 1) as PhotoRow[];
}

/** The thumbnail blobs of these photos, only those of this patient (others are left out, not refused). */
export function thumbnailBlobs(db: Db, patientId: string, photoIds: readonly string[]): Array<{ id: string; thumbnail_blob_id: string }> {
  return preparedOnce(db, 'SELECT id, thumbnail_blob_id FROM photos WHERE id IN (SELECT value FROM json_each(?)) AND patient_id = ? AND deleted_at IS NULL').all(JSON.stringify(photoIds), patientId) as Array<{ id: string; thumbnail_blob_id: string }>;
}

export interface EncounterSummaryRow {
  readonly id: string;
  readonly started_at: string;
  readonly reason: string;
}

/** A patient's encounters (date and reason), for the visit groups and the timeline. */
export function encounterSummaries(db: Db, patientId: string): Map<string, EncounterSummaryRow> {
  const rows = preparedOnce(db, 'SELECT id, started_at, reason FROM encounters WHERE patient_id = ?').all(patientId) as EncounterSummaryRow[];
  return new Map(rows.map((r) => [r.id, r]));
}
