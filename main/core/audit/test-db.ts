// Test helper: a database with the tables the audit log needs (migrations 0001 and 0006 applied
// directly), in memory or in a real SQLCipher file, so audit tests do not depend on other areas.
import Database from 'better-sqlite3-multiple-ciphers';
import { m0001Initial } from '../db/migrations/0001-initial';
import { m0006AuditChain } from '../db/migrations/0006-audit-chain';
import type { Db } from '../db/open';

export function auditTestDb(file = ':memory:'): Db {
  const db = new Database(file);
  m0001Initial.up(db);
  m0006AuditChain.up(db);
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES (?, 'ada', 'Ada', 'administrator', '2026-01-01T00:00:00.000Z')").run(USER_A);
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES (?, 'ben', 'Ben', 'clinician', '2026-01-01T00:00:00.000Z')").run(USER_B);
  return db;
}

export const USER_A = 'a'.repeat(32);
export const USER_B = 'b'.repeat(32);
export const PATIENT = 'c'.repeat(32);

/** Drops the append-only triggers, as an administrator with the vault key could. */
export function dropAuditTriggers(db: Db): void {
  for (const name of ['audit_events_append_only_update', 'audit_events_append_only_delete', 'audit_checkpoints_append_only_update', 'audit_checkpoints_append_only_delete']) {
    db.exec(`DROP TRIGGER ${name}`);
  }
}
