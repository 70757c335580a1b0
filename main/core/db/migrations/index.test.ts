// The migration runner: each step once, in order, in its own transaction, and a refusal for
// databases newer than the app. Uses in-memory SQLite: the runner does not care about the cipher.
import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../shared/errors';
import { LATEST_VERSION, MIGRATIONS, migrate, type Migration } from './index';

function counting(version: number, sql: string): Migration & { runs: number } {
  const m = {
    version,
    name: `test-${version}`,
    runs: 0,
    up(db: Database.Database) {
      m.runs++;
      db.exec(sql);
    },
  };
  return m;
}

const userVersion = (db: Database.Database) => db.pragma('user_version', { simple: true });
const tables = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

describe('migrate', () => {
  it('applies each migration once and records user_version', () => {
    const db = new Database(':memory:');
    const m1 = counting(1, 'CREATE TABLE a (x)');
    const m2 = counting(2, 'CREATE TABLE b (x)');
    migrate(db, [m1, m2]);
    migrate(db, [m1, m2]);
    expect([m1.runs, m2.runs]).toEqual([1, 1]);
    expect(userVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);

    const m3 = counting(3, 'CREATE TABLE c (x)');
    migrate(db, [m1, m2, m3]);
    expect([m1.runs, m2.runs, m3.runs]).toEqual([1, 1, 1]);
    expect(userVersion(db)).toBe(3);
  });

  it('rolls back a failing step and keeps the version of the last good one', () => {
    const db = new Database(':memory:');
    const m1 = counting(1, 'CREATE TABLE a (x)');
    const bad = counting(2, 'CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);');
    expect(() => migrate(db, [m1, bad])).toThrow(/no such table/);
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });

  it.each([
    ['out of order', [2, 1], /numbered 2, expected 1/],
    ['with a gap', [1, 3], /numbered 3, expected 2/],
    ['duplicated', [1, 1], /numbered 1, expected 2/],
    ['not starting at 1', [0], /numbered 0, expected 1/],
  ] as const)('refuses a migration list %s before touching the database', (_name, versions, message) => {
    const db = new Database(':memory:');
    const list = versions.map((v) => counting(v, 'CREATE TABLE t (x)'));
    expect(() => migrate(db, list)).toThrow(message);
    expect(list.every((m) => m.runs === 0)).toBe(true);
    expect(userVersion(db)).toBe(0);
  });

  it('refuses a database newer than the migration list with DATABASE_TOO_NEW', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 3');
    const m1 = counting(1, 'CREATE TABLE a (x)');
    let caught: unknown;
    try {
      migrate(db, [m1, counting(2, 'CREATE TABLE b (x)')]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).code).toBe('DATABASE_TOO_NEW');
    expect(m1.runs).toBe(0);
    expect(userVersion(db)).toBe(3);
  });
});

describe('the shipped migration list', () => {
  it('is numbered 1..n and LATEST_VERSION is its last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it.each(MIGRATIONS.map((m) => [m.version, m.name] as const))('migration %i (%s) has its own test file', (version, name) => {
    const file = path.join(__dirname, `${String(version).padStart(4, '0')}-${name}.test.ts`);
    expect(existsSync(file)).toBe(true);
  });
});
