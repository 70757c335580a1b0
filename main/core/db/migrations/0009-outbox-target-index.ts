import type { Migration } from './index';

/**
 * The sync worker holds a target's read-backs while that target has sends waiting
 * (sync/outbox.ts, dueDeliveries): "does this target have a queued row due by now?" is answered
 * from an index on (target, state, due time), also during a backfill of many queued rows that wait
 * out a backoff. It replaces the (target, state) index, which it covers.
 */
export const m0009OutboxTargetIndex: Migration = {
  version: 9,
  name: 'outbox-target-index',
  up(db) {
    db.exec(`
      DROP INDEX deliveries_by_target;
      CREATE INDEX deliveries_by_target_due ON deliveries (target_id, state, next_attempt_at);
    `);
  },
};
