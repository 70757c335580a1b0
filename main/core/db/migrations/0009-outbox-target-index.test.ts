// Migration 0009 on top of 0008: the outbox's per-target index gains the due time, and the
// question the sync worker asks before a read-back (does this target still have sends waiting?) is
// answered from it without visiting the target's other rows.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, queryPlan, seedClinic, seedPhotoDeliveries } from './test-support/seed';

let db: Database.Database;
let at: number;
beforeEach(() => {
  ({ db, at } = databaseBefore(9));
  seedClinic(db);
  seedPhotoDeliveries(db, 200, (i) => (i % 2 ? 'queued' : 'delivered'));
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const plan = (sql: string, ...args: unknown[]) => queryPlan(db, sql, ...args);

describe('migration 0009 (outbox target index)', () => {
  it('is registered as the ninth, sets user_version to 9 and keeps the rows', () => {
    expect(at).toBe(8);
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(db.prepare('SELECT count(*) FROM deliveries').pluck().get()).toBe(200);
  });

  it('replaces the (target, state) index with (target, state, due time)', () => {
    const cols = (index: string) => (db.pragma(`index_info(${index})`) as Array<{ name: string }>).map((c) => c.name);
    expect(cols('deliveries_by_target_due')).toEqual(['target_id', 'state', 'next_attempt_at']);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'deliveries_by_target'").pluck().get()).toBe(0);
  });

  it("answers 'a send waiting for this target?' by an index search, not a scan", () => {
    const waiting = plan("SELECT 1 FROM deliveries WHERE target_id = ? AND state = 'queued' AND next_attempt_at <= ?", 't1', 'z');
    expect(waiting).toMatch(/SEARCH deliveries USING COVERING INDEX deliveries_by_target_due \(target_id=\? AND state=\? AND next_attempt_at<\?\)/);
    const readBacks = plan(
      `SELECT * FROM deliveries d WHERE state = 'delivered' AND next_attempt_at <= ? AND id NOT IN (SELECT value FROM json_each(?))
         AND (updated_at <= ? OR (
           NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'in_flight')
           AND NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.target_id = d.target_id AND s.state = 'queued' AND s.next_attempt_at <= ?)))
       ORDER BY next_attempt_at LIMIT 4`,
      'z',
      '[]',
      'z',
      'z',
    );
    expect(readBacks).toContain('USING INDEX deliveries_due');
    expect(readBacks).not.toContain('TEMP B-TREE');
    expect(readBacks).not.toMatch(/SCAN s\b/);
    expect(readBacks.match(/deliveries_by_target_due/g)).toHaveLength(2);
  });
});
