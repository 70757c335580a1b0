// STYLE item 17, for the photos table's owner: each query other modules reach through photos/ uses
// its index, on an empty database and on a populated, ANALYZEd one. The SQL is captured from the
// real functions as they run (test-support/query-plans.ts). Not listed: the backfill's list of
// photos a target lacks (it reads every photo by design). The two questions keyed by encounter
// (an encounter's photo count, a photo's position in its encounter) use photos_by_encounter from
// migration 0019 (gallery-plans.test.ts checks the count).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { registerPatient } from '../patients/patients';
import { tempDir } from '../test-support/fixtures';
import { plansOf, populateClinic } from '../test-support/query-plans';
import { listPhotoRows } from './photos';
import { hasCapturedPatientSince, patientsOfPhotos, photoInstanceNumber, photosWithOriginalSha256 } from './photo-lookups';
import { findPreviousPhoto } from './previous';

let db: Db;
let cleanup: () => Promise<void>;
let patientId: string;

beforeAll(async () => {
  const t = await tempDir('cpw-photo-plans-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'clinic.db'), randomBytes(32));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  patientId = registerPatient(db, new Date(), 'u1', { mrn: 'HD-0001', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-04-12', sex: 'F' }).id;
});
afterAll(async () => {
  closeDatabase(db);
  await cleanup();
});

const HOT_QUERIES: Array<[string, (d: Db) => unknown, RegExp]> = [
  ['care relationship: a recent capture of the patient by the user', (d) => hasCapturedPatientSince(d, 'u2', patientId, '2024-01-15T00:00:00Z'), /SEARCH photos USING INDEX photos_by_patient \(patient_id=\? AND captured_at>\?\)/],
  [
    'position of an import in its patient-and-acquisition-day series',
    (d) => photoInstanceNumber(d, { id: 'ph1-0', patientId, encounterId: null, capturedAt: '2024-01-01T00:00:00Z', acquiredAt: '2024-01-01T00:00:00Z', acquiredDate: '2024-01-01' }),
    /SEARCH photos USING INDEX photos_by_(patient|patient_site|patient_encounter) \(patient_id=\?/,
  ],
  ['an import\'s duplicate check: photos by their original\'s SHA-256', (d) => photosWithOriginalSha256(d, 'f'.repeat(64)), /SEARCH b USING (COVERING )?INDEX blobs_by_sha256 \(sha256=\?\)/],
  ['photo listing for a patient', (d) => listPhotoRows(d, patientId), /SEARCH p USING (COVERING )?INDEX photos_by_patient \(patient_id=\?\)/],
];

describe.each([
  ['an empty database', () => undefined],
  ['a populated, analyzed database', () => populateClinic(db)],
])('photo query plans on %s', (_label, prepare) => {
  beforeAll(() => prepare());

  it.each(HOT_QUERIES)('%s uses its index and scans no table', (_name, run, expected) => {
    const plans = plansOf(db, run);
    expect(plans.length).toBeGreaterThan(0);
    for (const details of plans) expect(details.filter((d) => /^SCAN /.test(d)), details.join(' | ')).toEqual([]);
    expect(plans.flat().some((d) => expected.test(d))).toBe(true);
  });

  it('the previous photo of a site and side comes from photos_by_patient_site (or, with a view, photos_by_patient_view) without a temporary sort', () => {
    const plans = plansOf(db, (d) => {
      findPreviousPhoto(d, patientId, '100', 'left', 'no-such-view');
      findPreviousPhoto(d, patientId, '100', 'left');
    });
    expect(plans).toHaveLength(3);
    for (const details of plans) {
      expect(details.join('\n')).toMatch(/SEARCH photos USING INDEX photos_by_patient_(site|view) \(patient_id=\? AND body_site_code=\? AND laterality=\?/);
      expect(details.join('\n')).not.toMatch(/TEMP B-TREE|^SCAN /m);
    }
  });

  it("the patients of a set of photos are found by the photos' primary key", () => {
    const [details] = plansOf(db, (d) => patientsOfPhotos(d, ['ph1-0', 'ph2-1']));
    expect(details!.join('\n')).toMatch(/SEARCH photos USING INDEX sqlite_autoindex_photos_1 \(id=\?\)/);
    expect(details!.filter((d) => /^SCAN photos/.test(d))).toEqual([]);
  });

  it('the photo listing joins users and blobs by primary key', () => {
    const [details] = plansOf(db, (d) => listPhotoRows(d, patientId));
    expect(details!.some((d) => /^SEARCH u USING INDEX sqlite_autoindex_users_1 \(id=\?\)/.test(d))).toBe(true);
    expect(details!.some((d) => /^SEARCH b USING INDEX sqlite_autoindex_blobs_1 \(id=\?\)/.test(d))).toBe(true);
  });
});
