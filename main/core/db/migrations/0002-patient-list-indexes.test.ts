// Migration 0002 on top of 0001: the two patient-list indexes, and the plans that use them.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 1));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  const insert = db.prepare(
    `INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
     VALUES (?, ?, 'Doe', 'Jo', ?, ?, 'F', ?, 'u1')`,
  );
  for (let i = 0; i < 50; i++) insert.run(`p${i}`, `M${i}`, `doe${i}\u001fjo`, `19${50 + (i % 40)}-01-01`, `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`);
  migrate(db, MIGRATIONS.slice(0, 2));
});

const plan = (sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');

describe('migration 0002 (patient list indexes)', () => {
  it('sets user_version to 2 and keeps the rows', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(50);
  });

  it('indexes birth date with the name order and creation time', () => {
    const cols = (index: string) => (db.pragma(`index_info(${index})`) as Array<{ name: string }>).map((c) => c.name);
    expect(cols('patients_by_birth_date')).toEqual(['birth_date', 'search_name']);
    expect(cols('patients_by_created_at')).toEqual(['created_at']);
  });

  it('serves the recent list and date-of-birth search from indexes without a temporary sort', () => {
    const recent = plan('SELECT id FROM patients ORDER BY created_at DESC LIMIT 10');
    expect(recent).toContain('patients_by_created_at');
    expect(recent).not.toContain('TEMP B-TREE');
    const byDob = plan('SELECT id FROM patients WHERE birth_date = ? ORDER BY search_name LIMIT 10', '1960-01-01');
    expect(byDob).toContain('patients_by_birth_date');
    expect(byDob).not.toContain('TEMP B-TREE');
  });
});
