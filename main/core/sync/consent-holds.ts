// The outbox's side of the consent gate (docs/consent.md, "Deliveries"). Before the worker sends
// a row, whatever its target's kind, it asks the gate with the target's purpose; a refused row is
// not sent and loses nothing: it stays queued, with the gate's reason in `consent_hold` (the
// delivery screen shows it as waiting for consent), and is looked at again when a consent or the
// policy changes (releaseConsentHolds) or after CONSENT_RECHECK_MS. A withdrawal cancels the
// queued rows for the withdrawn uses and lists the photos that already went to them.
import type { Purpose, PublishedPhoto } from '../../../shared/consent';
import { recordAudit } from '../audit/audit';
import { checkRelease } from '../consent/gate';
import type { Db } from '../db/open';
import { writeTransaction } from '../db/write';
import type { DeliveryRow } from './outbox';

/** How long a held row waits before the gate is asked again without a change (expiry is by day). */
export const CONSENT_RECHECK_MS = 60 * 60_000;

/**
 * Asks the gate for a row about to be sent. Allowed: true (and any earlier hold is cleared when
 * the row is sent). Refused: the row is held and false returned; the refusal is audited when the
 * hold is new or its reason changed, so a row rechecked every hour does not flood the trail.
 */
export function releaseOrHold(db: Db, row: Pick<DeliveryRow, 'id' | 'photo_id' | 'target_id' | 'consent_hold'>, at: Date): boolean {
  const purpose = db.prepare('SELECT purpose FROM delivery_targets WHERE id = ?').pluck().get(row.target_id) as Purpose | undefined;
  const decision = checkRelease(db, { photoId: row.photo_id, purpose: purpose ?? 'clinical', at });
  if (decision.allowed) return true;
  const reason = decision.reason ?? `Not released for ${purpose}.`;
  const now = at.toISOString();
  writeTransaction(db, () => {
    const held = db
      .prepare("UPDATE deliveries SET consent_hold = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'queued' AND claimed_by IS NULL")
      .run(reason, new Date(at.getTime() + CONSENT_RECHECK_MS).toISOString(), now, row.id).changes;
    if (held === 0 || row.consent_hold === reason) return;
    recordAudit(db, at, {
      userId: null,
      action: 'consent.release-refused',
      outcome: 'denied',
      patientId: decision.patientId,
      photoId: row.photo_id,
      detail: `via=delivery;target=${row.target_id};purpose=${decision.purpose};scope=${decision.scope ?? ''}`,
    });
  });
  return false;
}

/** Clears the hold of a row that is being sent now (the gate said yes this time). */
export function clearConsentHold(db: Db, deliveryId: string): void {
  db.prepare('UPDATE deliveries SET consent_hold = NULL WHERE id = ? AND consent_hold IS NOT NULL').run(deliveryId);
}

/** Held rows of these photos (all photos when null) become due now: a consent or the policy changed. */
export function releaseConsentHolds(db: Db, photoIds: readonly string[] | null, at: Date): number {
  const now = at.toISOString();
  if (photoIds === null) {
    return db.prepare("UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE state = 'queued' AND consent_hold IS NOT NULL").run(now, now).changes;
  }
  return db
    .prepare("UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE state = 'queued' AND consent_hold IS NOT NULL AND photo_id IN (SELECT value FROM json_each(?))")
    .run(now, now, JSON.stringify(photoIds)).changes;
}

/**
 * Cancels the queued deliveries of these photos to targets used for `purposes` (never clinical):
 * they become failed with the reason, so they do not go unless a person retries them (and the gate
 * allows it then). Returns how many.
 */
export function cancelForWithdrawal(db: Db, photoIds: readonly string[], purposes: readonly Purpose[], reason: string, at: Date): number {
  const uses = purposes.filter((p) => p !== 'clinical');
  if (uses.length === 0 || photoIds.length === 0) return 0;
  const now = at.toISOString();
  return db
    .prepare(
      `UPDATE deliveries SET state = 'failed', last_error = ?, consent_hold = NULL, updated_at = ?
       WHERE state = 'queued' AND claimed_by IS NULL AND photo_id IN (SELECT value FROM json_each(?))
         AND target_id IN (SELECT id FROM delivery_targets WHERE purpose IN (SELECT value FROM json_each(?)))`,
    )
    .run(reason, now, JSON.stringify(photoIds), JSON.stringify(uses)).changes;
}

/** Photos of these that already went to a target used for one of `purposes`: for follow-up by hand. */
export function publishedFor(db: Db, photoIds: readonly string[], purposes: readonly Purpose[]): PublishedPhoto[] {
  if (photoIds.length === 0 || purposes.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT d.photo_id, t.name, t.purpose, d.updated_at FROM deliveries d JOIN delivery_targets t ON t.id = d.target_id
       WHERE d.state IN ('in_flight', 'delivered', 'verified') AND d.photo_id IN (SELECT value FROM json_each(?))
         AND t.purpose IN (SELECT value FROM json_each(?))
       ORDER BY d.updated_at`,
    )
    .all(JSON.stringify(photoIds), JSON.stringify(purposes)) as Array<{ photo_id: string; name: string; purpose: Purpose; updated_at: string }>;
  return rows.map((r) => ({ photoId: r.photo_id, targetName: r.name, purpose: r.purpose, deliveredAt: r.updated_at }));
}
