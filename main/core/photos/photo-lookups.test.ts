// The questions other areas ask of the photos table, against a real SQLCipher file: which patients
// a set of photos belongs to, whether a user photographed a patient inside a window, and a photo's
// position in its series (DICOM InstanceNumber).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { tempDir } from '../test-support/fixtures';
import { encounterPhotoCountSql, hasCapturedPatientSince, patientsOfPhotos, photoInstanceNumber, photosWithOriginalSha256, setPhotoRecognizable } from './photo-lookups';

let db: Db;
let cleanup: () => Promise<void>;

/** Inserts a photo (and its two blob rows) of `patient`, taken by `by` at `at`, in `encounter` or none. */
function photo(id: string, patient: string, at: string, by = 'u1', encounter: string | null = null, acquired: { at: string; offset: number } | null = null): void {
  const blob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, ?, 'now')");
  blob.run(`${id}-o`, `${id}-o.cpb`, `sha-${id}`);
  blob.run(`${id}-t`, `${id}-t.cpb`, `sha-${id}-t`);
  db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height, acquired_at, acquired_utc_offset, acquired_time_origin)
     VALUES (?, ?, ?, ?, ?, 'camera', 'cam', 'image/jpeg', 10, 10, ?, ?, 5, 5, ?, ?, ?)`,
  ).run(id, patient, encounter, at, by, `${id}-o`, `${id}-t`, acquired?.at ?? at, acquired?.offset ?? 0, acquired ? 'exif' : 'capture');
}

beforeAll(async () => {
  const t = await tempDir('cpw-photo-lookups-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'clinic.db'), randomBytes(32));
  db.exec(`
    INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now'), ('u2', 'pho', 'Pho', 'photographer', 'now');
    INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by)
      VALUES ('p1', 'M1', 'Doe', 'Jo', 'doe', '1970-01-01', 'F', 'now', 'u1'), ('p2', 'M2', 'Roe', 'Al', 'roe', '1970-01-01', 'M', 'now', 'u1');
    INSERT INTO encounters (id, patient_id, provider_id, started_at, reason) VALUES ('e1', 'p1', 'u1', '2026-01-01T09:00:00.000Z', ''), ('e2', 'p1', 'u1', '2026-01-02T09:00:00.000Z', '');
  `);
  photo('a', 'p1', '2026-01-01T09:05:00.000Z', 'u2', 'e1');
  photo('c', 'p1', '2026-01-01T09:06:00.000Z', 'u1', 'e1');
  photo('b', 'p1', '2026-01-01T09:06:00.000Z', 'u1', 'e1');
  photo('d', 'p1', '2026-01-02T09:05:00.000Z', 'u1', 'e2');
  photo('i1', 'p1', '2026-01-03T10:00:00.000Z');
  photo('i2', 'p1', '2026-01-03T23:59:59.000Z');
  photo('i3', 'p1', '2026-01-04T00:00:00.000Z');
  photo('q', 'p2', '2026-01-03T09:00:00.000Z');
  // Imported the same day, taken years apart; y2 and y3 on the same local day east of UTC.
  photo('y1', 'p2', '2026-02-01T10:00:00.000Z', 'u1', null, { at: '2019-07-14T13:02:11.000Z', offset: 120 });
  photo('y2', 'p2', '2026-02-01T10:00:01.000Z', 'u1', null, { at: '2023-05-01T22:30:00.000Z', offset: 120 });
  photo('y3', 'p2', '2026-02-01T10:00:02.000Z', 'u1', null, { at: '2023-05-02T08:00:00.000Z', offset: 120 });
});
afterAll(async () => {
  closeDatabase(db);
  await cleanup();
});

describe('photo lookups', () => {
  it('names each patient of a set of photos once, and nothing for unknown ids', () => {
    expect(patientsOfPhotos(db, ['a', 'b', 'q', 'nope']).sort()).toEqual(['p1', 'p2']);
    expect(patientsOfPhotos(db, ['nope'])).toEqual([]);
    expect(patientsOfPhotos(db, [])).toEqual([]);
  });

  it('finds a capture by the user of the patient at or after the start of the window only', () => {
    expect(hasCapturedPatientSince(db, 'u2', 'p1', '2026-01-01T09:05:00.000Z')).toBe(true);
    expect(hasCapturedPatientSince(db, 'u2', 'p1', '2026-01-01T09:05:00.001Z')).toBe(false);
    expect(hasCapturedPatientSince(db, 'u2', 'p2', '2026-01-01T00:00:00.000Z')).toBe(false);
  });

  it('numbers an encounter\'s photos by capture time, then id, from 1', () => {
    const n = (id: string, capturedAt: string, encounterId: string | null) =>
      photoInstanceNumber(db, { id, patientId: 'p1', encounterId, capturedAt, acquiredAt: capturedAt, acquiredDate: capturedAt.slice(0, 10) });
    expect(n('a', '2026-01-01T09:05:00.000Z', 'e1')).toBe(1);
    expect(n('b', '2026-01-01T09:06:00.000Z', 'e1')).toBe(2);
    expect(n('c', '2026-01-01T09:06:00.000Z', 'e1')).toBe(3);
    expect(n('d', '2026-01-02T09:05:00.000Z', 'e2')).toBe(1);
  });

  it('numbers a photo without an encounter within the patient\'s such photos of the same acquisition day', () => {
    const n = (id: string, at: string, patientId = 'p1', acquiredAt = at, acquiredDate = at.slice(0, 10)) =>
      photoInstanceNumber(db, { id, patientId, encounterId: null, capturedAt: at, acquiredAt, acquiredDate });
    expect([n('i1', '2026-01-03T10:00:00.000Z'), n('i2', '2026-01-03T23:59:59.000Z'), n('i3', '2026-01-04T00:00:00.000Z')]).toEqual([1, 2, 1]);
    expect(n('q', '2026-01-03T09:00:00.000Z', 'p2')).toBe(1);
    // Imported on one day, taken years apart: each is first of its own day. 2023-05-01T22:30Z and
    // 2023-05-02T08:00Z are both 2 May at +02:00, so they share a series there.
    expect(n('y1', '2026-02-01T10:00:00.000Z', 'p2', '2019-07-14T13:02:11.000Z', '2019-07-14')).toBe(1);
    expect(n('y2', '2026-02-01T10:00:01.000Z', 'p2', '2023-05-01T22:30:00.000Z', '2023-05-02')).toBe(1);
    expect(n('y3', '2026-02-01T10:00:02.000Z', 'p2', '2023-05-02T08:00:00.000Z', '2023-05-02')).toBe(2);
  });

  it('finds the photos whose original has a SHA-256, and records the recognizable mark', () => {
    expect(photosWithOriginalSha256(db, 'sha-y1')).toEqual([{ id: 'y1', patientId: 'p2' }]);
    expect(photosWithOriginalSha256(db, 'sha-y1-t')).toEqual([]); // a thumbnail is not an original
    expect(photosWithOriginalSha256(db, 'nope')).toEqual([]);
    const mark = () => db.prepare("SELECT recognizable FROM photos WHERE id = 'y1'").pluck().get();
    setPhotoRecognizable(db, 'y1', true);
    expect(mark()).toBe(1);
    setPhotoRecognizable(db, 'y1', false);
    expect(mark()).toBe(0);
    setPhotoRecognizable(db, 'y1', null);
    expect(mark()).toBeNull();
  });

  it('counts each encounter\'s photos inside a query over encounters, and takes only a column name', () => {
    const counts = db.prepare(`SELECT e.id, ${encounterPhotoCountSql('e.id')} AS n FROM encounters e ORDER BY e.id`).all();
    expect(counts).toEqual([{ id: 'e1', n: 3 }, { id: 'e2', n: 1 }]);
    for (const bad of ["e.id) OR (1", "'e1'", 'e.id; DROP TABLE photos', '']) expect(() => encounterPhotoCountSql(bad), bad).toThrow(/column name/);
  });
});
