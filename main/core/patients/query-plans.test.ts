// STYLE item 17: the patient search uses its indexes, on an empty database and again on a
// populated, ANALYZEd one. The SQL is captured from searchPatients as it runs
// (test-support/query-plans.ts); the photo queries' plans are tested by their owner, photos/.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { tempDir } from '../test-support/fixtures';
import { plansOf, populateClinic } from '../test-support/query-plans';
import { registerPatient, searchPatients } from './patients';

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await tempDir('cpw-plans-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'clinic.db'), randomBytes(32));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  registerPatient(db, new Date(), 'u1', { mrn: 'HD-0001', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-04-12', sex: 'F' });
});
afterAll(async () => {
  closeDatabase(db);
  await cleanup();
});

const HOT_QUERIES: Array<[string, (d: Db) => unknown, RegExp]> = [
  ['patient search by MRN prefix', (d) => searchPatients(d, 'HD-00', 50), /SEARCH patients USING (COVERING )?INDEX sqlite_autoindex_patients_\d \(mrn>\? AND mrn<\?\)/],
  ['patient search by name prefix', (d) => searchPatients(d, 'mars', 50), /SEARCH patients USING (COVERING )?INDEX patients_by_search_name \(search_name>\? AND search_name<\?\)/],
  ['patient search by "family, given"', (d) => searchPatients(d, 'Marsh, Ing', 50), /SEARCH patients USING (COVERING )?INDEX patients_by_search_name \(search_name>\? AND search_name<\?\)/],
  ['patient search by birth date', (d) => searchPatients(d, '1961-04-12', 50), /SEARCH patients USING (COVERING )?INDEX patients_by_birth_date \(birth_date=\?\)/],
];

describe.each([
  ['an empty database', () => undefined],
  ['a populated, analyzed database', () => populateClinic(db)],
])('query plans on %s', (_label, prepare) => {
  beforeAll(() => prepare());

  it.each(HOT_QUERIES)('%s uses its index and scans no table', (_name, run, expected) => {
    const plans = plansOf(db, run);
    expect(plans.length).toBeGreaterThan(0);
    for (const details of plans) expect(details.filter((d) => /^SCAN /.test(d)), details.join(' | ')).toEqual([]);
    expect(plans.flat().some((d) => expected.test(d))).toBe(true);
  });
});
