// Migration 0009 on top of 0008: the outbox's per-target index gains the due time, and the
// question the sync worker asks before a read-back (does this target still have sends waiting?) is
// answered from it without visiting the target's other rows.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.version === 9);

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, at));
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now');
    INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
      VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe\u001fjo', '1970-01-01', 'F', 'now', 'u1');
    INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at)
      VALUES ('t1', 'PACS', 'dicomweb', 'https://pacs.example/dicom-web', 'none', 'now', 'now');
  `);
  const blob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')");
  const photo = db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
     VALUES (?, 'p1', NULL, '2026-01-01T00:00:00.000Z', 'u1', 'import', 'cli', 'image/jpeg', 10, 10, ?, ?, 10, 10)`,
  );
  const delivery = db.prepare(
    `INSERT INTO deliveries (id, photo_id, target_id, kind, state, next_attempt_at, created_at, updated_at) VALUES (?, ?, 't1', 'dicom', ?, ?, 'now', 'now')`,
  );
  for (let i = 0; i < 200; i++) {
    for (const b of [`o${i}`, `t${i}`]) blob.run(b, b);
    photo.run(`ph${i}`, `o${i}`, `t${i}`);
    delivery.run(`d${i}`, `ph${i}`, i % 2 ? 'queued' : 'delivered', `2026-01-01T00:${String(i % 60).padStart(2, '0')}:00.000Z`);
  }
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const plan = (sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');

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
