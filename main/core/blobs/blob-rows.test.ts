// The blobs table's owner: what each function does to the rows, and that the rotation and sweep
// queries use their indexes (plans taken from the real statements, test-support/query-plans.ts).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { tempDir } from '../test-support/fixtures';
import { plansOf, populateClinic } from '../test-support/query-plans';
import { blobFileIsReferenced, blobKeyRewrapper, countBlobsNotUnder, deleteBlobRows, getBlobRecord, insertBlobRows } from './blob-rows';
import type { BlobRecord } from './blob-store';

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await tempDir('cpw-blob-rows-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'clinic.db'), randomBytes(32));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
});
afterAll(async () => {
  closeDatabase(db);
  await cleanup();
});

const record = (id: string, keyVersion = 1): BlobRecord => ({ id, fileName: `${id}.cpb`, wrappedKey: randomBytes(60), keyVersion, byteSize: 10, sha256: 'a'.repeat(64) });

describe('blob rows', () => {
  it('records, reads back and deletes rows', () => {
    const a = record('x-a');
    const b = record('x-b', 2);
    insertBlobRows(db, [a, b], new Date('2026-01-01T00:00:00Z'));
    expect(getBlobRecord(db, 'x-a')).toEqual(a);
    expect(getBlobRecord(db, 'x-b')).toEqual(b);
    expect(db.prepare("SELECT created_at FROM blobs WHERE id = 'x-a'").pluck().get()).toBe('2026-01-01T00:00:00.000Z');
    const isReferenced = blobFileIsReferenced(db);
    expect([isReferenced('x-a.cpb'), isReferenced('nope.cpb')]).toEqual([true, false]);
    deleteBlobRows(db, ['x-a', 'x-b']);
    expect(() => getBlobRecord(db, 'x-a')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(isReferenced('x-a.cpb')).toBe(false);
    deleteBlobRows(db, []);
  });

  it('pages rows by key version in id order and moves a key only from the version it was read with', () => {
    insertBlobRows(db, ['r3', 'r1', 'r2', 'r4'].map((id) => record(id, id === 'r4' ? 2 : 1)), new Date());
    const rewrapper = blobKeyRewrapper(db);
    expect(rewrapper.page(1, '', 2).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(rewrapper.page(1, 'r2', 2).map((r) => r.id)).toEqual(['r3']);
    const fresh = randomBytes(60);
    expect(rewrapper.move('r1', 1, fresh, 2)).toBe(1);
    expect(rewrapper.move('r2', 2, fresh, 2)).toBe(0);
    expect(getBlobRecord(db, 'r1')).toMatchObject({ keyVersion: 2, wrappedKey: fresh });
    expect(countBlobsNotUnder(db, 2)).toBe(2);
    deleteBlobRows(db, ['r1', 'r2', 'r3', 'r4']);
  });
});

describe.each([
  ['an empty database', () => undefined],
  ['a populated, analyzed database', () => {
    deleteBlobRows(db, ['probe']);
    populateClinic(db);
  }],
])('blob query plans on %s', (_label, prepare) => {
  beforeAll(() => {
    prepare();
    insertBlobRows(db, [record('probe')], new Date());
  });

  it('serves the rotation page from blobs_by_key_version, in id order, without a temporary sort', () => {
    const [page] = plansOf(db, (d) => blobKeyRewrapper(d).page(1, '', 10));
    expect(page!.join('\n')).toMatch(/SEARCH blobs USING INDEX blobs_by_key_version \(key_version=\? AND id>\?\)/);
    expect(page!.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('moves a key, finds a file and reads a record by index, scanning nothing', () => {
    const plans = plansOf(db, (d) => {
      blobKeyRewrapper(d).move('probe', 1, Buffer.alloc(60), 1);
      blobFileIsReferenced(d)('probe.cpb');
      getBlobRecord(d, 'probe');
    });
    expect(plans).toHaveLength(3);
    expect(plans[0]!.join('\n')).toMatch(/SEARCH blobs USING INDEX sqlite_autoindex_blobs_1 \(id=\?\)/);
    expect(plans[1]!.join('\n')).toMatch(/SEARCH blobs USING COVERING INDEX sqlite_autoindex_blobs_2 \(file_name=\?\)/);
    expect(plans[2]!.join('\n')).toMatch(/SEARCH blobs USING INDEX sqlite_autoindex_blobs_1 \(id=\?\)/);
    for (const details of plans) expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });
});
