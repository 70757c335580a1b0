// Migration 0011 on top of 0010: every delivery row gains a claim owner and lease end, rows keep
// their state, an in_flight row from before (a worker that died) counts as unclaimed, and the
// worker's questions about claims are still answered from the (state, …) indexes.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

const at = MIGRATIONS.findIndex((m) => m.version === 11);

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
  const states = ['queued', 'in_flight', 'delivered', 'verified'];
  for (let i = 0; i < 200; i++) {
    for (const b of [`o${i}`, `t${i}`]) blob.run(b, b);
    photo.run(`ph${i}`, `o${i}`, `t${i}`);
    delivery.run(`d${i}`, `ph${i}`, states[i % 4], `2026-01-01T00:${String(i % 60).padStart(2, '0')}:00.000Z`);
  }
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const plan = (sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');

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
