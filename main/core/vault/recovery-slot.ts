// The recovery slot: the VMK wrapped under Argon2id of a recovery code that was shown once (at
// setup, at regeneration, after a rotation) and is kept on paper by the clinic. It is how an
// administrator who lost every password gets back in; there is at most one.
import { randomBytes } from 'node:crypto';
import { CoreError } from '../../../shared/errors';
import { sealSmall } from './aead';
import { DEFAULT_KDF_COST, deriveKey, type KdfCost, type KdfParams } from './kdf';
import { generationOf, masterKeyOf, type VaultKeys } from './master-key';
import { formatRecoveryCode, generateRecoveryCode, normaliseRecoveryCode } from './recovery-code';
import { openSlotWithSecret, pruneLinks, resolveKeys } from './vault';
import { readVaultFile, slotAad, updateVaultFile, type RecoverySlot, type VaultFile } from './vault-file';

/** A new recovery slot for `vmk` (generation `keyVersion`) and its code, formatted for display. */
export async function makeRecoverySlot(vaultId: string, vmk: Buffer, keyVersion: number, cost: KdfCost): Promise<{ slot: RecoverySlot; code: string }> {
  const canonical = generateRecoveryCode();
  const id = randomBytes(8).toString('hex');
  const kdf: KdfParams = { name: 'argon2id', version: 19, ...cost, salt: randomBytes(16).toString('hex') };
  const slotKey = await deriveKey(canonical, kdf);
  try {
    const slot: RecoverySlot = {
      id,
      kind: 'recovery',
      keyVersion,
      kdf,
      wrappedKey: sealSmall(slotKey, vmk, slotAad(vaultId, id)).toString('hex'),
      createdAt: new Date().toISOString(),
    };
    return { slot, code: formatRecoveryCode(canonical) };
  } finally {
    slotKey.fill(0);
  }
}

/** Puts `slot` in place of the file's recovery slot (or adds it). */
export function setRecoverySlot(file: VaultFile, slot: RecoverySlot): void {
  file.slots = [...file.slots.filter((s) => s.kind !== 'recovery'), slot];
}

/**
 * Replaces the recovery slot with a new one under the open vault's key and returns the new code,
 * which exists nowhere else: show it once. The previous code stops working at once.
 */
export async function replaceRecoverySlot(dataDir: string, keys: VaultKeys, cost: KdfCost = DEFAULT_KDF_COST): Promise<string> {
  return updateVaultFile(dataDir, keys.vaultId, async (file) => {
    const { slot, code } = await makeRecoverySlot(file.vaultId, masterKeyOf(keys), generationOf(keys), cost);
    setRecoverySlot(file, slot);
    pruneLinks(file);
    return code;
  });
}

/** Unwraps the VMK with the recovery code (typed in any case, with or without separators). */
export async function unlockWithRecoveryCode(dataDir: string, typed: string): Promise<VaultKeys> {
  const canonical = normaliseRecoveryCode(typed);
  const file = await readVaultFile(dataDir);
  const slot = file.slots.find((s): s is RecoverySlot => s.kind === 'recovery');
  if (!slot) throw new CoreError('INVALID_RECOVERY_CODE', 'This workstation has no recovery code; it cannot be recovered this way.');
  const vmk = await openSlotWithSecret(file, slot, canonical);
  if (!vmk) throw new CoreError('INVALID_RECOVERY_CODE', 'This recovery code does not open this workstation.');
  try {
    return resolveKeys(file, vmk, slot.keyVersion);
  } finally {
    vmk.fill(0);
  }
}
