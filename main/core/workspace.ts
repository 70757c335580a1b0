// An unlocked workspace: the open database and blob store of one data directory, with the keys
// that opened them. It exists only while someone is signed in; closing it wipes the keys. Opening
// also finishes a key rotation that a crash interrupted (main/core/keys/rotate.ts).
import path from 'node:path';
import { recordAudit } from './audit/audit';
import { BlobStore, type BlobKek } from './blobs/blob-store';
import { closeDatabase, openDatabase, type Db } from './db/open';
import { finishRotation } from './keys/rotate';
import type { Logger } from './support/log';
import { DEFAULT_KDF_COST } from './vault/kdf';
import type { VaultKeys } from './vault/vault';

export interface Workspace {
  readonly dataDir: string;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly vaultId: string;
  /** The unlocked keys: an administrator's session uses them to add or rewrap key slots. */
  readonly keys: VaultKeys;
  /** After a key rotation: the new generation's keys replace (and wipe) the old ones. */
  replaceKeys(next: VaultKeys): void;
  /** Keys still in use by the blob store after a failed rotation: wiped when the workspace closes. */
  holdUntilClose(keys: VaultKeys): void;
  close(): void;
}

export const DATABASE_FILE = 'clinic.db';

export async function openWorkspace(dataDir: string, keys: VaultKeys, log: Logger): Promise<Workspace> {
  const file = path.join(dataDir, DATABASE_FILE);
  // An unfinished rotation: the database may still be under the previous key. Try that one first:
  // if a rekey was cut short, its hot journal must be rolled back under the key it was written with.
  let db: Db;
  let underPreviousKey = false;
  if (keys.previous) {
    try {
      db = openDatabase(file, keys.previous.databaseKey);
      underPreviousKey = true;
    } catch {
      db = openDatabase(file, keys.databaseKey);
    }
  } else {
    db = openDatabase(file, keys.databaseKey);
  }
  const kekMap = (k: VaultKeys): Map<number, BlobKek> => new Map([...(k.previous ? [[k.previous.blobKek.version, k.previous.blobKek] as const] : []), [k.blobKek.version, k.blobKek]]);
  const blobs = new BlobStore(dataDir, kekMap(keys), keys.blobKek);
  let current = keys;
  const held: VaultKeys[] = [];
  const workspace: Workspace = {
    dataDir,
    db,
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
    close() {
      closeDatabase(db);
      current.wipe();
      for (const k of held) k.wipe();
    },
  };
  if (keys.previous) {
    try {
      const done = await finishRotation(workspace, { databaseUnderPreviousKey: underPreviousKey, cost: DEFAULT_KDF_COST, protector: null });
      log.info('keys.rotation-finished', { keyVersion: done.keyVersion, blobsRewrapped: done.blobsRewrapped });
      recordAudit(db, new Date(), { userId: null, action: 'keys.rotate-resume', outcome: 'success', detail: `keyVersion=${done.keyVersion}` });
    } catch (error) {
      // The workspace still works (both KEKs are known, the connection has a valid key); the
      // rotation is tried again at the next open.
      log.error('keys.rotation-resume-failed', error);
      if (db.open) recordAudit(db, new Date(), { userId: null, action: 'keys.rotate-resume', outcome: 'failure', detail: (error as { code?: string }).code ?? 'ERROR' });
    }
  }
  const referenced = db.prepare('SELECT 1 FROM blobs WHERE file_name = ?').pluck();
  const removed = await blobs.sweep((fileName) => referenced.get(fileName) !== undefined);
  if (removed > 0) log.info('blob-store.recovered', { removed });
  return workspace;
}
