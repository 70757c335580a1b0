// Key rotation on an open workspace, and finishing one a crash interrupted. The order keeps every
// step idempotent and every intermediate state openable (docs/storage-format.md section 6):
//
//   1. take the database exclusively (refuses while another process has it open)
//   2. vault.json: forward link old → new VMK, rotation journal          (beginRotation)
//   3. blob rows: rewrap each key from KEK v(old) to KEK v(new), in batches (rows at v(new) are skipped)
//   4. database: a rekeyed copy renamed over clinic.db, journal says 'next', reconnect
//                                                  (database-swap.ts; skipped if already new)
//   5. vault.json: rewrap the actor's, recovery and device slots, keyVersion = new, no journal
//
// A crash before 5 leaves the journal: the next unlock derives both generations and
// openWorkspace calls finishRotation, which repeats 3–5 without the person-bound parts.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CoreError } from '../../../shared/errors';
import { blobKeyRewrapper, countBlobsNotUnder } from '../blobs/blob-rows';
import type { BlobStore } from '../blobs/blob-store';
import type { Db } from '../db/open';
import type { KdfCost } from '../vault/kdf';
import { beginRotation, commitRotation, type CommitOutcome } from '../vault/rotation';
import type { VaultKeys } from '../vault/vault';
import type { Workspace } from '../workspace';
import { releaseExclusive, takeExclusive } from './database-rekey';
import { moveDatabaseToNextKey } from './database-swap';
import type { KeyProtector } from './key-protector';
import { writeTransaction } from '../db/write';

const BATCH = 1000;

/** Test hook: called between steps so a test can observe (or a child can be killed at) each one. */
export type RotationProbe = (step: string) => void | Promise<void>;

export interface RotateOptions {
  readonly username: string;
  readonly password: string;
  readonly cost: KdfCost;
  readonly protector: KeyProtector | null;
  readonly now: Date;
  readonly probe?: RotationProbe;
}

export interface RotationOutcome extends CommitOutcome {
  readonly blobsRewrapped: number;
}

/** Rotates the workspace's keys; on success the workspace holds the new generation. */
export async function rotateKeys(ws: Workspace, options: RotateOptions): Promise<RotationOutcome> {
  const probe = options.probe ?? (() => undefined);
  takeExclusive(ws.db);
  try {
    await probe('exclusive');
    const next = await beginRotation(ws.dataDir, ws.keys, options.now);
    await probe('begun');
    try {
      const blobsRewrapped = await moveForward(ws, next, true, probe);
      const outcome = await commitRotation(ws.dataDir, next, {
        actor: { username: options.username, password: options.password },
        cost: options.cost,
        newRecoveryCode: true,
        protector: options.protector,
      });
      await probe('committed');
      ws.replaceKeys(next);
      return { ...outcome, blobsRewrapped };
    } catch (error) {
      // The journal stays: the next open finishes the rotation. Until then this workspace keeps
      // working: its blob store uses both generations' KEKs (so `next` lives until the workspace
      // closes), the connection is to whichever file the journal names (none, if the journal
      // could not say 'next' after the rename: database-swap.ts), and slot changes keep using
      // the committed generation (ws.keys), which is what vault.json still calls current.
      ws.holdUntilClose(next);
      throw error;
    }
  } finally {
    // The connection the workspace has now: the database may have moved to a new file.
    releaseExclusive(ws.db);
  }
}

/**
 * Finishes an interrupted rotation on a workspace opened with keys that carry the previous
 * generation (VaultKeys.previous): rewraps what is left, rekeys if needed, closes the journal.
 * Slots bound to a person keep opening through the forward link until their owner signs in.
 */
export async function finishRotation(
  ws: Workspace,
  options: { databaseUnderPreviousKey: boolean; cost: KdfCost; protector: KeyProtector | null; probe?: RotationProbe },
): Promise<RotationOutcome> {
  const probe = options.probe ?? (() => undefined);
  takeExclusive(ws.db);
  try {
    const blobsRewrapped = await moveForward(ws, ws.keys, options.databaseUnderPreviousKey, probe);
    const outcome = await commitRotation(ws.dataDir, ws.keys, { cost: options.cost, newRecoveryCode: false, protector: options.protector });
    ws.replaceKeys(ws.keys);
    return { ...outcome, blobsRewrapped };
  } finally {
    releaseExclusive(ws.db);
  }
}

/** Steps 3 and 4: blob rows, then the database key. */
async function moveForward(ws: Workspace, next: VaultKeys, rekey: boolean, probe: RotationProbe): Promise<number> {
  if (!next.previous) throw new Error('rotation keys must carry the previous generation');
  ws.blobs.setKeks(
    new Map([
      [next.previous.blobKek.version, next.previous.blobKek],
      [next.blobKek.version, next.blobKek],
    ]),
    next.blobKek,
  );
  const rewrapped = await rewrapBlobRows(ws.db, ws.blobs, next.previous.blobKek.version, next.blobKek.version, probe);
  await probe('blobs');
  if (rekey) await moveDatabaseToNextKey(ws, next, probe);
  await probe('rekeyed');
  return rewrapped;
}

/** Rewraps every row under KEK `from` to the store's current KEK, one transaction per batch. */
export async function rewrapBlobRows(db: Db, blobs: BlobStore, from: number, to: number, probe: RotationProbe = () => undefined): Promise<number> {
  const blobRows = blobKeyRewrapper(db);
  let after = '';
  let moved = 0;
  let failed = 0;
  for (;;) {
    const rows = blobRows.page(from, after, BATCH);
    if (rows.length === 0) break;
    writeTransaction(db, () => {
      for (const row of rows) {
        try {
          const next = blobs.rewrapKey({ id: row.id, wrappedKey: row.wrapped_key, keyVersion: row.key_version });
          if (next) moved += blobRows.move(row.id, row.key_version, next.wrappedKey, next.keyVersion);
        } catch (error) {
          if (!(error instanceof CoreError)) throw error;
          failed++;
        }
      }
    });
    after = rows[rows.length - 1]!.id;
    await probe('batch');
    await yieldToEventLoop();
  }
  // A row that cannot be moved would be stranded under a KEK that no longer exists once the
  // rotation ends: the journal stays, and the photo stays exactly as readable as it was.
  const stranded = countBlobsNotUnder(db, to);
  if (failed > 0 || stranded > 0) {
    throw new CoreError('BLOB_TAMPERED', `${Math.max(failed, stranded)} stored file key(s) could not be moved to the new key; the key rotation cannot finish until they are resolved.`);
  }
  return moved;
}

