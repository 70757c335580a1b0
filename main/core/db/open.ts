// Opens the SQLCipher database with a raw 256-bit key and the fixed pragma set, then migrates.
import Database from 'better-sqlite3-multiple-ciphers';
import { CoreError } from '../../../shared/errors';
import { createPrivateFileIfMissing, makeFilesPrivate } from '../support/owner-only';
import { migrate } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * `every-commit` (the default): a commit is on disk before it returns (synchronous = FULL).
   * `repeatable-steps`: for a connection whose every write is safe to do again, the sync worker's
   * (outbox steps, which idempotent delivery makes safe to repeat): a commit is in the WAL at once
   * and on disk at the next checkpoint or the next commit of a FULL connection (synchronous =
   * NORMAL). A power cut can then take only the newest of its steps back, in order, never corrupt
   * the file; a step taken back is redone. Under load, waiting for the disk twice per photo was the
   * worker's largest cost after decryption (an fsync also flushes whatever else the disk holds).
   */
  readonly durability?: 'every-commit' | 'repeatable-steps';
}

/**
 * SQLite's automatic checkpoint runs inside whichever COMMIT takes the log past its threshold (1000
 * pages by default), on that connection's thread: for the core, the main thread. The checkpointer
 * thread (checkpoint-thread.ts) copies the log back every second instead; a connection checkpoints
 * itself only past this many pages (about 40 MB of log), should that thread be gone or stuck.
 */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;

export function openDatabase(file: string, key: Buffer, options: OpenOptions = {}): Db {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the same mode.
  createPrivateFileIfMissing(file);
  const db = new Database(file);
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    // The first read proves the key: a wrong key surfaces here as "file is not a database".
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new CoreError('VAULT_CORRUPT', 'The database could not be opened with this vault key.');
    }
    db.pragma('journal_mode = WAL');
    // A database made before this rule (or under a lax umask) is tightened, and the mode is checked.
    makeFilesPrivate([file, `${file}-wal`, `${file}-shm`]);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('busy_timeout = 5000');
    db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    migrate(db);
    // After migrating: a schema change is always committed as durably as the rest of the app's writes.
    if (options.durability === 'repeatable-steps') db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Closes with the log copied back and emptied, so a short-lived process (the CLI) leaves a
 * checkpointed database even while another connection (a worker still stopping) keeps SQLite's
 * own checkpoint-at-last-close from running. It waits a moment at most for other connections.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
    db.pragma('busy_timeout = 250');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy past the wait: the log stays for the next connection (or the checkpointer) to copy.
  } finally {
    db.close();
  }
}
