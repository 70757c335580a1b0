// Key rotation, the vault.json half: a new VMK generation, the forward link from the previous one,
// and the rotation journal that says a rotation is under way. The database and blob halves live in
// main/core/keys/rotate.ts; this file only ever writes vault.json, atomically, in two steps:
//
//   begin:  link (from → to) + journal { from, to, databaseUnder: 'previous' }   every slot still wraps ≤ from
//   moved:  journal.databaseUnder = 'next' (right after clinic.db was replaced by its rekeyed copy)
//   commit: slots rewrapped where possible, keyVersion = to, journal removed
//
// Between the two, any slot opens generation `to` through the link, so a crash anywhere leaves a
// vault that unlocks to keys able to finish the work (VaultKeys.previous).
import { CoreError } from '../../../shared/errors';
import type { KeyProtector } from '../keys/key-protector';
import { randomKey, sealSmall } from './aead';
import { deviceSlotOf, forgetDeviceKey, makeDeviceSlot } from './device-slot';
import type { KdfCost, KdfParams } from './kdf';
import { deriveVaultKeys, generationOf, masterKeyOf, type VaultKeys } from './master-key';
import { makeRecoverySlot, setRecoverySlot } from './recovery-slot';
import { findPasswordSlot, openSlotWithSecret, pruneLinks } from './vault';
import { linkAad, readVaultFile, slotAad, slotLookup, updateVaultFile, type DeviceSlot, type PasswordSlot } from './vault-file';
import { deriveKey } from './kdf';
import { randomBytes } from 'node:crypto';

/** Which generation's key clinic.db is under while a rotation is open. */
export type DatabaseUnder = 'previous' | 'next';

export interface RotationState {
  readonly keyVersion: number;
  readonly rotation: { readonly from: number; readonly to: number; readonly startedAt: string; readonly databaseUnder: DatabaseUnder } | null;
}

export async function readRotationState(dataDir: string): Promise<RotationState> {
  const file = await readVaultFile(dataDir);
  return { keyVersion: file.keyVersion, rotation: file.rotation };
}

/**
 * Starts a rotation from the open vault's generation: writes the new VMK's forward link and the
 * journal, and returns the new generation's keys (with the previous generation's beside them).
 */
export async function beginRotation(dataDir: string, keys: VaultKeys, now: Date): Promise<VaultKeys> {
  const vmk = randomKey();
  try {
    return await updateVaultFile(dataDir, keys.vaultId, (file) => {
      if (file.rotation) throw new CoreError('VAULT_BUSY', 'A key rotation is already under way; sign out and in again to let it finish.');
      const from = generationOf(keys);
      if (from !== file.keyVersion) throw new CoreError('VAULT_BUSY', 'The keys changed since this workspace was opened; sign in again.');
      const to = from + 1;
      const previous = masterKeyOf(keys);
      file.links = [...file.links.filter((l) => l.from !== from), { from, to, wrappedKey: sealSmall(previous, vmk, linkAad(file.vaultId, from, to)).toString('hex') }];
      file.rotation = { from, to, startedAt: now.toISOString(), databaseUnder: 'previous' };
      return deriveVaultKeys(file.vaultId, vmk, to, previous);
    });
  } finally {
    vmk.fill(0);
  }
}

/**
 * Records that clinic.db is now under generation `to`'s key. Called right after the rekeyed copy
 * replaced the file and before any connection writes to it under the new key, so that a journal
 * saying 'previous' guarantees no journal or WAL written under the new key exists. Idempotent; a
 * vault whose rotation already committed (no journal, keyVersion = to) is left as it is.
 */
export async function markDatabaseUnderNext(dataDir: string, keys: VaultKeys): Promise<void> {
  const to = generationOf(keys);
  await updateVaultFile(dataDir, keys.vaultId, (file) => {
    if (!file.rotation) {
      if (file.keyVersion !== to) throw new CoreError('VAULT_BUSY', 'No key rotation is under way for these keys.');
      return;
    }
    if (file.rotation.to !== to) throw new CoreError('VAULT_BUSY', 'Another key rotation is under way.');
    file.rotation = { ...file.rotation, databaseUnder: 'next' };
  });
}

