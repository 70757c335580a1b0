// Migration 0015 (archive) on top of the earlier ones: settings are a single row with checked
// flags, new blob rows are queued for upload only while an archive is enabled, and the queue is
// read from its index.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.name === 'archive');

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const addBlob = (id: string) =>
  db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', '2026-01-01')").run(id, `${id}.cpb`);
const settings = (enabled: number) =>
  db
    .prepare(
      `INSERT OR REPLACE INTO archive_settings (id, endpoint, region, bucket, path_style, access_key_id, secret_access_key, enabled, updated_at)
       VALUES (1, 'http://127.0.0.1:1', 'us-east-1', 'b', 1, 'id', 'secret', ?, 'now')`,
    )
    .run(enabled);

describe('migration 0015 (archive)', () => {
  it('is registered as the fifteenth and sets user_version to its number', () => {
    expect(MIGRATIONS[at]!.version).toBe(15);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
  });

  it('keeps one settings row with checked flags', () => {
    settings(1);
    expect(() =>
      db.exec(`INSERT INTO archive_settings (id, endpoint, region, bucket, path_style, access_key_id, secret_access_key, updated_at) VALUES (2, 'e', 'r', 'b', 1, 'i', 's', 'now')`),
    ).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE archive_settings SET worm = 2')).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE archive_settings SET keep_daily = 0')).toThrow(/CHECK/);
  });

  it('queues a new blob only while an archive is enabled, once', () => {
    addBlob('b0');
    settings(1);
    addBlob('b1');
    settings(0);
    addBlob('b2');
    expect(db.prepare('SELECT blob_id, state FROM archive_objects').all()).toEqual([{ blob_id: 'b1', state: 'queued' }]);
    expect(() => db.exec("UPDATE archive_objects SET state = 'lost'")).toThrow(/CHECK/);
  });

  it('finds queued objects from the index', () => {
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT blob_id FROM archive_objects WHERE state = 'queued' ORDER BY queued_at LIMIT 8").all() as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('archive_objects_state');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
