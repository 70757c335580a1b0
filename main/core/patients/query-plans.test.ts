// STYLE item 17: the hot queries use their indexes. The SQL is captured from the real functions
// (patients.ts, photos.ts) as they run, then EXPLAIN QUERY PLAN is asked for each statement with
// the same parameters, on an empty database and again on a populated, ANALYZEd one (the planner's
// choices change with statistics, and `PRAGMA optimize` on close gathers them).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { listPhotoRows } from '../photos/photos';
import { tempDir } from '../test-support/fixtures';
import { registerPatient, searchPatients } from './patients';

interface Captured {
  readonly sql: string;
  readonly params: unknown[];
}

/** The same database, with every statement the code prepares and runs recorded. */
function recording(db: Db): { db: Db; captured: Captured[] } {
  const captured: Captured[] = [];
  const wrapped = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver) as unknown;
      return (sql: string) => {
        const statement = target.prepare(sql);
        return new Proxy(statement, {
          get(st, name, r) {
            const value = Reflect.get(st, name, r) as unknown;
            if (name !== 'all' && name !== 'get' && name !== 'iterate') return typeof value === 'function' ? value.bind(st) : value;
            return (...params: unknown[]) => {
              captured.push({ sql, params });
              return (value as (...p: unknown[]) => unknown).apply(st, params);
            };
          },
        });
      };
    },
  });
  return { db: wrapped, captured };
}

const plan = (db: Db, { sql, params }: Captured): string[] =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);

let db: Db;
let cleanup: () => Promise<void>;
let patientId: string;

beforeAll(async () => {
  const t = await tempDir('cpw-plans-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'clinic.db'), randomBytes(32));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  patientId = registerPatient(db, new Date(), 'u1', { mrn: 'HD-0001', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-04-12', sex: 'F' }).id;
});
afterAll(async () => {
  closeDatabase(db);
  await cleanup();
});

function populate(): void {
  const at = new Date();
  const insertBlob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')");
  const insertPhoto = db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
     VALUES (?, ?, NULL, ?, ?, 'camera', 'cam', 'image/jpeg', 10, 10, ?, ?, 5, 5)`,
  );
  db.transaction(() => {
    // A clinic's staff: a couple of dozen accounts.
    for (let u = 2; u <= 25; u++) {
      db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES (?, ?, 'Staff', 'nurse', 'now')").run(`u${u}`, `staff${u}`);
    }
    for (let i = 0; i < 2000; i++) {
      const p = registerPatient(db, at, 'u1', {
        mrn: `MRN-${String(i).padStart(6, '0')}`,
        familyName: `Family${i % 700}`,
        givenName: `Given${i}`,
        birthDate: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
        sex: 'U',
      });
      for (let k = 0; k < 3; k++) {
        insertBlob.run(`o${i}-${k}`, `o${i}-${k}.cpb`);
        insertBlob.run(`t${i}-${k}`, `t${i}-${k}.cpb`);
        insertPhoto.run(`ph${i}-${k}`, p.id, `2024-0${1 + k}-01T00:00:00Z`, `u${1 + ((i + k) % 25)}`, `o${i}-${k}`, `t${i}-${k}`);
      }
    }
  })();
  db.exec('ANALYZE');
}

const HOT_QUERIES: Array<[string, (d: Db) => unknown, RegExp]> = [
  ['patient search by MRN prefix', (d) => searchPatients(d, 'HD-00', 50), /SEARCH patients USING (COVERING )?INDEX sqlite_autoindex_patients_\d \(mrn>\? AND mrn<\?\)/],
  ['patient search by name prefix', (d) => searchPatients(d, 'mars', 50), /SEARCH patients USING (COVERING )?INDEX patients_by_search_name \(search_name>\? AND search_name<\?\)/],
  ['patient search by "family, given"', (d) => searchPatients(d, 'Marsh, Ing', 50), /SEARCH patients USING (COVERING )?INDEX patients_by_search_name \(search_name>\? AND search_name<\?\)/],
  ['patient search by birth date', (d) => searchPatients(d, '1961-04-12', 50), /SEARCH patients USING (COVERING )?INDEX patients_by_birth_date \(birth_date=\?\)/],
  ['photo listing for a patient', (d) => listPhotoRows(d, patientId), /SEARCH p USING (COVERING )?INDEX photos_by_patient \(patient_id=\?\)/],
];

describe.each([
  ['an empty database', () => undefined],
  ['a populated, analyzed database', populate],
])('query plans on %s', (_label, prepare) => {
  beforeAll(() => prepare());

  it.each(HOT_QUERIES)('%s uses its index and scans no table', (_name, run, expected) => {
    const { db: recorded, captured } = recording(db);
    run(recorded);
    expect(captured.length).toBeGreaterThan(0);
    for (const statement of captured) {
      const details = plan(db, statement);
      expect(details.filter((d) => /^SCAN /.test(d)), details.join(' | ')).toEqual([]);
    }
    expect(captured.flatMap((s) => plan(db, s)).some((d) => expected.test(d))).toBe(true);
  });

  it('the photo listing joins users and blobs by primary key', () => {
    const { db: recorded, captured } = recording(db);
    listPhotoRows(recorded, patientId);
    const details = plan(db, captured[0]!);
    expect(details.some((d) => /^SEARCH u USING INDEX sqlite_autoindex_users_1 \(id=\?\)/.test(d))).toBe(true);
    expect(details.some((d) => /^SEARCH b USING INDEX sqlite_autoindex_blobs_1 \(id=\?\)/.test(d))).toBe(true);
  });
});
