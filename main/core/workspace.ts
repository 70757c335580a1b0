// An unlocked workspace: the open database and blob store of one data directory, with the keys
// that opened them. It exists only while someone is signed in; closing it wipes the keys.
import path from 'node:path';
import { BlobStore } from './blobs/blob-store';
import { closeDatabase, openDatabase, type Db } from './db/open';
import type { Logger } from './support/log';
import type { VaultKeys } from './vault/vault';

export interface Workspace {
  readonly dataDir: string;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly vaultId: string;
  /** The unlocked keys: an administrator's session uses them to add or rewrap key slots. */
  readonly keys: VaultKeys;
  close(): void;
}

export const DATABASE_FILE = 'clinic.db';

export async function openWorkspace(dataDir: string, keys: VaultKeys, log: Logger): Promise<Workspace> {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE), keys.databaseKey);
  const blobs = new BlobStore(dataDir, new Map([[keys.blobKek.version, keys.blobKek]]), keys.blobKek);
  const referenced = db.prepare('SELECT 1 FROM blobs WHERE file_name = ?').pluck();
  const removed = await blobs.sweep((fileName) => referenced.get(fileName) !== undefined);
  if (removed > 0) log.info('blob-store.recovered', { removed });
  return {
    dataDir,
    db,
    blobs,
    vaultId: keys.vaultId,
    keys,
    close() {
      closeDatabase(db);
      keys.wipe();
    },
  };
}
