// The device slot: the VMK wrapped under a random key that the operating system's key store holds
// (the OS keyring in Node, Electron's safeStorage in the app). It lets the workstation itself open
// the vault for background work while nobody is signed in (delivery, audit forwarding); staff still
// sign in with their own slots. Optional: an administrator enables or disables it.
import { randomBytes } from 'node:crypto';
import { CoreError } from '../../../shared/errors';
import type { KeyProtector } from '../keys/key-protector';
import { openSmall, randomKey, sealSmall } from './aead';
import { generationOf, masterKeyOf, type VaultKeys } from './master-key';
import { checkedVmk, pruneLinks, resolveKeys } from './vault';
import { readVaultFile, slotAad, updateVaultFile, type DeviceSlot, type VaultFile } from './vault-file';

/** A new device slot for `vmk`: its key goes into the protector's store before the slot exists. */
export async function makeDeviceSlot(vaultId: string, vmk: Buffer, keyVersion: number, protector: KeyProtector): Promise<DeviceSlot> {
  const id = randomBytes(8).toString('hex');
  const slotKey = randomKey();
  try {
    const sealed = await protector.protect({ vaultId, slotId: id }, slotKey);
    return {
      id,
      kind: 'device',
      keyVersion,
      protector: { backend: protector.backend, sealed },
      wrappedKey: sealSmall(slotKey, vmk, slotAad(vaultId, id)).toString('hex'),
      createdAt: new Date().toISOString(),
    };
  } finally {
    slotKey.fill(0);
  }
}

export const deviceSlotOf = (file: VaultFile): DeviceSlot | undefined => file.slots.find((s): s is DeviceSlot => s.kind === 'device');

/** Removes a replaced slot's key from the store when this protector is the one that holds it. */
export async function forgetDeviceKey(vaultId: string, slot: DeviceSlot | undefined, protector: KeyProtector | null): Promise<void> {
  if (!slot || !protector || slot.protector.backend !== protector.backend) return;
  await protector.forget({ vaultId, slotId: slot.id }, slot.protector.sealed).catch(() => undefined);
}

/** Creates (or replaces) the device slot under the open vault's key. */
export async function enableDeviceSlot(dataDir: string, keys: VaultKeys, protector: KeyProtector): Promise<void> {
  const slot = await makeDeviceSlot(keys.vaultId, masterKeyOf(keys), generationOf(keys), protector);
  let replaced: DeviceSlot | undefined;
  try {
    await updateVaultFile(dataDir, keys.vaultId, (file) => {
      replaced = deviceSlotOf(file);
      file.slots = [...file.slots.filter((s) => s.kind !== 'device'), slot];
      pruneLinks(file);
    });
  } catch (error) {
    await forgetDeviceKey(keys.vaultId, slot, protector);
    throw error;
  }
  await forgetDeviceKey(keys.vaultId, replaced, protector);
}

/** Removes the device slot; its key is removed from the store when `protector` holds it. */
export async function disableDeviceSlot(dataDir: string, protector: KeyProtector | null): Promise<boolean> {
  let removed: DeviceSlot | undefined;
  let vaultId = '';
  await updateVaultFile(dataDir, null, (file) => {
    vaultId = file.vaultId;
    removed = deviceSlotOf(file);
    file.slots = file.slots.filter((s) => s.kind !== 'device');
    pruneLinks(file);
  });
  await forgetDeviceKey(vaultId, removed, protector);
  return removed !== undefined;
}

/** Opens the vault with no one present, through the device slot. */
export async function unlockWithDevice(dataDir: string, protector: KeyProtector): Promise<VaultKeys> {
  const file = await readVaultFile(dataDir);
  const slot = deviceSlotOf(file);
  if (!slot) throw new CoreError('NOT_FOUND', 'This workstation has no device key.');
  if (slot.protector.backend !== protector.backend) {
    throw new CoreError('KEYSTORE_UNAVAILABLE', `The device key is held by another key store (${slot.protector.backend}); this process uses ${protector.backend}.`);
  }
  const slotKey = await protector.reveal({ vaultId: file.vaultId, slotId: slot.id }, slot.protector.sealed);
  let vmk: Buffer | null;
  try {
    vmk = checkedVmk(openSmall(slotKey, Buffer.from(slot.wrappedKey, 'hex'), slotAad(file.vaultId, slot.id)));
  } finally {
    slotKey.fill(0);
  }
  if (!vmk) throw new CoreError('VAULT_CORRUPT', 'The device key does not open this vault; disable and re-enable the device key.');
  try {
    return resolveKeys(file, vmk, slot.keyVersion);
  } finally {
    vmk.fill(0);
  }
}
