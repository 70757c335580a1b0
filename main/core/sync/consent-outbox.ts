// The consent's own outbox (docs/consent.md, "FHIR"): one row per consent × FHIR target, queued in
// the transaction that records or withdraws the consent, so a committed consent always has its FHIR
// copy queued. A withdrawal bumps the row's revision and queues it again: the FHIR Consent is
// updated in place (PUT to its id), and the read-back compares what the server holds with what
// was sent last. The worker's steps mirror the photo outbox's (outbox-steps.ts): claim, send,
// record; read back, record.
import type { Db } from '../db/open';

export interface ConsentDeliveryRow {
  id: string;
  consent_id: string;
  target_id: string;
  revision: number;
  state: 'queued' | 'in_flight' | 'delivered' | 'verified' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  remote_id: string | null;
  sent_sha256: string | null;
  claimed_by: string | null;
  claim_expires_at: string | null;
}

/**
 * Queues the consent (again) for every enabled FHIR target. A row already there gets the next
 * revision and is due now; a row being sent right now keeps its claim and goes again after it.
 */
export function queueConsentDelivery(db: Db, consentId: string, at: Date): number {
  const now = at.toISOString();
  return db
    .prepare(
      `INSERT INTO consent_deliveries (id, consent_id, target_id, revision, state, attempts, next_attempt_at, created_at, updated_at)
       SELECT lower(hex(randomblob(16))), ?, id, 1, 'queued', 0, ?, ?, ? FROM delivery_targets WHERE enabled = 1 AND kind = 'fhir'
       ON CONFLICT (consent_id, target_id) DO UPDATE SET revision = revision + 1, attempts = 0, next_attempt_at = excluded.next_attempt_at,
         updated_at = excluded.updated_at, last_error = NULL,
         state = CASE WHEN state = 'in_flight' AND claim_expires_at > excluded.updated_at THEN state ELSE 'queued' END`,
    )
    .run(consentId, now, now, now).changes;
}
