// The sync worker's side of the outbox: which rows are due, and each step a worker records. A step
// is taken under a claim: the row names its worker (`claimed_by`) and the end of a lease
// (`claim_expires_at`) that the worker renews while it works. Several processes may run a worker on
// one data directory at once (the app and a CLI beside it): a claim keeps them off each other's
// rows, a worker records a step only on a row it still holds, and a claim whose lease has ended
// (its worker died, was terminated, or stalled) is taken over by any worker, which sends the photo
// again: the receiving side's idempotency makes that safe (docs/architecture.md, "Delivery").
// Every write here is one IMMEDIATE transaction: other processes write the outbox too, and the
// connection's busy_timeout makes a writer wait its turn instead of failing.
import type { Db } from '../db/open';
import type { DeliveryRow } from './outbox';

/**
 * How long a claim lasts unless its worker renews it (it does every third of this). A dead
 * worker's rows wait this long before another worker takes them over; a live worker stalled for
 * longer than this (a suspended laptop) loses them and, since it records steps only on rows it
 * still holds, merely repeats work.
 */
export const DEFAULT_CLAIM_LEASE_MS = 30_000;

/**
 * How long a delivered row may wait for its read-back while its target still has photos to send.
 * Sends go first so that a backlog reaches the receiving system at upload speed (a read-back is a
 * second full transfer of the photo, competing with the uploads); the cap keeps a long backfill
 * from leaving its first photos unverified for hours.
 */
export const VERIFY_DEFER_MAX_MS = 10 * 60_000;

/** Who works on a row, and for how long a claim lasts without renewal. */
export interface Claimant {
  readonly owner: string;
  readonly leaseMs: number;
}

const iso = (d: Date) => d.toISOString();
const leaseEnd = (at: Date, c: Claimant) => new Date(at.getTime() + c.leaseMs).toISOString();
const immediate = <T>(db: Db, fn: () => T): T => db.transaction(fn).immediate();

/**
 * Rows due now, leaving out `busy` (rows the caller is already working on): first in_flight rows
 * whose claim has expired (taken over and sent again), then queued rows to send, oldest due first,
 * then delivered rows to read back that nobody holds and whose target has no send waiting (queued
 * and due, or in flight under a live claim of `owner`, the asking worker) or that have waited
 * VERIFY_DEFER_MAX_MS. Another process's sends do not hold this worker's read-backs: waiting would
 * not speed them up, and a stalled process would hold them for its whole lease. Without `owner`,
 * any live claim holds them. A claim that has expired holds nothing back.
 */
export function dueDeliveries(db: Db, at: Date, limit: number, busy: Iterable<string> = [], owner?: string): DeliveryRow[] {
  const now = iso(at);
  const skip = JSON.stringify([...busy]);
  const takeovers = db
    .prepare(
      `SELECT * FROM deliveries WHERE state = 'in_flight' AND (claim_expires_at IS NULL OR claim_expires_at <= ?)
         AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_attempt_at LIMIT ?`,
    )
    .all(now, skip, limit) as DeliveryRow[];
  if (takeovers.length >= limit) return takeovers;
  const sends = db
    .prepare("SELECT * FROM deliveries WHERE state = 'queued' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_attempt_at LIMIT ?")
    .all(now, skip, limit - takeovers.length) as DeliveryRow[];
  const toSend = [...takeovers, ...sends];
  if (toSend.length >= limit) return toSend;
  const deferredUntil = iso(new Date(at.getTime() - VERIFY_DEFER_MAX_MS));
  const readBacks = db
    .prepare(
      `SELECT * FROM deliveries d WHERE state = 'delivered' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?))
         AND (claim_expires_at IS NULL OR claim_expires_at <= ?)
         AND (updated_at <= ? OR (
           NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'in_flight' AND s.claim_expires_at > ? AND (? IS NULL OR s.claimed_by = ?))
           AND NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'queued' AND s.next_attempt_at <= ?)))
       ORDER BY next_attempt_at LIMIT ?`,
    )
    .all(now, skip, now, deferredUntil, now, owner ?? null, owner ?? null, now, limit - toSend.length) as DeliveryRow[];
  return [...toSend, ...readBacks];
}

/**
 * The next time anything may become due (for the worker's sleep), or null when nothing waits: a
 * queued or delivered row's due time, or the end of a claim's lease (then it can be taken over).
 */
export function nextDueAt(db: Db): Date | null {
  const t = db
    .prepare(
      `SELECT min(t) FROM (
         SELECT min(next_attempt_at) AS t FROM deliveries WHERE state IN ('queued','delivered')
         UNION ALL SELECT min(claim_expires_at) FROM deliveries WHERE state = 'in_flight')`,
    )
    .pluck()
    .get() as string | null;
  return t ? new Date(t) : null;
}

