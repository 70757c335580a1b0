// The `blobs` table's one owner: each sealed file's row (file name, wrapped key and the KEK version
// that wraps it, size, plaintext hash) is written, read, rewrapped and deleted only here; other
// modules call these functions (scripts/table-owners.test.ts keeps it so). Deleting a row
// crypto-shreds its file: the key that opens it is gone.
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import type { BlobRecord } from './blob-store';

interface BlobRow {
  id: string;
  file_name: string;
  wrapped_key: Buffer;
  key_version: number;
  byte_size: number;
  sha256: string;
}

export function getBlobRecord(db: Db, blobId: string): BlobRecord {
  const row = db.prepare('SELECT id, file_name, wrapped_key, key_version, byte_size, sha256 FROM blobs WHERE id = ?').get(blobId) as BlobRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such stored file.');
  return { id: row.id, fileName: row.file_name, wrappedKey: row.wrapped_key, keyVersion: row.key_version, byteSize: row.byte_size, sha256: row.sha256 };
}

/** Records sealed files; call it inside the transaction that records what uses them. */
export function insertBlobRows(db: Db, records: readonly BlobRecord[], at: Date): void {
  const insert = db.prepare('INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const b of records) insert.run(b.id, b.fileName, b.wrappedKey, b.keyVersion, b.byteSize, b.sha256, at.toISOString());
}

/** Deletes the rows (and so the keys) of these files; the files themselves are the caller's to remove. */
export function deleteBlobRows(db: Db, blobIds: readonly string[]): void {
  if (blobIds.length === 0) return;
  db.prepare(`DELETE FROM blobs WHERE id IN (${blobIds.map(() => '?').join(', ')})`).run(...blobIds);
}

/** A lookup, prepared once, of whether a row names this file: the sweep at open keeps those files. */
export function blobFileIsReferenced(db: Db): (fileName: string) => boolean {
  const referenced = db.prepare('SELECT 1 FROM blobs WHERE file_name = ?').pluck();
  return (fileName) => referenced.get(fileName) !== undefined;
}

export interface BlobKeyRow {
  readonly id: string;
  readonly wrapped_key: Buffer;
  readonly key_version: number;
}

/**
 * For key rotation, with both statements prepared once: `page` reads the rows still wrapped under
 * KEK `from`, in id order after `after` (served by blobs_by_key_version); `move` stores a row's
 * rewrapped key only if the row is still under the version it was read with, and says whether it did.
 */
export function blobKeyRewrapper(db: Db): {
  page(from: number, after: string, limit: number): BlobKeyRow[];
  move(id: string, readVersion: number, wrappedKey: Buffer, keyVersion: number): number;
} {
  const page = db.prepare('SELECT id, wrapped_key, key_version FROM blobs WHERE key_version = ? AND id > ? ORDER BY id LIMIT ?');
  const update = db.prepare('UPDATE blobs SET wrapped_key = ?, key_version = ? WHERE id = ? AND key_version = ?');
  return {
    page: (from, after, limit) => page.all(from, after, limit) as BlobKeyRow[],
    move: (id, readVersion, wrappedKey, keyVersion) => update.run(wrappedKey, keyVersion, id, readVersion).changes,
  };
}

/** How many rows are wrapped under any KEK other than `version`. */
export function countBlobsNotUnder(db: Db, version: number): number {
  return db.prepare('SELECT count(*) FROM blobs WHERE key_version <> ?').pluck().get(version) as number;
}

/** Every blob's id and file name: the files a snapshot of the archive must list. */
export function allBlobFiles(db: Db): Array<{ id: string; fileName: string }> {
  return (db.prepare('SELECT id, file_name FROM blobs ORDER BY id').all() as Array<{ id: string; file_name: string }>).map((r) => ({ id: r.id, fileName: r.file_name }));
}

/** Queues for the off-site archive every blob not queued yet (an archive configured after the photos). */
export function queueBlobsForArchive(db: Db, at: Date): number {
  const now = at.toISOString();
  return db.prepare("INSERT OR IGNORE INTO archive_objects (blob_id, state, queued_at, updated_at) SELECT id, 'queued', created_at, ? FROM blobs").run(now).changes;
}

/** Every blob row, for the restore's check of each file against its recorded SHA-256. */
export function allBlobRecords(db: Db): BlobRecord[] {
  return (db.prepare('SELECT id, file_name, wrapped_key, key_version, byte_size, sha256 FROM blobs ORDER BY id').all() as BlobRow[]).map((row) => ({
    id: row.id,
    fileName: row.file_name,
    wrappedKey: row.wrapped_key,
    keyVersion: row.key_version,
    byteSize: row.byte_size,
    sha256: row.sha256,
  }));
}
