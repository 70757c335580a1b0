// Migration 0012 on top of 0011: the default template is seeded with the hash of its exact text,
// template versions and decisions cannot be changed or deleted, a withdrawal is forward-only,
// existing targets default to the clinical purpose, and the clinic's policy starts permissive.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';
import { databaseBefore, seedClinic } from './test-support/seed';

let db: Database.Database;
let at: number;
beforeEach(() => {
  ({ db, at } = databaseBefore(12));
  seedClinic(db);
  db.exec(`
    INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('b1', 'f1', x'00', 1, 1, 'h', 'now');
  `);
  migrate(db, MIGRATIONS.slice(0, at + 1));
});

const addPaperConsent = () =>
  db.exec(`
    INSERT INTO consents (id, patient_id, kind, document_blob_id, document_mime, document_sha256, signed_at, recorded_at, recorded_by, workstation_id)
      VALUES ('c1', 'p1', 'paper', 'b1', 'application/pdf', 'h', '2026-01-01', 'now', 'u1', 'w1');
    INSERT INTO consent_scopes (consent_id, scope, decision, expires_on) VALUES ('c1', 'education', 'grant', NULL), ('c1', 'marketing', 'refuse', NULL);
  `);

describe('migration 0012 (consent)', () => {
  it('is the twelfth', () => {
    expect(MIGRATIONS[at]?.version).toBe(12);
    expect(db.pragma('user_version', { simple: true })).toBe(12);
  });

  it('seeds one English default template identified by the SHA-256 of its exact text, with the clinic name to merge', () => {
    const rows = db.prepare('SELECT id, version, language, text, sha256 FROM consent_templates').all() as Array<{ id: string; version: number; language: string; text: string; sha256: string }>;
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ version: 1, language: 'en' });
    expect(row?.sha256).toBe(createHash('sha256').update(row?.text ?? '', 'utf8').digest('hex'));
    expect(row?.text).toContain('{{clinicName}}');
  });

  it('never changes or deletes a template version; a new version is a new row', () => {
    expect(() => db.exec("UPDATE consent_templates SET text = 'changed'")).toThrow(/immutable/);
    expect(() => db.exec('DELETE FROM consent_templates')).toThrow(/immutable/);
    db.exec("INSERT INTO consent_templates (id, version, name, language, text, sha256, created_at, created_by) SELECT id, 2, name, language, text || 'x', printf('%064d', 0), 'now', NULL FROM consent_templates");
    expect(db.prepare('SELECT count(*) FROM consent_templates').pluck().get()).toBe(2);
    expect(() => db.exec("INSERT INTO consent_templates (id, version, name, language, text, sha256, created_at) SELECT id, 2, name, language, text, sha256, 'now' FROM consent_templates LIMIT 1")).toThrow(/UNIQUE/);
  });

  it('requires a signed consent to carry its template, text, hash and signature', () => {
    expect(() =>
      db.exec(`INSERT INTO consents (id, patient_id, kind, document_blob_id, document_mime, document_sha256, signed_at, recorded_at, recorded_by, workstation_id)
               VALUES ('c2', 'p1', 'signed', 'b1', 'application/pdf', 'h', 'now', 'now', 'u1', 'w1')`),
    ).toThrow(/CHECK/);
  });

  it('keeps decisions; a withdrawal moves a scope forward once and never back', () => {
    addPaperConsent();
    expect(() => db.exec("UPDATE consent_scopes SET decision = 'grant' WHERE scope = 'marketing'")).toThrow(/forward/);
    expect(() => db.exec("DELETE FROM consent_scopes WHERE scope = 'marketing'")).toThrow(/kept/);
    db.exec("INSERT INTO consent_withdrawals (id, consent_id, withdrawn_at, withdrawn_by) VALUES ('w1', 'c1', 'now', 'u1')");
    db.exec("UPDATE consent_scopes SET withdrawal_id = 'w1' WHERE scope = 'education'");
    expect(() => db.exec("UPDATE consent_scopes SET withdrawal_id = NULL WHERE scope = 'education'")).toThrow(/forward/);
    expect(() => db.exec("INSERT INTO consent_scopes (consent_id, scope, decision) VALUES ('c1', 'selfies', 'grant')")).toThrow(/CHECK/);
  });

  it('gives existing targets the clinical purpose and holds no delivery for consent', () => {
    expect(db.prepare('SELECT purpose FROM delivery_targets').pluck().get()).toBe('clinical');
    expect(() => db.exec("UPDATE delivery_targets SET purpose = 'gossip'")).toThrow(/CHECK/);
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('deliveries') WHERE name = 'consent_hold'").pluck().get()).toBe(1);
  });

  it('starts the clinic policy permissive: capture needs no consent, clinical release is allowed but visible', () => {
    expect(db.prepare('SELECT capture_requires_consent, clinical_purpose FROM consent_policy').get()).toEqual({ capture_requires_consent: 0, clinical_purpose: 'allowed-visible' });
    expect(() => db.exec('INSERT INTO consent_policy (id) VALUES (2)')).toThrow(/CHECK/);
  });

  it('queues a consent at most once per FHIR target', () => {
    addPaperConsent();
    const insert = db.prepare("INSERT INTO consent_deliveries (id, consent_id, target_id, state, next_attempt_at, created_at, updated_at) VALUES (?, 'c1', 't1', 'queued', 'now', 'now', 'now')");
    insert.run('d1');
    expect(() => insert.run('d2')).toThrow(/UNIQUE/);
  });
});