/** In_flight rows nobody holds any more (their worker's lease ended): they wait to be taken over. */
export function expiredClaims(db: Db, at: Date): number {
  return db.prepare("SELECT count(*) FROM deliveries WHERE state = 'in_flight' AND (claim_expires_at IS NULL OR claim_expires_at <= ?)").pluck().get(iso(at)) as number;
}

/**
 * Claims a row for sending: a queued row, or an in_flight row whose claim has expired (a takeover).
 * False if another worker holds it or it changed.
 */
export function claimForSend(db: Db, id: string, c: Claimant, at: Date): boolean {
  return immediate(db, () =>
    db
      .prepare(
        `UPDATE deliveries SET state = 'in_flight', attempts = attempts + 1, claimed_by = ?, claim_expires_at = ?, updated_at = ?
         WHERE id = ? AND (state = 'queued' OR (state = 'in_flight' AND (claim_expires_at IS NULL OR claim_expires_at <= ?)))`,
      )
      .run(c.owner, leaseEnd(at, c), iso(at), id, iso(at)).changes === 1,
  );
}

/**
 * Claims a delivered row for its read-back, counting the attempt (so a server that never reads back
 * ends as failed); returns the attempts so far, or null if another worker holds it or it changed.
 * The row stays `delivered`: a read-back changes nothing on the receiving side.
 */
export function claimForReadBack(db: Db, id: string, c: Claimant, at: Date): number | null {
  const attempts = immediate(db, () =>
    db
      .prepare(
        `UPDATE deliveries SET attempts = attempts + 1, claimed_by = ?, claim_expires_at = ?
         WHERE id = ? AND state = 'delivered' AND (claim_expires_at IS NULL OR claim_expires_at <= ?) RETURNING attempts`,
      )
      .pluck()
      .get(c.owner, leaseEnd(at, c), id, iso(at)) as number | undefined,
  );
  return attempts ?? null;
}

/** Extends the lease of the rows `ids` that this worker still holds; returns how many it holds. */
export function renewClaims(db: Db, ids: Iterable<string>, c: Claimant, at: Date): number {
  const list = JSON.stringify([...ids]);
  if (list === '[]') return 0;
  return immediate(db, () =>
    db.prepare('UPDATE deliveries SET claim_expires_at = ? WHERE claimed_by = ? AND id IN (SELECT value FROM json_each(?))').run(leaseEnd(at, c), c.owner, list).changes,
  );
}

/**
 * Gives back what this worker holds (all of it, or the one row `id`): a row claimed for sending is
 * queued again, due now, for whichever worker comes next; a row claimed for its read-back stays
 * delivered. Returns how many rows were released.
 */
export function releaseClaims(db: Db, owner: string, at: Date, id?: string): number {
  return immediate(db, () =>
    db
      .prepare(
        `UPDATE deliveries SET state = CASE state WHEN 'in_flight' THEN 'queued' ELSE state END,
           next_attempt_at = CASE state WHEN 'in_flight' THEN ? ELSE next_attempt_at END,
           claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
         WHERE claimed_by = ? AND (? IS NULL OR id = ?)`,
      )
      .run(iso(at), iso(at), owner, id ?? null, id ?? null).changes,
  );
}

/** The send went through: read-back next. False (nothing recorded) if this worker no longer holds the row. */
export function markDelivered(db: Db, id: string, owner: string, remoteId: string, sentSha256: string, at: Date): boolean {
  return immediate(db, () =>
    db
      .prepare(
        `UPDATE deliveries SET state = 'delivered', remote_id = ?, sent_sha256 = ?, last_error = NULL, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
         WHERE id = ? AND state = 'in_flight' AND claimed_by = ?`,
      )
      .run(remoteId, sentSha256, iso(at), id, owner).changes === 1,
  );
}

/** The read-back matched. False (nothing recorded) if this worker no longer holds the row. */
export function markVerified(db: Db, id: string, owner: string, hash: string, at: Date): boolean {
  return immediate(db, () =>
    db
      .prepare(
        `UPDATE deliveries SET state = 'verified', verified_sha256 = ?, last_error = NULL, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
         WHERE id = ? AND state = 'delivered' AND claimed_by = ?`,
      )
      .run(hash, iso(at), id, owner).changes === 1,
  );
}

/** A failed step: back to `retryState` at `nextAt`, or `failed` when nextAt is null; only on a row this worker holds. */
export function markAttemptFailed(db: Db, id: string, owner: string, reason: string, retryState: 'queued' | 'delivered', nextAt: Date | null, at: Date): boolean {
  return immediate(db, () =>
    db
      .prepare(
        `UPDATE deliveries SET state = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
         WHERE id = ? AND claimed_by = ?`,
      )
      .run(nextAt ? retryState : 'failed', reason, nextAt ? iso(nextAt) : null, iso(at), id, owner).changes === 1,
  );
}
