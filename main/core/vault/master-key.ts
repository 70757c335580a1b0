// The unlocked master key behind each VaultKeys. The VMK never leaves the vault folder: the rest of
// the core sees only the subkeys derived from it (database key, blob KEKs). Only modules under
// main/core/vault/ import this file; everything else goes through their functions.
import type { BlobKek } from '../blobs/blob-store';
import { deriveSubkey } from './aead';

/** Keys derived from the VMK; the VMK itself never leaves the vault folder. */
export interface VaultKeys {
  readonly vaultId: string;
  readonly databaseKey: Buffer;
  /** Wraps per-blob keys; its version is the VMK generation it comes from. */
  readonly blobKek: BlobKek;
  /**
   * Only while a key rotation is unfinished (vault.json has a rotation journal): the previous
   * generation's keys, so the database and blob rows still under them can be moved forward.
   */
  readonly previous?: { readonly databaseKey: Buffer; readonly blobKek: BlobKek };
  wipe(): void;
}

interface Master {
  readonly vmk: Buffer;
  readonly version: number;
  readonly previousVmk: Buffer | null;
}

const masters = new WeakMap<VaultKeys, Master>();

export const DATABASE_KEY_INFO = 'clinic-photo/database/v1';
export const blobKekInfo = (version: number): string => `clinic-photo/blob-kek/v${version}`;

/**
 * Derives the subkeys of generation `version` from its VMK (copied; the caller wipes its own).
 * `previousVmk` is given only while a rotation from `version - 1` is unfinished.
 */
export function deriveVaultKeys(vaultId: string, vmk: Buffer, version: number, previousVmk: Buffer | null = null): VaultKeys {
  const databaseKey = deriveSubkey(vmk, vaultId, DATABASE_KEY_INFO);
  const blobKey = deriveSubkey(vmk, vaultId, blobKekInfo(version));
  const master: Master = { vmk: Buffer.from(vmk), version, previousVmk: previousVmk ? Buffer.from(previousVmk) : null };
  const previous = master.previousVmk
    ? { databaseKey: deriveSubkey(master.previousVmk, vaultId, DATABASE_KEY_INFO), blobKek: { version: version - 1, key: deriveSubkey(master.previousVmk, vaultId, blobKekInfo(version - 1)) } }
    : undefined;
  const keys: VaultKeys = {
    vaultId,
    databaseKey,
    blobKek: { version, key: blobKey },
    ...(previous ? { previous } : {}),
    wipe() {
      databaseKey.fill(0);
      blobKey.fill(0);
      master.vmk.fill(0);
      master.previousVmk?.fill(0);
      previous?.databaseKey.fill(0);
      previous?.blobKek.key.fill(0);
    },
  };
  masters.set(keys, master);
  return keys;
}

function masterOf(keys: VaultKeys): Master {
  const master = masters.get(keys);
  if (!master || master.vmk.every((b) => b === 0)) throw new Error('vault keys were wiped or did not come from this vault');
  return master;
}

/** The VMK of the keys' own generation. */
export const masterKeyOf = (keys: VaultKeys): Buffer => masterOf(keys).vmk;
/** Which VMK generation the keys belong to. */
export const generationOf = (keys: VaultKeys): number => masterOf(keys).version;