export interface CommitOptions {
  /** The administrator running the rotation: their slot moves to the new generation directly. */
  readonly actor?: { readonly username: string; readonly password: string };
  /** Argon2id cost for rewrapped password and recovery slots. */
  readonly cost: KdfCost;
  /** Issue a new recovery code (returned once); the old code stops working. */
  readonly newRecoveryCode: boolean;
  /** Rewrap the device slot when this process holds its key store. */
  readonly protector: KeyProtector | null;
}

export interface CommitOutcome {
  readonly keyVersion: number;
  readonly recoveryCode: string | null;
  /** Password slots that still wrap an older generation (rewrapped at their owner's next sign-in). */
  readonly pendingSlots: number;
}

/**
 * Ends a rotation: the database and every blob row are already under generation `to`. Slots that
 * can be rewrapped without a person (the actor's, with the password they just gave; the recovery
 * slot, with a new code; the device slot, with its key store) move to `to`; the rest keep opening
 * the vault through the forward links. Idempotent: a vault with no journal is left as it is.
 */
export async function commitRotation(dataDir: string, keys: VaultKeys, options: CommitOptions): Promise<CommitOutcome> {
  const to = generationOf(keys);
  const vmk = masterKeyOf(keys);
  let replacedDevice: DeviceSlot | undefined;
  let newDevice: DeviceSlot | undefined;
  let vaultId = keys.vaultId;
  try {
    const outcome = await updateVaultFile(dataDir, keys.vaultId, async (file) => {
      vaultId = file.vaultId;
      if (!file.rotation) {
        if (file.keyVersion !== to) throw new CoreError('VAULT_BUSY', 'No key rotation is under way for these keys.');
      } else if (file.rotation.to !== to) throw new CoreError('VAULT_BUSY', 'Another key rotation is under way.');
      let recoveryCode: string | null = null;
      if (options.actor) {
        const slot = findPasswordSlot(file, options.actor.username);
        const old = slot ? await openSlotWithSecret(file, slot, options.actor.password) : null;
        if (!slot || !old) throw new CoreError('INVALID_CREDENTIALS', 'Username or password is incorrect.');
        old.fill(0);
        file.slots[file.slots.indexOf(slot)] = await rewrapPasswordSlot(file.vaultId, vmk, to, slot, options.actor.username, options.actor.password, options.cost);
      }
      if (options.newRecoveryCode) {
        const made = await makeRecoverySlot(file.vaultId, vmk, to, options.cost);
        setRecoverySlot(file, made.slot);
        recoveryCode = made.code;
      }
      const device = deviceSlotOf(file);
      if (device && options.protector && device.protector.backend === options.protector.backend && device.keyVersion < to) {
        newDevice = await makeDeviceSlot(file.vaultId, vmk, to, options.protector);
        replacedDevice = device;
        file.slots[file.slots.indexOf(device)] = newDevice;
      }
      file.keyVersion = to;
      file.rotation = null;
      pruneLinks(file);
      return { keyVersion: to, recoveryCode, pendingSlots: file.slots.filter((s) => s.kind === 'password' && s.keyVersion < to).length };
    });
    await forgetDeviceKey(vaultId, replacedDevice, options.protector);
    return outcome;
  } catch (error) {
    // The new device key went into the store but the vault never referenced it.
    await forgetDeviceKey(vaultId, newDevice, options.protector);
    throw error;
  }
}

async function rewrapPasswordSlot(vaultId: string, vmk: Buffer, keyVersion: number, slot: PasswordSlot, username: string, password: string, cost: KdfCost): Promise<PasswordSlot> {
  const id = randomBytes(8).toString('hex');
  const kdf: KdfParams = { name: 'argon2id', version: 19, memoryKiB: Math.max(cost.memoryKiB, slot.kdf.memoryKiB), iterations: Math.max(cost.iterations, slot.kdf.iterations), parallelism: slot.kdf.parallelism, salt: randomBytes(16).toString('hex') };
  const slotKey = await deriveKey(password, kdf);
  try {
    return { id, kind: 'password', lookup: slotLookup(vaultId, username).toString('hex'), keyVersion, kdf, wrappedKey: sealSmall(slotKey, vmk, slotAad(vaultId, id)).toString('hex'), createdAt: new Date().toISOString() };
  } finally {
    slotKey.fill(0);
  }
}
