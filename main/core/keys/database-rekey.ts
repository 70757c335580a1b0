// The SQLCipher half of key rotation, file by file. clinic.db is never rekeyed in place:
// SQLite3MultipleCiphers' `PRAGMA rekey` gives page 1 a new salt, and a rekey transaction big
// enough to spill pages before it commits leaves a file that neither key opens after a crash (page 1
// carries the new salt, the hot journal was written under the old key). Instead, while the
// rotation holds the database exclusively, a copy in the same directory is rekeyed, checked,
// closed cleanly, fsynced and renamed over the file: a crash leaves either the old file (plus a
// stale copy, removed at the next open) or the complete new one (docs/storage-format.md section 6).
//
// SQLite3MultipleCiphers 2.3 (the one in better-sqlite3-multiple-ciphers 12.11) refuses
// `PRAGMA rekey` in WAL mode, so the copy is rekeyed with a rollback journal and switched to WAL
// afterwards; the live database also leaves WAL for the rotation (takeExclusive), which puts every
// committed page in the main file for the copy and proves no other process has it open.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';

const BUSY_WAIT_MS = 500;
const NORMAL_BUSY_WAIT_MS = 5000;

/** Takes the database for this connection alone, or throws VAULT_BUSY if another process has it. */
export function takeExclusive(db: Db): void {
  db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
  try {
    let mode: unknown;
    try {
      mode = db.pragma('journal_mode = DELETE', { simple: true });
    } catch {
      mode = null;
    }
    if (mode !== 'delete') throw busy();
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      // A write transaction takes the exclusive lock, which exclusive locking mode then keeps.
      db.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch {
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = WAL');
      throw busy();
    }
  } finally {
    db.pragma(`busy_timeout = ${NORMAL_BUSY_WAIT_MS}`);
  }
}

/** Back to the normal shared WAL mode (docs/storage-format.md section 4). */
export function releaseExclusive(db: Db): void {
  if (!db.open) return;
  db.pragma('locking_mode = NORMAL');
  db.pragma('journal_mode = WAL');
}

/**
 * Opens `file` with a raw key and proves it with a first read, without migrations or a change of
 * journal mode: the same cipher pragmas as main/core/db/open.ts (storage-format section 4). Throws
 * SQLite's own error (SQLITE_NOTADB for a wrong key) so callers can tell a wrong key from the rest.
 */
export function openWithRawKey(file: string, key: Buffer): Db {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Whether `key` opens `file`: false only when SQLite says "not a database" (the key does not fit);
 * any other failure is thrown. Opening with the right key rolls back a hot journal written under it.
 */
export function databaseOpensWith(file: string, key: Buffer): boolean {
  try {
    openWithRawKey(file, key).close();
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB') return false;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw busy();
    throw error;
  }
}

/** Copies of the database being rekeyed are named `.<file name>.rekey-<12 hex>` beside it. */
const copyPrefix = (file: string): string => `.${path.basename(file)}.rekey-`;

/** SQLite's companions of a database file: a leftover one must not meet the wrong database. */
const COMPANIONS = ['-journal', '-wal', '-shm'] as const;

/**
 * Writes a copy of `file` under key `to` and returns its path: copy (the caller guarantees nothing
 * writes `file` meanwhile), rekey, switch to WAL, close cleanly, check every page opens under `to`,
 * fsync. On any failure the copy is removed and `file` is as it was.
 */
export async function writeRekeyedCopy(file: string, from: Buffer, to: Buffer, probe: (step: string) => void | Promise<void>): Promise<string> {
  if (to.length !== 32) throw new Error('database key must be 32 bytes');
  const copy = path.join(path.dirname(file), `${copyPrefix(file)}${randomBytes(6).toString('hex')}`);
  try {
    await fs.copyFile(file, copy, fsConstants.COPYFILE_EXCL);
    await fs.chmod(copy, 0o600);
    await probe('db-copied');
    const db = openWithRawKey(copy, from);
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = FULL');
      db.pragma(`rekey = "x'${to.toString('hex')}'"`);
      // The mode is kept in the file header: the replaced database opens in WAL like before.
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    await probe('db-rekeyed-copy');
    // Reopened from disk, not from the cache the rekey left: every page must decrypt under `to`.
    const check = openWithRawKey(copy, to);
    try {
      const result = check.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new CoreError('VAULT_CORRUPT', 'The database did not survive re-encryption; the key rotation was stopped and nothing changed.');
    } finally {
      check.close();
    }
    // A clean close leaves no companion; one left behind would be taken for the new file's own.
    for (const suffix of COMPANIONS) {
      if (await exists(copy + suffix)) throw new Error(`the re-encrypted database copy left a ${suffix} file`);
    }
    const handle = await fs.open(copy, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return copy;
  } catch (error) {
    await removeCopy(copy);
    throw error;
  }
}

/** The first bytes of a rollback journal that SQLite would replay ("hot"). */
const JOURNAL_HEADER_BYTES = 28;

/**
 * Before the copy: `db` (the live connection, taken exclusively) must be between transactions, and
 * nothing beside `file` may be applied to the copy once it is renamed into place. In exclusive
 * locking mode SQLite keeps the rollback journal after each commit with its header zeroed (never
 * replayed): that one is removed; a journal with a header, or a WAL, stops the rotation.
 */
export async function clearCompanions(db: Db, file: string): Promise<void> {
  const stillWriting = () => new CoreError('VAULT_BUSY', 'The database is still being written; the key rotation was stopped and nothing changed. Try again.');
  if (db.inTransaction || (await exists(`${file}-wal`))) throw stillWriting();
  let header: Buffer;
  try {
    const handle = await fs.open(`${file}-journal`, 'r');
    try {
      header = Buffer.alloc(JOURNAL_HEADER_BYTES);
      const { bytesRead } = await handle.read(header, 0, JOURNAL_HEADER_BYTES, 0);
      header = header.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (header.some((byte) => byte !== 0)) throw stillWriting();
  await fs.rm(`${file}-journal`, { force: true });
}

export async function removeCopy(copy: string): Promise<void> {
  for (const suffix of ['', ...COMPANIONS]) await fs.rm(copy + suffix, { force: true });
}

/**
 * Removes copies a crash left before their rename (with their companions). Only called with the
 * database open, when no rotation can be writing one: a rotation holds the database exclusively
 * until its copy has been renamed.
 */
export async function removeStaleCopies(file: string): Promise<number> {
  const prefix = copyPrefix(file);
  const dir = path.dirname(file);
  let removed = 0;
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

const busy = () =>
  new CoreError('VAULT_BUSY', 'The database is in use by another program (the workstation app or another command). Close it and try again.');
