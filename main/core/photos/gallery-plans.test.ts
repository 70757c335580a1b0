// STYLE item 17 for the gallery (issue 10): every page the gallery asks for, on a patient with
// 10,000 photos among a populated, ANALYZEd clinic, is an index search read in order (no table
// scan, no temporary sort), so its cost is the page's size, not the patient's photo count. The
// group counts and the patient list's photo count read one covering index range of the patient
// (never a photo row).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GalleryFilter } from '../../../shared/gallery';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { registerPatient } from '../patients/patients';
import { tempDir } from '../test-support/fixtures';
import { plansOf, populateClinic } from '../test-support/query-plans';
import { listEncounters } from '../patients/encounters';
import { countBySite, countByVisit, galleryPageRows, thumbnailBlobs, timelineRows } from './gallery';
import { photoCountsByPatient } from './patient-photo-counts';

let db: Db;
let cleanup: () => Promise<void>;
let patientId: string;
const CURSOR = { capturedAt: '2024-06-01T00:00:00.000Z', id: 'f'.repeat(32) };

beforeAll(async () => {
  const t = await tempDir('cpw-gallery-plans-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'clinic.db'), randomBytes(32));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  patientId = registerPatient(db, new Date(), 'u1', { mrn: 'BIG-1', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-04-12', sex: 'F' }).id;
  populateClinic(db);
  const encounter = db.prepare("INSERT INTO encounters (id, patient_id, provider_id, started_at, reason) VALUES (?, ?, 'u1', ?, 'Mole map')");
  const blob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')");
  const photo = db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height, original_blob_id, thumbnail_blob_id,
                         thumbnail_width, thumbnail_height, body_site_code, body_site_display, laterality, view, quality_failed)
     VALUES (?, ?, ?, ?, 'u1', 'camera', 'cam', 'image/jpeg', 10, 10, ?, ?, 5, 5, ?, 'Site', ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let e = 0; e < 40; e++) encounter.run(`enc${e}`, patientId, new Date(Date.UTC(2020, 0, 1 + e * 30)).toISOString());
    for (let i = 0; i < 10_000; i++) {
      blob.run(`bo${i}`, `bo${i}.cpb`);
      blob.run(`bt${i}`, `bt${i}.cpb`);
      const at = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
      photo.run(`big${i}`, patientId, `enc${Math.floor(i / 250)}`, at, `bo${i}`, `bt${i}`, String(100 + (i % 40)), i % 2 ? 'left' : 'right', i % 3 ? 'anterior' : 'close-up', i % 9 ? '' : 'blur');
    }
  })();
}, 120_000);
afterAll(async () => {
  closeDatabase(db);
  await cleanup();
});

