// The `photo_alignments` table's one owner (migration 0020): alignments are appended, never
// updated, so an earlier alignment stays as it was shown; readers ask for the newest of a pair.
import type { Alignment } from '../../../shared/channels/compare';
import type { Db } from '../db/open';
import type { Matrix3 } from './similarity';

export interface NewAlignment {
  readonly id: string;
  readonly patientId: string;
  readonly fromPhotoId: string;
  readonly toPhotoId: string;
  readonly fromSha256: string;
  readonly toSha256: string;
  readonly method: Alignment['method'];
  readonly model: Alignment['model'];
  readonly matrix: Matrix3;
  readonly inliers: number;
  readonly rmsPx: number;
  /** The pipeline's settings, or the picked point pairs: enough to redo it. */
  readonly parameters: unknown;
  readonly createdBy: string;
  readonly createdAt: Date;
}

interface AlignmentRow {
  id: string;
  from_photo_id: string;
  to_photo_id: string;
  method: Alignment['method'];
  model: Alignment['model'];
  matrix: string;
  inliers: number;
  rms_px: number;
  created_at: string;
}

const toAlignment = (row: AlignmentRow): Alignment => ({
  id: row.id,
  fromPhotoId: row.from_photo_id,
  toPhotoId: row.to_photo_id,
  method: row.method,
  model: row.model,
  matrix: JSON.parse(row.matrix) as Matrix3,
  inliers: row.inliers,
  rmsPx: row.rms_px,
  createdAt: row.created_at,
});

export function insertAlignment(db: Db, a: NewAlignment): Alignment {
  db.prepare(
    `INSERT INTO photo_alignments (id, patient_id, from_photo_id, to_photo_id, from_sha256, to_sha256, method, model, matrix, inliers, rms_px, parameters, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.id, a.patientId, a.fromPhotoId, a.toPhotoId, a.fromSha256, a.toSha256, a.method, a.model, JSON.stringify(a.matrix), a.inliers, a.rmsPx, JSON.stringify(a.parameters), a.createdBy, a.createdAt.toISOString());
  return toAlignment({ id: a.id, from_photo_id: a.fromPhotoId, to_photo_id: a.toPhotoId, method: a.method, model: a.model, matrix: JSON.stringify(a.matrix), inliers: a.inliers, rms_px: a.rmsPx, created_at: a.createdAt.toISOString() });
}

export function latestAlignment(db: Db, fromPhotoId: string, toPhotoId: string): Alignment | null {
  const row = db
    .prepare(
      `SELECT id, from_photo_id, to_photo_id, method, model, matrix, inliers, rms_px, created_at FROM photo_alignments
       WHERE from_photo_id = ? AND to_photo_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    )
    .get(fromPhotoId, toPhotoId) as AlignmentRow | undefined;
  return row ? toAlignment(row) : null;
}
