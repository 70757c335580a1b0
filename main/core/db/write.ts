// Writes on the app's connection. Every use-case's writes and its audit record commit together in
// one IMMEDIATE transaction: BEGIN IMMEDIATE takes the database's write lock before the first read,
// waiting for it (busy_timeout) while another connection writes: the sync worker's, or a CLI run
// beside the app. A deferred transaction (SQLite's default) reads first and asks for the lock only
// at its first write; if another connection committed in between, SQLite answers SQLITE_BUSY or
// SQLITE_BUSY_SNAPSHOT at once, without waiting, and the use-case failed with INTERNAL.
import type { Db } from './open';

/** How often BEGIN IMMEDIATE is tried when the lock stays taken longer than busy_timeout (5 s). */
export const WRITE_ATTEMPTS = 3;

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/**
 * Runs `fn` in an IMMEDIATE transaction (a savepoint inside one already open) and returns its
 * value; an exception rolls it back and is rethrown. Only the start is retried on busy: once `fn`
 * has run it is never run twice.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  for (let attempt = 1; ; attempt += 1) {
    let started = false;
    try {
      return db
        .transaction(() => {
          started = true;
          return fn();
        })
        .immediate();
    } catch (error) {
      if (started || attempt >= WRITE_ATTEMPTS || !isBusy(error)) throw error;
    }
  }
}
