// The transactional outbox: one row per photo × target, queued in the same transaction as the
// photo itself (capture/ingest.ts calls enqueueDeliveries inside its db.transaction), so a photo
// that exists always has its deliveries queued and a crash can never leave one unqueued. The sync
// worker moves rows queued → in_flight → delivered → verified (or failed); an in_flight row found
// at start is sent again, which idempotency on the receiving side makes safe.
import type { DeliveryState, PhotoDelivery, SyncStatus } from '../../../shared/channels/delivery';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { photosWithoutDeliveryTo } from '../photos/photo-lookups';
import { newId } from '../support/ids';

export interface DeliveryRow {
  id: string;
  photo_id: string;
  target_id: string;
  kind: 'dicom' | 'fhir';
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  remote_id: string | null;
  sent_sha256: string | null;
  verified_sha256: string | null;
}

const kindFor = (targetKind: string): 'dicom' | 'fhir' => (targetKind === 'dicomweb' ? 'dicom' : 'fhir');

/**
 * Queues the photo for every enabled target, due at `dueAt` (at once unless a capture waits for
 * the photographer's decision, see capture/ingest.ts). Call inside the transaction that inserts
 * the photo.
 */
export function enqueueDeliveries(db: Db, photoId: string, at: Date, dueAt: Date = at): number {
  const now = at.toISOString();
  return db
    .prepare(
      `INSERT OR IGNORE INTO deliveries (id, photo_id, target_id, kind, state, attempts, next_attempt_at, created_at, updated_at)
       SELECT lower(hex(randomblob(16))), ?, id, CASE kind WHEN 'dicomweb' THEN 'dicom' ELSE 'fhir' END, 'queued', 0, ?, ?, ? FROM delivery_targets WHERE enabled = 1`,
    )
    .run(photoId, dueAt.toISOString(), now, now).changes;
}

/** Deliveries of the photo queued for later (a held capture) become due now; returns how many. */
export function releaseHeldDeliveries(db: Db, photoId: string, at: Date): number {
  const now = at.toISOString();
  return db
    .prepare("UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE photo_id = ? AND state = 'queued' AND attempts = 0 AND next_attempt_at > ?")
    .run(now, now, photoId, now).changes;
}

/** Whether any delivery of the photo has been claimed for sending or gone further (not just queued). */
export function photoHasLeft(db: Db, photoId: string): boolean {
  return db.prepare("SELECT 1 FROM deliveries WHERE photo_id = ? AND state <> 'queued' LIMIT 1").get(photoId) !== undefined;
}

/** Queues every photo that has no delivery to this target yet (a target added after the photos). */
export function backfillTarget(db: Db, targetId: string, at: Date): number {
  const target = db.prepare('SELECT kind, enabled FROM delivery_targets WHERE id = ?').get(targetId) as { kind: string; enabled: number } | undefined;
  if (!target) throw new CoreError('NOT_FOUND', 'No such delivery target.');
  if (target.enabled !== 1) throw new CoreError('VALIDATION_FAILED', 'Enable the target before queueing photos for it.', { targetId: 'is disabled' });
  const now = at.toISOString();
  const insert = db.prepare(
    `INSERT OR IGNORE INTO deliveries (id, photo_id, target_id, kind, state, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?)`,
  );
  return db.transaction(() => {
    let queued = 0;
    for (const photoId of photosWithoutDeliveryTo(db, targetId)) queued += insert.run(newId(), photoId, targetId, kindFor(target.kind), now, now, now).changes;
    return queued;
  })();
}

/**
 * Whether the photo may leave this workstation's store: only when every delivery it has is
 * verified (read back from the receiving system and hash-compared). Future lifecycle code
 * (retention, purge) must call this before deleting a photo's rows or files.
 */
export function canDeletePhoto(db: Db, photoId: string): boolean {
  const open = db.prepare("SELECT count(*) FROM deliveries WHERE photo_id = ? AND state <> 'verified'").pluck().get(photoId) as number;
  return open === 0;
}

const publicRow = (r: DeliveryRow & { target_name: string }): PhotoDelivery => ({
  id: r.id,
  photoId: r.photo_id,
  targetId: r.target_id,
  targetName: r.target_name,
  kind: r.kind,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  remoteId: r.remote_id,
});

