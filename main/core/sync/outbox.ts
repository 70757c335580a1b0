// The transactional outbox: one row per photo × target, queued in the same transaction as the
// photo itself (capture/ingest.ts calls enqueueDeliveries inside its db.transaction), so a photo
// that exists always has its deliveries queued and a crash can never leave one unqueued. The sync
// worker moves rows queued → in_flight → delivered → verified (or failed), each step under a claim
// that expires (outbox-steps.ts); an in_flight row whose claim expired is taken over and sent again,
// which idempotency on the receiving side makes safe.
import type { DeliveryState, DeliveryWait, PhotoDelivery, SyncStatus } from '../../../shared/channels/delivery';
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
  /** The worker working on the row (outbox-steps.ts), null when nobody is. */
  claimed_by: string | null;
  /** When that worker's claim ends unless it renews it. */
  claim_expires_at: string | null;
  /** Why the consent gate holds the row (queued until a consent allows it), null when it does not. */
  consent_hold: string | null;
}

const kindFor = (targetKind: string): 'dicom' | 'fhir' => (targetKind === 'dicomweb' || targetKind === 'dimse' ? 'dicom' : 'fhir');

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
       SELECT lower(hex(randomblob(16))), ?, id, CASE WHEN kind IN ('dicomweb','dimse') THEN 'dicom' ELSE 'fhir' END, 'queued', 0, ?, ?, ? FROM delivery_targets WHERE enabled = 1`,
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

/**
 * Why a row that is not failed waits on something other than the network: a held capture (queued
 * for later, untouched, while the photographer decides at the retake prompt), or a claim whose
 * worker stopped renewing it (the next worker takes it over when it next looks), or the consent
 * gate, which holds a row queued until a consent allows it (consent-holds.ts).
 */
function waitFor(r: Pick<DeliveryRow, 'state' | 'attempts' | 'next_attempt_at' | 'claim_expires_at' | 'consent_hold'>, now: string): DeliveryWait | null {
  if (r.state === 'queued' && r.consent_hold !== null) return 'consent';
  if (r.state === 'queued' && r.attempts === 0 && r.next_attempt_at > now) return 'held';
  if (r.state === 'in_flight' && (r.claim_expires_at === null || r.claim_expires_at <= now)) return 'takeover';
  return null;
}

const publicRow = (r: DeliveryRow & { target_name: string }, at: Date): PhotoDelivery => ({
  id: r.id,
  photoId: r.photo_id,
  targetId: r.target_id,
  targetName: r.target_name,
  kind: r.kind,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.consent_hold ?? r.last_error,
  remoteId: r.remote_id,
  waitingFor: waitFor(r, at.toISOString()),
});

export function deliveriesForPhotos(db: Db, photoIds: readonly string[], at: Date = new Date()): PhotoDelivery[] {
  if (photoIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT d.*, t.name AS target_name FROM deliveries d JOIN delivery_targets t ON t.id = d.target_id
       WHERE d.photo_id IN (SELECT value FROM json_each(?)) ORDER BY d.photo_id, t.name`,
    )
    .all(JSON.stringify(photoIds)) as Array<DeliveryRow & { target_name: string }>;
  return rows.map((r) => publicRow(r, at));
}

export function getDelivery(db: Db, id: string, at: Date = new Date()): PhotoDelivery {
  const r = db.prepare('SELECT d.*, t.name AS target_name FROM deliveries d JOIN delivery_targets t ON t.id = d.target_id WHERE d.id = ?').get(id) as
    | (DeliveryRow & { target_name: string })
    | undefined;
  if (!r) throw new CoreError('NOT_FOUND', 'No such delivery.');
  return publicRow(r, at);
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
  return getDelivery(db, id, at);
}

export function syncCounts(db: Db, at: Date = new Date()): Pick<SyncStatus, 'total' | 'counts' | 'waiting'> & { lastError: string | null } {
  const counts = { queued: 0, in_flight: 0, delivered: 0, verified: 0, failed: 0 };
  for (const r of db.prepare('SELECT state, count(*) AS n FROM deliveries GROUP BY state').all() as Array<{ state: DeliveryState; n: number }>) counts[r.state] = r.n;
  const now = at.toISOString();
  const waiting = {
    held: db.prepare("SELECT count(*) FROM deliveries WHERE state = 'queued' AND attempts = 0 AND next_attempt_at > ? AND consent_hold IS NULL").pluck().get(now) as number,
    takeover: db.prepare("SELECT count(*) FROM deliveries WHERE state = 'in_flight' AND (claim_expires_at IS NULL OR claim_expires_at <= ?)").pluck().get(now) as number,
    consent: db.prepare("SELECT count(*) FROM deliveries WHERE state = 'queued' AND consent_hold IS NOT NULL").pluck().get() as number,
  };
  const lastError = db.prepare("SELECT last_error FROM deliveries WHERE state = 'failed' OR (state = 'queued' AND last_error IS NOT NULL) ORDER BY updated_at DESC LIMIT 1").pluck().get() as
    | string
    | undefined;
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), counts, waiting, lastError: lastError ?? null };
}
