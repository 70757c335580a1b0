// The one owner of `annotation_versions` and `lesion_measurements`: a photo's annotation documents
// as numbered versions (never updated, the highest is current), and what each photo's current
// version measures of its lesions, rewritten inside the same transaction as the version it
// comes from. Callers check access and audit; these functions only read and write rows.
import { AnnotationDocument, allShapes, type AnnotationDocument as Doc } from '../../../shared/annotations/document';
import { measureShape } from '../../../shared/annotations/measure';
import type { AnnotationVersionInfo } from '../../../shared/channels/annotations';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

export interface StoredVersion {
  readonly id: string;
  readonly photoId: string;
  readonly version: number;
  readonly document: Doc;
  readonly authorName: string;
  readonly createdAt: string;
  readonly reason: string | null;
}

interface VersionRow {
  id: string;
  photo_id: string;
  version: number;
  document: string;
  author_name: string;
  created_at: string;
  reason: string | null;
}

const SELECT = `SELECT v.id, v.photo_id, v.version, v.document, u.display_name AS author_name, v.created_at, v.reason
  FROM annotation_versions v JOIN users u ON u.id = v.author_id`;

const toVersion = (row: VersionRow): StoredVersion => ({
  id: row.id,
  photoId: row.photo_id,
  version: row.version,
  // Parsed again on the way out: a row that no longer fits the schema fails loudly, not half-drawn.
  document: AnnotationDocument.parse(JSON.parse(row.document)),
  authorName: row.author_name,
  createdAt: row.created_at,
  reason: row.reason,
});

export function currentVersionNumber(db: Db, photoId: string): number | null {
  return (db.prepare('SELECT max(version) FROM annotation_versions WHERE photo_id = ?').pluck().get(photoId) as number | null) ?? null;
}

/** The given version of a photo's annotations, or its current one; null when it has none. */
export function readVersion(db: Db, photoId: string, version?: number): StoredVersion | null {
  const row = (
    version === undefined
      ? db.prepare(`${SELECT} WHERE v.photo_id = ? ORDER BY v.version DESC LIMIT 1`).get(photoId)
      : db.prepare(`${SELECT} WHERE v.photo_id = ? AND v.version = ?`).get(photoId, version)
  ) as VersionRow | undefined;
  if (!row && version !== undefined) throw new CoreError('NOT_FOUND', 'This photo has no annotations of that version.');
  return row ? toVersion(row) : null;
}

export function listVersions(db: Db, photoId: string): AnnotationVersionInfo[] {
  return (db.prepare(`${SELECT} WHERE v.photo_id = ? ORDER BY v.version`).all(photoId) as VersionRow[]).map((r) => ({
    version: r.version,
    authorName: r.author_name,
    createdAt: r.created_at,
    reason: r.reason,
  }));
}

/**
 * Appends version n+1 when `baseVersion` is still the current one (call inside a write
 * transaction), and rewrites the photo's lesion measurements from the new document.
 */
export function appendVersion(
  db: Db,
  input: { photoId: string; baseVersion: number | null; document: Doc; authorId: string; at: Date; reason: string | null },
): { id: string; version: number } {
  const current = currentVersionNumber(db, input.photoId);
  if (current !== input.baseVersion) {
    throw new CoreError('ANNOTATIONS_CHANGED', 'Someone saved these annotations after you opened them. Reload to see their version; your changes are still on screen.');
  }
  const id = newId();
  const version = (current ?? 0) + 1;
  db.prepare('INSERT INTO annotation_versions (id, photo_id, version, document, author_id, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    input.photoId,
    version,
    JSON.stringify(input.document),
    input.authorId,
    input.at.toISOString(),
    input.reason,
  );
  writeLesionMeasurements(db, input.photoId, id, input.document);
  return { id, version };
}

function writeLesionMeasurements(db: Db, photoId: string, versionId: string, document: Doc): void {
  db.prepare('DELETE FROM lesion_measurements WHERE photo_id = ?').run(photoId);
  const shapes = allShapes(document);
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const insert = db.prepare(
    'INSERT OR REPLACE INTO lesion_measurements (photo_id, version_id, lesion_id, shape_id, kind, value, uncertainty, unit, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const marker of shapes) {
    if (marker.kind !== 'lesion') continue;
    for (const shapeId of marker.measures) {
      const shape = byId.get(shapeId);
      const m = shape ? measureShape(shape, document.calibration) : null;
      // Only sizes are followed over time; an angle says nothing about growth.
      if (!m || m.kind === 'angle') continue;
      insert.run(photoId, versionId, marker.lesionId, shapeId, m.kind, m.value, m.uncertainty, m.unit, m.source);
    }
  }
}

export interface LesionMeasurementStored {
  photoId: string;
  version: number;
  shapeId: string;
  kind: 'length' | 'area';
  value: number;
  uncertainty: number;
  unit: 'mm' | 'mm2' | 'px' | 'px2';
  source: 'manual' | 'ruler' | 'none';
}

export function lesionMeasurements(db: Db, lesionId: string): LesionMeasurementStored[] {
  return db
    .prepare(
      `SELECT m.photo_id AS photoId, v.version, m.shape_id AS shapeId, m.kind, m.value, m.uncertainty, m.unit, m.source
       FROM lesion_measurements m JOIN annotation_versions v ON v.id = m.version_id
       WHERE m.lesion_id = ? ORDER BY m.photo_id, m.shape_id`,
    )
    .all(lesionId) as LesionMeasurementStored[];
}

/** Every lesion id a document's markers name (the caller checks they are this patient's). */
export const markedLesionIds = (document: Doc): string[] => [...new Set(allShapes(document).flatMap((s) => (s.kind === 'lesion' ? [s.lesionId] : [])))];