const PAGES: Array<[string, GalleryFilter, RegExp]> = [
  ['the whole gallery', {}, /SEARCH p USING INDEX photos_by_patient \(patient_id=\?/],
  // A visit belongs to one patient, so its own index (photos_by_encounter) is as good a range.
  ['one visit', { encounterId: 'enc3' }, /SEARCH p USING INDEX photos_by_(patient_encounter \(patient_id=\? AND |encounter \()encounter_id=\?/],
  ['photos outside a visit', { encounterId: null }, /SEARCH p USING INDEX photos_by_patient_encounter \(patient_id=\? AND encounter_id=\?/],
  ['one site and side', { bodySiteCode: '117', laterality: 'left' }, /SEARCH p USING INDEX photos_by_patient_site \(patient_id=\? AND body_site_code=\? AND laterality=\?/],
  ['one site, side and view', { bodySiteCode: '117', laterality: 'left', view: 'anterior' }, /SEARCH p USING INDEX photos_by_patient_(view|site) \(patient_id=\? AND body_site_code=\? AND laterality=\?/],
];

const planText = (run: (d: Db) => unknown): string => plansOf(db, run).map((lines) => lines.join('\n')).join('\n---\n');

/**
 * The planner's choices move with the statistics, so every plan is checked in the states a
 * workstation's database is found in: analyzed (`PRAGMA optimize` at close), never analyzed (a new
 * one before its first close), and only migration 0023's indexes analyzed (one never analyzed
 * before the upgrade; the migration analyzes its own indexes).
 */
const STATISTICS: Array<[string, () => void]> = [
  ['analyzed', () => db.exec('ANALYZE')],
  ['never analyzed', () => db.exec('DELETE FROM sqlite_stat1; ANALYZE sqlite_schema')],
  ['with only the 0023 indexes analyzed', () => db.exec('DELETE FROM sqlite_stat1; ANALYZE photos_by_patient_encounter; ANALYZE photos_by_patient_site; ANALYZE sqlite_schema')],
];

describe.each(STATISTICS)('gallery query plans at 10,000 photos, %s', (_state, prepare) => {
  beforeAll(() => prepare());

  it.each(PAGES)('a page of %s (first and after a cursor) is an ordered index search', (_name, filter, expected) => {
    for (const after of [undefined, CURSOR]) {
      const text = planText((d) => galleryPageRows(d, patientId, filter, after, 120));
      expect(text).toMatch(expected);
      expect(text).not.toMatch(/TEMP B-TREE|^SCAN (p|photos)\b/m);
      expect(text).toMatch(/SEARCH u USING INDEX sqlite_autoindex_users_1 \(id=\?\)/);
      expect(text).toMatch(/SEARCH b USING INDEX sqlite_autoindex_blobs_1 \(id=\?\)/);
    }
  });

  it('a filter the indexes cannot order by (quality, source, dates) still reads the patient\'s range in order', () => {
    const text = planText((d) => galleryPageRows(d, patientId, { quality: 'flagged', source: 'camera', from: '2020-02-01', to: '2020-12-31' }, CURSOR, 120));
    expect(text).toMatch(/SEARCH p USING INDEX photos_by_patient \(patient_id=\?/);
    expect(text).not.toMatch(/TEMP B-TREE|^SCAN (p|photos)\b/m);
  });

  it('the cursor is part of the index search: a late page does not walk the pages before it', () => {
    expect(planText((d) => galleryPageRows(d, patientId, {}, CURSOR, 120))).toMatch(/photos_by_patient \(patient_id=\? AND \(captured_at,id\)<\(\?,\?\)\)/);
  });

  it('the counts per visit and per site read only an index that covers them, never a photo row', () => {
    // Counting reads every photo of the patient: from the table that is 10,000 row lookups (one
    // SQLCipher page each) on the core's thread; from a covering index, one range of index pages.
    const cases: Array<[(d: Db) => unknown, RegExp]> = [
      [(d) => countByVisit(d, patientId, {}), /SEARCH p USING COVERING INDEX photos_by_patient_encounter \(patient_id=\?\)/],
      [(d) => countBySite(d, patientId, {}), /SEARCH p USING COVERING INDEX photos_by_patient_site \(patient_id=\?\)/],
      [(d) => photoCountsByPatient(d, [patientId, 'other']), /SEARCH photos USING COVERING INDEX photos_by_patient_encounter \(patient_id=\?\)/],
    ];
    for (const [run, expected] of cases) {
      const text = planText(run);
      expect(text).toMatch(expected);
      expect(text).not.toMatch(/^SCAN (p|photos)\b/m);
    }
  });

  it('a filtered count still searches the patient\'s index range, never the table', () => {
    for (const run of [(d: Db) => countByVisit(d, patientId, { quality: 'flagged' }), (d: Db) => countBySite(d, patientId, { encounterId: 'enc3' })]) {
      const text = planText(run);
      expect(text).toMatch(/SEARCH p USING (COVERING )?INDEX photos_by_patient_(encounter|site) \(patient_id=\?/);
      expect(text).not.toMatch(/^SCAN (p|photos)\b/m);
    }
  });

  it('the timeline is one ordered index search on site, side and view', () => {
    const text = planText((d) => timelineRows(d, patientId, '117', 'left', 'anterior', 400));
    // Either index that leads with patient, site and side is read in captured order; which one the
    // planner takes depends on ANALYZE's samples of random ids (sqlite_stat4), as for the page above.
    expect(text).toMatch(/SEARCH p USING INDEX photos_by_patient_(view|site) \(patient_id=\? AND body_site_code=\? AND laterality=\?/);
    expect(text).not.toMatch(/TEMP B-TREE|^SCAN (p|photos)\b/m);
  });

  it('the encounter list (opened with the gallery) counts each visit\'s photos from an index, not by scanning all photos', () => {
    const text = planText((d) => listEncounters(d, patientId));
    // Not covering since soft delete: the count reads that visit's rows for deleted_at, and only those.
    expect(text).toMatch(/SEARCH p USING (COVERING )?INDEX photos_by_encounter \(encounter_id=\?\)/);
    expect(text).not.toMatch(/SCAN p\b/);
  });

  it('a tile\'s handle refresh finds photos by primary key', () => {
    expect(planText((d) => thumbnailBlobs(d, patientId, ['big1', 'big2']))).toMatch(/SEARCH photos USING INDEX sqlite_autoindex_photos_1 \(id=\?\)/);
  });
});
