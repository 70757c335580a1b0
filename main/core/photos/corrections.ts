// The photos table's side of corrections (docs/corrections.md): what a photo says about itself
// (body site, laterality, view, encounter, patient) changed with a reason, a soft delete that keeps
// the row and its sealed files, the photos that move with a merge, and each correction's record in
// `photo_corrections` (before and after, who, when, why, the revision it made). Which corrections
// are allowed, and what happens at the receiving systems, is decided by handlers/corrections.ts
// and sync/correction-deliveries.ts; this module only owns the SQL (scripts/table-owners.test.ts).
import type { Laterality } from '../../../shared/value-sets/views';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

/** The correctable facts of a photo, as they are before a correction. */
export interface PhotoFacts {
  readonly id: string;
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly bodySiteCode: string | null;
  readonly bodySiteDisplay: string | null;
  readonly laterality: Laterality | null;
  readonly view: string | null;
  readonly revision: number;
  readonly deletedAt: string | null;
}

interface FactsRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  body_site_code: string | null;
  body_site_display: string | null;
  laterality: Laterality | null;
  view: string | null;
  revision: number;
  deleted_at: string | null;
}

const toFacts = (r: FactsRow): PhotoFacts => ({
  id: r.id,
  patientId: r.patient_id,
  encounterId: r.encounter_id,
  bodySiteCode: r.body_site_code,
  bodySiteDisplay: r.body_site_display,
  laterality: r.laterality,
  view: r.view,
  revision: r.revision,
  deletedAt: r.deleted_at,
});

const FACTS = 'SELECT id, patient_id, encounter_id, body_site_code, body_site_display, laterality, view, revision, deleted_at FROM photos';

/** The photo's correctable facts, deleted or not; NOT_FOUND for an unknown id. */
export function getPhotoFacts(db: Db, photoId: string): PhotoFacts {
  const row = db.prepare(`${FACTS} WHERE id = ?`).get(photoId) as FactsRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such photo.');
  return toFacts(row);
}

/** What a correction sets; a field left out keeps its value. */
export interface PhotoChange {
  readonly patientId?: string;
  readonly encounterId?: string | null;
  readonly bodySite?: { readonly code: string; readonly display: string };
  readonly laterality?: Laterality;
  readonly view?: string;
}

/**
 * Applies the change and bumps the photo's revision (its DICOM instance is reissued under a new
 * SOP Instance UID per revision, interop/uids.ts). Returns the new revision. Call inside the
 * transaction that records the correction and its audit record.
 */
export function applyPhotoChange(db: Db, photoId: string, change: PhotoChange): number {
  const set: string[] = [];
  const args: unknown[] = [];
  const put = (column: string, value: unknown) => {
    set.push(`${column} = ?`);
    args.push(value);
  };
  if (change.patientId !== undefined) put('patient_id', change.patientId);
  if (change.encounterId !== undefined) put('encounter_id', change.encounterId);
  if (change.bodySite !== undefined) {
    put('body_site_code', change.bodySite.code);
    put('body_site_display', change.bodySite.display);
  }
  if (change.laterality !== undefined) put('laterality', change.laterality);
  if (change.view !== undefined) put('view', change.view);
  set.push('revision = revision + 1');
  db.prepare(`UPDATE photos SET ${set.join(', ')} WHERE id = ?`).run(...args, photoId);
  return db.prepare('SELECT revision FROM photos WHERE id = ?').pluck().get(photoId) as number;
}

/** Marks the photo deleted (soft: the row and its sealed files stay until retention purges them). */
export function softDeletePhoto(db: Db, photoId: string, at: Date, userId: string, reason: string): void {
  db.prepare('UPDATE photos SET deleted_at = ?, deleted_by = ?, delete_reason = ? WHERE id = ? AND deleted_at IS NULL').run(at.toISOString(), userId, reason, photoId);
}

/** Undoes a soft delete. */
export function restoreDeletedPhoto(db: Db, photoId: string): void {
  db.prepare('UPDATE photos SET deleted_at = NULL, deleted_by = NULL, delete_reason = NULL WHERE id = ?').run(photoId);
}

export interface DeletedPhoto {
  readonly photoId: string;
  readonly capturedAt: string;
  readonly deletedAt: string;
  readonly deletedByName: string;
  readonly reason: string;
  readonly bodySite: string | null;
}

