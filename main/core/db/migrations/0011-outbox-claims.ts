import type { Migration } from './index';

/**
 * A claim on a delivery has an owner and expires (docs/storage-format.md, "The outbox's claims").
 * `claimed_by` names the sync worker working on the row (its process id and a random part) and
 * `claim_expires_at` the end of its lease, which that worker renews while it works; any worker may
 * take over a row whose lease has ended. Rows claimed before this version (an `in_flight` row left
 * by a worker that died) have neither, and count as expired: the next worker takes them over.
 * No index: only the few rows being worked on carry a claim, and every question about claims is
 * asked of `in_flight` or `delivered` rows, which the existing (state, …) indexes find.
 */
export const m0011OutboxClaims: Migration = {
  version: 11,
  name: 'outbox-claims',
  up(db) {
    db.exec(`
      ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
      ALTER TABLE deliveries ADD COLUMN claim_expires_at TEXT;
    `);
  },
};