export function deliveriesForPhotos(db: Db, photoIds: readonly string[]): PhotoDelivery[] {
  if (photoIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT d.*, t.name AS target_name FROM deliveries d JOIN delivery_targets t ON t.id = d.target_id
       WHERE d.photo_id IN (SELECT value FROM json_each(?)) ORDER BY d.photo_id, t.name`,
    )
    .all(JSON.stringify(photoIds)) as Array<DeliveryRow & { target_name: string }>;
  return rows.map(publicRow);
}

export function getDelivery(db: Db, id: string): PhotoDelivery {
  const r = db.prepare('SELECT d.*, t.name AS target_name FROM deliveries d JOIN delivery_targets t ON t.id = d.target_id WHERE d.id = ?').get(id) as
    | (DeliveryRow & { target_name: string })
    | undefined;
  if (!r) throw new CoreError('NOT_FOUND', 'No such delivery.');
  return publicRow(r);
}

/** A failed delivery back in the queue, due now, with a fresh attempt budget. */
export function retryDelivery(db: Db, id: string, at: Date): PhotoDelivery {
  const row = getDelivery(db, id);
  if (row.state !== 'failed') throw new CoreError('VALIDATION_FAILED', 'Only a failed delivery can be retried.', { deliveryId: `is ${row.state}` });
  // A failure after STOW/transaction succeeded (read-back) goes back to verification, not resending.
  db.prepare(
    `UPDATE deliveries SET state = CASE WHEN remote_id IS NOT NULL AND sent_sha256 IS NOT NULL THEN 'delivered' ELSE 'queued' END,
       attempts = 0, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'failed'`,
  ).run(at.toISOString(), at.toISOString(), id);
  return getDelivery(db, id);
}

export function syncCounts(db: Db): Pick<SyncStatus, 'total' | 'counts'> & { lastError: string | null } {
  const counts = { queued: 0, in_flight: 0, delivered: 0, verified: 0, failed: 0 };
  for (const r of db.prepare('SELECT state, count(*) AS n FROM deliveries GROUP BY state').all() as Array<{ state: DeliveryState; n: number }>) counts[r.state] = r.n;
  const lastError = db.prepare("SELECT last_error FROM deliveries WHERE state = 'failed' OR (state = 'queued' AND last_error IS NOT NULL) ORDER BY updated_at DESC LIMIT 1").pluck().get() as
    | string
    | undefined;
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), counts, lastError: lastError ?? null };
}

// ---- the worker's side ------------------------------------------------------------------------

/** At start: anything in flight when the last worker died is sent again (idempotent). */
export function recoverInFlight(db: Db, at: Date): number {
  return db.prepare("UPDATE deliveries SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE state = 'in_flight'").run(at.toISOString(), at.toISOString()).changes;
}

/**
 * How long a delivered row may wait for its read-back while its target still has photos to send.
 * Sends go first so that a backlog reaches the receiving system at upload speed (a read-back is a
 * second full transfer of the photo, competing with the uploads); the cap keeps a long backfill
 * from leaving its first photos unverified for hours.
 */
export const VERIFY_DEFER_MAX_MS = 10 * 60_000;

/**
 * Rows due now, oldest due first within each kind of step, leaving out `busy` (rows the caller
 * is already working on): queued rows to send, then delivered rows to read back whose target has
 * no send waiting (queued and due, or in flight) or that have waited VERIFY_DEFER_MAX_MS.
 */
export function dueDeliveries(db: Db, at: Date, limit: number, busy: Iterable<string> = []): DeliveryRow[] {
  const now = at.toISOString();
  const skip = JSON.stringify([...busy]);
  const sends = db
    .prepare("SELECT * FROM deliveries WHERE state = 'queued' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_attempt_at LIMIT ?")
    .all(now, skip, limit) as DeliveryRow[];
  if (sends.length >= limit) return sends;
  const deferredUntil = new Date(at.getTime() - VERIFY_DEFER_MAX_MS).toISOString();
  const readBacks = db
    .prepare(
      `SELECT * FROM deliveries d WHERE state = 'delivered' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?))
         AND (updated_at <= ? OR (
           NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'in_flight')
           AND NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'queued' AND s.next_attempt_at <= ?)))
       ORDER BY next_attempt_at LIMIT ?`,
    )
    .all(now, skip, deferredUntil, now, limit - sends.length) as DeliveryRow[];
  return [...sends, ...readBacks];
}

/** The next time anything becomes due (for the worker's sleep), or null when nothing waits. */
export function nextDueAt(db: Db): Date | null {
  const t = db.prepare("SELECT min(next_attempt_at) FROM deliveries WHERE state IN ('queued','delivered')").pluck().get() as string | null;
  return t ? new Date(t) : null;
}

/** Claims a queued row for sending; false if another drain took it or it changed. */
export function markInFlight(db: Db, id: string, at: Date): boolean {
  return db.prepare("UPDATE deliveries SET state = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'").run(at.toISOString(), id).changes === 1;
}

export function markDelivered(db: Db, id: string, remoteId: string, sentSha256: string, at: Date): void {
  db.prepare("UPDATE deliveries SET state = 'delivered', remote_id = ?, sent_sha256 = ?, last_error = NULL, updated_at = ? WHERE id = ?").run(remoteId, sentSha256, at.toISOString(), id);
}

export function markVerified(db: Db, id: string, hash: string, at: Date): void {
  db.prepare("UPDATE deliveries SET state = 'verified', verified_sha256 = ?, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'delivered'").run(hash, at.toISOString(), id);
}

/** A failed step: back to `retryState` at `nextAt`, or `failed` when nextAt is null. */
export function markAttemptFailed(db: Db, id: string, reason: string, retryState: 'queued' | 'delivered', nextAt: Date | null, at: Date): void {
  if (nextAt) {
    db.prepare('UPDATE deliveries SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?').run(retryState, reason, nextAt.toISOString(), at.toISOString(), id);
  } else {
    db.prepare("UPDATE deliveries SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?").run(reason, at.toISOString(), id);
  }
}

/** Verification attempts also count, so a server that never reads back ends as failed. */
export function countAttempt(db: Db, id: string): number {
  return db.prepare('UPDATE deliveries SET attempts = attempts + 1 WHERE id = ? RETURNING attempts').pluck().get(id) as number;
}
