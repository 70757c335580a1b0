// Migration 0011 on top of 0010: every delivery row gains a claim owner and lease end, rows keep
// their state, an in_flight row from before (a worker that died) counts as unclaimed, and the
// worker's questions about claims are still answered from the (state, …) indexes.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, queryPlan, seedClinic, seedPhotoDeliveries } from './test-support/seed';

let db: Database.Database;
let at: number;
beforeEach(() => {
  ({ db, at } = databaseBefore(11));
  seedClinic(db);
  seedPhotoDeliveries(db, 200, (i) => ['queued', 'in_flight', 'delivered', 'verified'][i % 4]!);
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const plan = (sql: string, ...args: unknown[]) => queryPlan(db, sql, ...args);

describe('migration 0011 (outbox claims)', () => {
  it('is registered as the eleventh, sets user_version to 11 and keeps the rows and their states', () => {
    expect(at).toBe(10);
    expect(db.pragma('user_version', { simple: true })).toBe(11);
    expect(db.prepare('SELECT state, count(*) AS n FROM deliveries GROUP BY state ORDER BY state').all()).toEqual([
      { state: 'delivered', n: 50 },
      { state: 'in_flight', n: 50 },
      { state: 'queued', n: 50 },
      { state: 'verified', n: 50 },
    ]);
  });

  it('adds an owner and a lease end, empty on every existing row', () => {
    const cols = (db.pragma('table_info(deliveries)') as Array<{ name: string; notnull: number }>).filter((c) => c.name.startsWith('claim'));
    expect(cols).toEqual([expect.objectContaining({ name: 'claimed_by', notnull: 0 }), expect.objectContaining({ name: 'claim_expires_at', notnull: 0 })]);
    expect(db.prepare('SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL OR claim_expires_at IS NOT NULL').pluck().get()).toBe(0);
    // An in_flight row left by a worker before this version has no lease: it counts as expired.
    expect(db.prepare("SELECT count(*) FROM deliveries WHERE state = 'in_flight' AND (claim_expires_at IS NULL OR claim_expires_at <= ?)").pluck().get('2026-01-02')).toBe(50);
  });

  it('answers the claim questions from the (state, …) indexes, never by a scan', () => {
    const takeovers = plan(
      "SELECT * FROM deliveries WHERE state = 'in_flight' AND (claim_expires_at IS NULL OR claim_expires_at <= ?) AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_attempt_at LIMIT 4",
      'z',
      '[]',
    );
    expect(takeovers).toMatch(/SEARCH deliveries USING INDEX deliveries_due \(state=\?\)/);
    expect(takeovers).not.toContain('TEMP B-TREE');
    const readBacks = plan(
      `SELECT * FROM deliveries d WHERE state = 'delivered' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?))
         AND (claim_expires_at IS NULL OR claim_expires_at <= ?)
         AND (updated_at <= ? OR (
           NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'in_flight' AND s.claim_expires_at > ? AND (? IS NULL OR s.claimed_by = ?))
           AND NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'queued' AND s.next_attempt_at <= ?)))
       ORDER BY next_attempt_at LIMIT 4`,
      'z',
      '[]',
      'z',
      'z',
      'z',
      'w1',
      'w1',
      'z',
    );
    expect(readBacks).toContain('USING INDEX deliveries_due');
    expect(readBacks).not.toContain('TEMP B-TREE');
    expect(readBacks).not.toMatch(/SCAN s\b/);
    expect(readBacks.match(/deliveries_by_target_due/g)).toHaveLength(2);
    const next = plan(
      `SELECT min(t) FROM (
         SELECT min(next_attempt_at) AS t FROM deliveries WHERE state IN ('queued','delivered')
         UNION ALL SELECT min(claim_expires_at) FROM deliveries WHERE state = 'in_flight')`,
    );
    expect(next).not.toMatch(/SCAN deliveries\b/);
  });
});
