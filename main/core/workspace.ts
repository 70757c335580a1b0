// An unlocked workspace: the open database and blob store of one data directory, with the keys
// that opened them. It exists only while someone is signed in; closing it wipes the keys. Opening
// also finishes a key rotation that a crash interrupted (main/core/keys/rotate.ts). A rotation
// replaces the database file, so `db` is read on every use and never kept across calls.
import path from 'node:path';
import { CoreError } from '../../shared/errors';
import { recordAudit } from './audit/audit';
import { blobFileIsReferenced } from './blobs/blob-rows';
import { BlobStore, type BlobKek } from './blobs/blob-store';
import { closeDatabase, openDatabase, type Db } from './db/open';
import { removeStaleCopies } from './keys/database-rekey';
import { openRotatingDatabase } from './keys/database-swap';
import { finishRotation } from './keys/rotate';
import type { Logger } from './support/log';
import { DEFAULT_KDF_COST } from './vault/kdf';
import type { VaultKeys } from './vault/vault';

export interface Workspace {
  readonly dataDir: string;
  /** The current connection: after a key rotation, one to the rekeyed file (the old one is closed). */
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly vaultId: string;
  /** The unlocked keys: an administrator's session uses them to add or rewrap key slots. */
  readonly keys: VaultKeys;
  /** After a key rotation: the new generation's keys replace (and wipe) the old ones. */
  replaceKeys(next: VaultKeys): void;
  /** Keys still in use by the blob store after a failed rotation: wiped when the workspace closes. */
  holdUntilClose(keys: VaultKeys): void;
  /** Key rotation renamed a rekeyed copy over the database file: closes the old connection (its
   *  file is gone) and opens the file with `key`. If that open fails, the workspace has no working
   *  connection until it is reopened. */
  reopenDatabase(key: Buffer): void;
  close(): void;
}

export const DATABASE_FILE = 'clinic.db';

export async function openWorkspace(dataDir: string, keys: VaultKeys, log: Logger): Promise<Workspace> {
  const file = path.join(dataDir, DATABASE_FILE);
  // An unfinished rotation: the journal says which key the database is under (keys/database-swap.ts).
  const opened = await openRotatingDatabase(dataDir, file, keys);
  let db: Db = opened.db;
  try {
    // A rotation killed before its rename leaves its copy; with the database open here, no
    // rotation can be writing one now (it would hold the database exclusively).
    const stale = await removeStaleCopies(file);
    if (stale > 0) log.info('keys.rekey-copies-removed', { removed: stale });
  } catch (error) {
    db.close();
    throw error;
  }
  const kekMap = (k: VaultKeys): Map<number, BlobKek> => new Map([...(k.previous ? [[k.previous.blobKek.version, k.previous.blobKek] as const] : []), [k.blobKek.version, k.blobKek]]);
  const blobs = new BlobStore(dataDir, kekMap(keys), keys.blobKek);
  let current = keys;
  const held: VaultKeys[] = [];
  const workspace: Workspace = {
    dataDir,
    get db() {
      return db;
    },
    blobs,
    vaultId: keys.vaultId,
    get keys() {
      return current;
    },
    replaceKeys(next) {
      if (next !== current) current.wipe();
      for (const k of held.splice(0)) if (k !== next) k.wipe();
      current = next;
      blobs.setKeks(new Map([[next.blobKek.version, next.blobKek]]), next.blobKek);
    },
    holdUntilClose(extra) {
      held.push(extra);
    },
    reopenDatabase(key) {
      // Not closeDatabase: its `optimize` would only write to the replaced file.
      db.close();
      db = openDatabase(file, key);
    },
    close() {
      closeDatabase(db);
      current.wipe();
      for (const k of held) k.wipe();
    },
  };
  if (keys.previous) {
    try {
      const done = await finishRotation(workspace, { databaseUnderPreviousKey: opened.underPreviousKey, cost: DEFAULT_KDF_COST, protector: null });
      log.info('keys.rotation-finished', { keyVersion: done.keyVersion, blobsRewrapped: done.blobsRewrapped });
      recordAudit(db, new Date(), { userId: null, action: 'keys.rotate-resume', outcome: 'success', detail: `keyVersion=${done.keyVersion}` });
    } catch (error) {
      // The workspace still works (both KEKs are known, the connection has a valid key); the
      // rotation is tried again at the next open.
      log.error('keys.rotation-resume-failed', error);
      if (db.open) recordAudit(db, new Date(), { userId: null, action: 'keys.rotate-resume', outcome: 'failure', detail: (error as { code?: string }).code ?? 'ERROR' });
    }
    if (!db.open) {
      // The database moved to the new key but its connection could not be reopened (or the journal
      // could not record the move): nothing is lost, and the next open starts over.
      workspace.close();
      throw new CoreError('VAULT_BUSY', 'The key rotation could not reopen the database; sign in again.');
    }
  }
  const removed = await blobs.sweep(blobFileIsReferenced(db));
  if (removed > 0) log.info('blob-store.recovered', { removed });
  return workspace;
}
