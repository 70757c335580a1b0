// The sync worker's pass over the consent outbox (consent-outbox.ts): each due row is claimed,
// its consent sent to the FHIR target as a transaction (Consent and Provenance PUT under stable
// ids, so a resend overwrites), recorded as delivered, then read back (GET Consent/<id>) and
// compared with what was sent (consentDigest) before it counts as verified. A withdrawal queued
// while a send was on the wire bumps the row's revision: the send is then recorded as queued, and
// the new revision goes next. Transient failures back off like photo deliveries; the others fail
// with the server's reason. Consents are few and small: one row at a time.
import type { Consent } from '@medplum/fhirtypes';
import type { BlobStore } from '../blobs/blob-store';
import { consentFhirBundle } from '../consent/fhir-payload';
import type { Db } from '../db/open';
import { writeTransaction } from '../db/write';
import { consentDigest, consentResourceId } from '../interop/fhir/consent';
import { backoffMs, DEFAULT_RETRY, type RetryPolicy } from './drain';
import { cleanReason, DeliveryError, expectOk, TargetClient } from './http';
import type { ConsentDeliveryRow } from './consent-outbox';
import type { Claimant } from './outbox-steps';
import { getTargetConfig } from './targets';

const FHIR_JSON = 'application/fhir+json';

export interface ConsentDrainOptions {
  readonly db: () => Db;
  readonly blobs: BlobStore;
  readonly claimant: Claimant;
  readonly retry?: RetryPolicy;
  readonly clock?: () => Date;
  readonly timeoutMs?: number;
}

export class ConsentDrainer {
  private readonly clock: () => Date;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: ConsentDrainOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** Takes every step due now, one row at a time; resolves with how many it took. */
  async drainOnce(): Promise<number> {
    let touched = 0;
    for (let row = this.nextDue(); row; row = this.nextDue()) {
      await this.step(row);
      touched += 1;
    }
    return touched;
  }

  private nextDue(): ConsentDeliveryRow | null {
    const now = this.clock().toISOString();
    return (
      (this.options
        .db()
        .prepare(
          `SELECT * FROM consent_deliveries WHERE next_attempt_at <= ? AND (state IN ('queued', 'delivered') OR (state = 'in_flight' AND claim_expires_at <= ?))
           ORDER BY next_attempt_at LIMIT 1`,
        )
        .get(now, now) as ConsentDeliveryRow | undefined) ?? null
    );
  }

  /** Claims the row for this step: false when another worker got it first. */
  private claim(row: ConsentDeliveryRow): boolean {
    const at = this.clock();
    const until = new Date(at.getTime() + this.options.claimant.leaseMs).toISOString();
    return (
      this.options
        .db()
        .prepare(
          `UPDATE consent_deliveries SET state = CASE state WHEN 'delivered' THEN 'delivered' ELSE 'in_flight' END, claimed_by = ?, claim_expires_at = ?,
             attempts = attempts + 1, updated_at = ?, next_attempt_at = ?
           WHERE id = ? AND state = ? AND revision = ? AND (claim_expires_at IS NULL OR claim_expires_at <= ?)`,
        )
        .run(this.options.claimant.owner, until, at.toISOString(), until, row.id, row.state, row.revision, at.toISOString()).changes === 1
    );
  }

  private async step(row: ConsentDeliveryRow): Promise<void> {
    if (!this.claim(row)) return;
    const db = this.options.db();
    const client = new TargetClient(getTargetConfig(db, row.target_id), this.options.timeoutMs);
    const now = () => this.clock().toISOString();
    try {
      if (row.state !== 'delivered') {
        const bundle = await consentFhirBundle(db, this.options.blobs, row.consent_id, this.clock());
        const consent = bundle.entry?.find((e) => e.resource?.resourceType === 'Consent')?.resource as Consent;
        expectOk(await client.request('POST', '', { 'content-type': FHIR_JSON, accept: FHIR_JSON }, Buffer.from(JSON.stringify(bundle))), 'FHIR transaction');
        // A withdrawal recorded meanwhile bumped the revision: this send is stale and the row goes again.
        db.prepare(
          `UPDATE consent_deliveries SET state = CASE WHEN revision = ? THEN 'delivered' ELSE 'queued' END, remote_id = ?, sent_sha256 = ?, last_error = NULL,
             claimed_by = NULL, claim_expires_at = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ? AND claimed_by = ?`,
        ).run(row.revision, consent.id ?? consentResourceId(row.consent_id), consentDigest(consent), now(), now(), row.id, this.options.claimant.owner);
        return;
      }
      const reply = expectOk(await client.request('GET', `Consent/${encodeURIComponent(row.remote_id ?? '')}`, { accept: FHIR_JSON }), 'FHIR read Consent');
      const held = consentDigest(JSON.parse(reply.body.toString('utf8')) as Consent);
      if (held !== row.sent_sha256) throw new DeliveryError('Read-back: the Consent the server holds differs from what was sent.', false);
      db.prepare(
        `UPDATE consent_deliveries SET state = CASE WHEN revision = ? THEN 'verified' ELSE state END, verified_sha256 = ?, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
         WHERE id = ? AND claimed_by = ?`,
      ).run(row.revision, held, now(), row.id, this.options.claimant.owner);
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(`This workstation could not prepare the consent for delivery (${(error as { code?: string }).code ?? 'ERROR'}).`, false);
      const attempts = row.attempts + 1;
      const retry = failure.transient && attempts < this.retry.maxAttempts;
      const at = this.clock();
      writeTransaction(db, () =>
        db
          .prepare(
            `UPDATE consent_deliveries SET state = ?, last_error = ?, claimed_by = NULL, claim_expires_at = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ? AND claimed_by = ?`,
          )
          .run(
            retry ? (row.state === 'delivered' ? 'delivered' : 'queued') : 'failed',
            cleanReason(failure.reason),
            new Date(at.getTime() + (retry ? backoffMs(attempts, this.retry) : 0)).toISOString(),
            at.toISOString(),
            row.id,
            this.options.claimant.owner,
          ),
      );
    } finally {
      client.close();
    }
  }
}