/** The patient's soft-deleted photos, most recently deleted first (to restore one). */
export function listDeletedPhotos(db: Db, patientId: string): DeletedPhoto[] {
  return db
    .prepare(
      `SELECT p.id AS photoId, p.captured_at AS capturedAt, p.deleted_at AS deletedAt, u.display_name AS deletedByName, p.delete_reason AS reason,
              p.body_site_display AS bodySite
       FROM photos p JOIN users u ON u.id = p.deleted_by WHERE p.patient_id = ? AND p.deleted_at IS NOT NULL ORDER BY p.deleted_at DESC, p.id`,
    )
    .all(patientId) as DeletedPhoto[];
}

/** Every photo of the patient, deleted ones included (a merge moves them all). */
export function allPhotoIdsOfPatient(db: Db, patientId: string): string[] {
  return db.prepare('SELECT id FROM photos WHERE patient_id = ? ORDER BY captured_at, id').pluck().all(patientId) as string[];
}

/** How many photos the patient has that are not deleted (entered in error is refused while any remain). */
export function livePhotoCount(db: Db, patientId: string): number {
  return db.prepare('SELECT count(*) FROM photos WHERE patient_id = ? AND deleted_at IS NULL').pluck().get(patientId) as number;
}

/** Whether the encounter has any photo, deleted or not. */
export function encounterHasPhotos(db: Db, encounterId: string): boolean {
  return db.prepare('SELECT 1 FROM photos WHERE encounter_id = ? LIMIT 1').get(encounterId) !== undefined;
}

export type CorrectionKind = 'edit' | 'delete' | 'restore';
export type RemoteOutcome = 'none' | 'requeued' | 'flagged';

export interface PhotoCorrectionRecord {
  readonly id: string;
  readonly photoId: string;
  readonly kind: CorrectionKind;
  readonly correctedAt: string;
  readonly correctedBy: string;
  readonly correctedByName: string;
  readonly reason: string;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  readonly revision: number;
  readonly mergeId: string | null;
  readonly remoteOutcome: RemoteOutcome;
}

export interface NewPhotoCorrection {
  readonly photoId: string;
  readonly kind: CorrectionKind;
  readonly at: Date;
  readonly userId: string;
  readonly reason: string;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  readonly revision: number;
  readonly mergeId?: string | null;
  readonly remoteOutcome: RemoteOutcome;
}

export function insertPhotoCorrection(db: Db, c: NewPhotoCorrection): string {
  const id = newId();
  db.prepare(
    `INSERT INTO photo_corrections (id, photo_id, kind, corrected_at, corrected_by, reason, before_json, after_json, revision, merge_id, remote_outcome)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, c.photoId, c.kind, c.at.toISOString(), c.userId, c.reason, JSON.stringify(c.before), JSON.stringify(c.after), c.revision, c.mergeId ?? null, c.remoteOutcome);
  return id;
}

interface CorrectionRow {
  id: string;
  photo_id: string;
  kind: CorrectionKind;
  corrected_at: string;
  corrected_by: string;
  corrected_by_name: string;
  reason: string;
  before_json: string;
  after_json: string;
  revision: number;
  merge_id: string | null;
  remote_outcome: RemoteOutcome;
}

/** The photo's corrections, oldest first. */
export function listPhotoCorrections(db: Db, photoId: string): PhotoCorrectionRecord[] {
  const rows = db
    .prepare(
      `SELECT c.*, u.display_name AS corrected_by_name FROM photo_corrections c JOIN users u ON u.id = c.corrected_by
       WHERE c.photo_id = ? ORDER BY c.corrected_at, c.revision, c.id`,
    )
    .all(photoId) as CorrectionRow[];
  return rows.map((r) => ({
    id: r.id,
    photoId: r.photo_id,
    kind: r.kind,
    correctedAt: r.corrected_at,
    correctedBy: r.corrected_by,
    correctedByName: r.corrected_by_name,
    reason: r.reason,
    before: JSON.parse(r.before_json) as Record<string, unknown>,
    after: JSON.parse(r.after_json) as Record<string, unknown>,
    revision: r.revision,
    mergeId: r.merge_id,
    remoteOutcome: r.remote_outcome,
  }));
}
