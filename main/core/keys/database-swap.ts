// Moving clinic.db to the next generation's key during a rotation, and opening it while a rotation
// is unfinished. The rotation journal in vault.json records which key the file is under
// (`databaseUnder`), and one rule keeps that record trustworthy after a crash at any point:
//
//   no connection opens the file under the new key while the journal says 'previous'.
//
// So a journal saying 'previous' means the file is either the old one (a hot journal, if any, was
// written under the previous key, which must open it first to roll it back) or the renamed copy,
// untouched since it was closed cleanly (the previous key fails with "not a database" and writes
// nothing; the new key then opens it without any journal to replay).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../shared/errors';
import { openDatabase, type Db } from '../db/open';
import { fsyncDirectory } from '../support/fs-atomic';
import { markDatabaseUnderNext, readRotationState } from '../vault/rotation';
import type { VaultKeys } from '../vault/vault';
import type { Workspace } from '../workspace';
import { clearCompanions, databaseOpensWith, removeCopy, writeRekeyedCopy } from './database-rekey';

type Probe = (step: string) => void | Promise<void>;

/**
 * Step 4 of a rotation (rotate.ts): replaces the workspace's database by a copy under `next`'s key
 * and reconnects the workspace to it. Needs takeExclusive on the workspace's connection.
 */
export async function moveDatabaseToNextKey(ws: Workspace, next: VaultKeys, probe: Probe): Promise<void> {
  if (!next.previous) throw new Error('rotation keys must carry the previous generation');
  const old = ws.db;
  const file = old.name;
  // From here the file must not change: a write after the copy would be lost with the old inode.
  // Other processes are locked out already; this makes this process's other callers fail instead.
  old.pragma('query_only = ON');
  let renamed = false;
  try {
    await clearCompanions(old, file);
    const copy = await writeRekeyedCopy(file, next.previous.databaseKey, next.databaseKey, probe);
    try {
      await fs.rename(copy, file);
      renamed = true;
    } finally {
      if (!renamed) await removeCopy(copy);
    }
    await fsyncDirectory(path.dirname(file));
  } catch (error) {
    if (!renamed) old.pragma('query_only = OFF');
    else old.close();
    throw error;
  }
  await probe('db-renamed');
  // Until the journal says 'next', reads keep going to the old inode (the same content); if the
  // journal cannot be written, the workspace is left without a connection rather than open one
  // under the new key that the journal does not know about.
  try {
    await markDatabaseUnderNext(ws.dataDir, next);
  } catch (error) {
    old.close();
    throw error;
  }
  await probe('db-journal-next');
  ws.reopenDatabase(next.databaseKey);
}

/**
 * Opens the workspace's database with the key it is under. Without a rotation that is `keys`'
 * own; during one, vault.json's journal says which, and `underPreviousKey` tells the caller whether
 * the database still has to move.
 */
export async function openRotatingDatabase(dataDir: string, file: string, keys: VaultKeys): Promise<{ db: Db; underPreviousKey: boolean }> {
  if (!keys.previous) return { db: openDatabase(file, keys.databaseKey), underPreviousKey: false };
  const { rotation } = await readRotationState(dataDir);
  // No journal any more: another process finished the rotation since these keys were unlocked.
  if (rotation === null || rotation.databaseUnder === 'next') return { db: openDatabase(file, keys.databaseKey), underPreviousKey: false };
  if (databaseOpensWith(file, keys.previous.databaseKey)) return { db: openDatabase(file, keys.previous.databaseKey), underPreviousKey: true };
  // The renamed copy, with the crash before the journal said so: nothing has written it under the
  // new key, so opening it cannot replay anything. Record that first, then open (and migrate).
  if (!databaseOpensWith(file, keys.databaseKey)) throw new CoreError('VAULT_CORRUPT', 'The database could not be opened with this vault key.');
  await markDatabaseUnderNext(dataDir, keys);
  return { db: openDatabase(file, keys.databaseKey), underPreviousKey: false };
}
