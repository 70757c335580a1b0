// The one owner of `annotation_deliveries`: the presentation-state outbox. Saving a version queues
// (or re-queues, with the new version) one row per enabled DICOMweb target in the same transaction,
// so a committed version always has its delivery queued. A row is due only once the photo itself
// is delivered to that target (`deliveries.state` delivered or verified): a PACS should never hold a
// presentation state whose image it does not have. Claims and leases mirror the photo outbox's
// (sync/outbox-steps.ts), so two workers never send the same row at once.
import type { Db } from '../db/open';

export interface AnnotationDeliveryRow {
  id: string;
  photo_id: string;
  target_id: string;
  version: number;
  state: 'queued' | 'in_flight' | 'delivered' | 'verified' | 'failed';
  attempts: number;
  next_attempt_at: string;
  sop_instance_uid: string | null;
  sent_sha256: string | null;
}

/** Queues the photo's current version for every enabled DICOMweb target (call inside the save's transaction). */
export function queueAnnotationDelivery(db: Db, photoId: string, version: number, at: Date): number {
  const now = at.toISOString();
  return db
    .prepare(
      `INSERT INTO annotation_deliveries (id, photo_id, target_id, version, state, attempts, next_attempt_at, created_at, updated_at)
       SELECT lower(hex(randomblob(16))), ?, id, ?, 'queued', 0, ?, ?, ? FROM delivery_targets WHERE enabled = 1 AND kind = 'dicomweb'
       ON CONFLICT (photo_id, target_id) DO UPDATE SET version = excluded.version, attempts = 0, last_error = NULL,
         next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at,
         state = CASE WHEN state = 'in_flight' AND claim_expires_at > excluded.updated_at THEN state ELSE 'queued' END`,
    )
    .run(photoId, version, now, now, now).changes;
}

/** The next row due now whose photo has reached the same target, or null. */
export function nextDueAnnotationDelivery(db: Db, at: Date): AnnotationDeliveryRow | null {
  const now = at.toISOString();
  return (
    (db
      .prepare(
        `SELECT a.id, a.photo_id, a.target_id, a.version, a.state, a.attempts, a.next_attempt_at, a.sop_instance_uid, a.sent_sha256
         FROM annotation_deliveries a
         JOIN deliveries d ON d.photo_id = a.photo_id AND d.target_id = a.target_id AND d.state IN ('delivered', 'verified')
         WHERE a.next_attempt_at <= ? AND (a.state IN ('queued', 'delivered') OR (a.state = 'in_flight' AND a.claim_expires_at <= ?))
         ORDER BY a.next_attempt_at LIMIT 1`,
      )
      .get(now, now) as AnnotationDeliveryRow | undefined) ?? null
  );
}

/** Claims the row for one step; false when another worker holds it or it changed meanwhile. */
export function claimAnnotationDelivery(db: Db, row: AnnotationDeliveryRow, owner: string, at: Date, leaseMs: number): boolean {
  const now = at.toISOString();
  const until = new Date(at.getTime() + leaseMs).toISOString();
  return (
    db
      .prepare(
        `UPDATE annotation_deliveries SET state = CASE state WHEN 'delivered' THEN 'delivered' ELSE 'in_flight' END, claimed_by = ?, claim_expires_at = ?,
           attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
         WHERE id = ? AND state = ? AND version = ? AND (claim_expires_at IS NULL OR claim_expires_at <= ?)`,
      )
      .run(owner, until, until, now, row.id, row.state, row.version, now).changes === 1
  );
}

/** Sent: delivered, or queued again when a newer version was saved while this one was on the wire. */
export function markAnnotationSent(db: Db, row: AnnotationDeliveryRow, owner: string, sent: { sopInstanceUid: string; sha256: string }, at: Date): void {
  const now = at.toISOString();
  db.prepare(
    `UPDATE annotation_deliveries SET state = CASE WHEN version = ? THEN 'delivered' ELSE 'queued' END, sop_instance_uid = ?, sent_sha256 = ?, last_error = NULL,
       claimed_by = NULL, claim_expires_at = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ? AND claimed_by = ?`,
  ).run(row.version, sent.sopInstanceUid, sent.sha256, now, now, row.id, owner);
}

export function markAnnotationVerified(db: Db, row: AnnotationDeliveryRow, owner: string, at: Date): void {
  db.prepare(
    `UPDATE annotation_deliveries SET state = CASE WHEN version = ? THEN 'verified' ELSE state END, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
     WHERE id = ? AND claimed_by = ?`,
  ).run(row.version, at.toISOString(), row.id, owner);
}

/** A failed step: back to its state for a retry at `retryAt`, or failed for good when it is null. */
export function markAnnotationFailed(db: Db, row: AnnotationDeliveryRow, owner: string, reason: string, retryAt: Date | null, at: Date): void {
  db.prepare(
    `UPDATE annotation_deliveries SET state = ?, last_error = ?, claimed_by = NULL, claim_expires_at = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ? AND claimed_by = ?`,
  ).run(retryAt ? (row.state === 'delivered' ? 'delivered' : 'queued') : 'failed', reason, (retryAt ?? at).toISOString(), at.toISOString(), row.id, owner);
}

export interface AnnotationDeliveryState {
  readonly targetId: string;
  readonly version: number;
  readonly state: AnnotationDeliveryRow['state'];
  readonly lastError: string | null;
}

export function annotationDeliveriesOf(db: Db, photoId: string): AnnotationDeliveryState[] {
  return db
    .prepare('SELECT target_id AS targetId, version, state, last_error AS lastError FROM annotation_deliveries WHERE photo_id = ? ORDER BY target_id')
    .all(photoId) as AnnotationDeliveryState[];
}
