// Migration 0003 on top of 0002: the key-version index, and the rotation query that uses it.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 2));
  const insert = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', ?, 1, '', 'now')");
  for (let i = 0; i < 40; i++) insert.run(`b${String(i).padStart(2, '0')}`, `f${i}.cpb`, i % 2 === 0 ? 1 : 2);
  migrate(db, MIGRATIONS.slice(0, 3));
});

const plan = (sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');

describe('migration 0003 (blob key versions)', () => {
  it('sets user_version to 3 and keeps the rows', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT count(*) FROM blobs WHERE key_version = 1').pluck().get()).toBe(20);
  });

  it('serves the rotation page query from the index, in id order, without a temporary sort', () => {
    const sql = 'SELECT id, wrapped_key, key_version FROM blobs WHERE key_version = ? AND id > ? ORDER BY id LIMIT ?';
    const detail = plan(sql, 1, '', 10);
    expect(detail).toContain('blobs_by_key_version');
    expect(detail).not.toContain('TEMP B-TREE');
    const ids = (db.prepare(sql).all(1, 'b10', 3) as Array<{ id: string }>).map((r) => r.id);
    expect(ids).toEqual(['b12', 'b14', 'b16']);
  });
});
