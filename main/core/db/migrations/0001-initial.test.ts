// Migration 0001 on its own: the tables, indexes and constraints it promises.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 1));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
});

const columns = (table: string) => (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);
const indexColumns = (index: string) => (db.pragma(`index_info(${index})`) as Array<{ name: string }>).map((c) => c.name);

function sqliteCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'succeeded';
}

let n = 0;
const insertPatient = (over: Partial<Record<'mrn' | 'sex' | 'created_by', string>> = {}) => {
  const row = { mrn: `MRN-${++n}`, sex: 'F', created_by: 'u1', ...over };
  return db
    .prepare(
      `INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
       VALUES (?, ?, 'Doe', 'Jo', 'doe\u001fjo', '1980-02-03', ?, 'now', ?)`,
    )
    .run(`p${n}-${Math.random()}`, row.mrn, row.sex, row.created_by);
};
const insertBlob = (id: string) =>
  db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')").run(id, `${id}.cpb`);

describe('migration 0001 (initial)', () => {
  it('sets user_version to 1', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('creates the tables with their columns', () => {
    expect(columns('clinic')).toEqual(['id', 'name', 'created_at']);
    expect(columns('users')).toEqual(['id', 'username', 'display_name', 'role', 'created_at', 'disabled_at']);
    expect(columns('patients')).toEqual(['id', 'mrn', 'family_name', 'given_name', 'search_name', 'birth_date', 'sex', 'created_at', 'created_by']);
    expect(columns('encounters')).toEqual(['id', 'patient_id', 'provider_id', 'started_at', 'reason']);
    expect(columns('blobs')).toEqual(['id', 'file_name', 'wrapped_key', 'key_version', 'byte_size', 'sha256', 'created_at']);
    expect(columns('photos')).toEqual([
      'id', 'patient_id', 'encounter_id', 'captured_at', 'captured_by', 'source', 'device', 'mime', 'width', 'height',
      'original_blob_id', 'thumbnail_blob_id', 'thumbnail_width', 'thumbnail_height',
    ]);
    expect(columns('audit_events')).toEqual(['seq', 'at', 'user_id', 'action', 'outcome', 'patient_id', 'photo_id', 'detail']);
  });

  it('creates the indexes the hot queries need', () => {
    expect(indexColumns('patients_by_search_name')).toEqual(['search_name']);
    expect(indexColumns('patients_by_birth_date')).toEqual(['birth_date']); // widened by 0002
    expect(indexColumns('encounters_by_patient')).toEqual(['patient_id', 'started_at']);
    expect(indexColumns('photos_by_patient')).toEqual(['patient_id', 'captured_at']);
  });

  it('patients.sex accepts F, M, O, U and nothing else', () => {
    for (const sex of ['F', 'M', 'O', 'U']) expect(sqliteCode(() => insertPatient({ sex }))).toBe('succeeded');
    expect(sqliteCode(() => insertPatient({ sex: 'X' }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(sqliteCode(() => insertPatient({ sex: 'f' }))).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it('MRNs are unique case-insensitively, and look-ups by MRN ignore case', () => {
    insertPatient({ mrn: 'hd-0042' });
    expect(sqliteCode(() => insertPatient({ mrn: 'HD-0042' }))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(db.prepare('SELECT count(*) FROM patients WHERE mrn = ?').pluck().get('Hd-0042')).toBe(1);
  });

  it('a patient must be created by a known user', () => {
    expect(sqliteCode(() => insertPatient({ created_by: 'ghost' }))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('usernames are unique', () => {
    expect(sqliteCode(() => db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u2', 'admin', 'B', 'nurse', 'now')").run())).toBe(
      'SQLITE_CONSTRAINT_UNIQUE',
    );
  });

  it('the clinic table holds exactly one row, id 1', () => {
    expect(sqliteCode(() => db.prepare("INSERT INTO clinic (id, name, created_at) VALUES (1, 'C', 'now')").run())).toBe('succeeded');
    expect(sqliteCode(() => db.prepare("INSERT INTO clinic (id, name, created_at) VALUES (2, 'D', 'now')").run())).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it('photos: known source, existing patient and blobs, and a blob belongs to one photo', () => {
    insertPatient();
    const patientId = db.prepare('SELECT id FROM patients').pluck().get() as string;
    insertBlob('b1');
    insertBlob('b2');
    insertBlob('b3');
    const photo = (id: string, source: string, original: string, thumb: string, patient = patientId) => () =>
      db
        .prepare(
          `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                               original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
           VALUES (?, ?, NULL, 'now', 'u1', ?, 'cam', 'image/jpeg', 10, 10, ?, ?, 5, 5)`,
        )
        .run(id, patient, source, original, thumb);
    expect(sqliteCode(photo('ph0', 'scanner', 'b1', 'b2'))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(sqliteCode(photo('ph0', 'camera', 'b1', 'missing'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(sqliteCode(photo('ph0', 'camera', 'b1', 'b2', 'no-patient'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(sqliteCode(photo('ph1', 'camera', 'b1', 'b2'))).toBe('succeeded');
    expect(sqliteCode(photo('ph2', 'import', 'b1', 'b3'))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    // A row whose blobs are still referenced cannot be dropped from under the photo.
    expect(sqliteCode(() => db.prepare("DELETE FROM blobs WHERE id = 'b1'").run())).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('blob file names are unique', () => {
    insertBlob('b1');
    expect(sqliteCode(() => db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('b9', 'b1.cpb', x'00', 1, 1, 'h', 'now')").run())).toBe(
      'SQLITE_CONSTRAINT_UNIQUE',
    );
  });

  it('audit outcomes are success, denied or failure, and seq only grows', () => {
    const add = (outcome: string) => () => db.prepare("INSERT INTO audit_events (at, action, outcome) VALUES ('now', 'x', ?)").run(outcome);
    expect(sqliteCode(add('success'))).toBe('succeeded');
    expect(sqliteCode(add('denied'))).toBe('succeeded');
    expect(sqliteCode(add('maybe'))).toBe('SQLITE_CONSTRAINT_CHECK');
    db.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    add('failure')();
    expect(db.prepare('SELECT max(seq) FROM audit_events').pluck().get()).toBe(3); // AUTOINCREMENT: 2 is never reused
  });
});
