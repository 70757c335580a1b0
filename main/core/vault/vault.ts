// The vault: the master key (VMK) that opens the database and every blob, stored only wrapped in
// key slots inside `vault.json`. The file holds no PHI: a vault id, the clinic's display name and
// the slots. A password slot is found by a digest of the username, so the file does not list staff.
//
// Slot kinds: `password` (here), `recovery` (recovery-slot.ts) and `device` (device-slot.ts). All
// wrap a VMK the same way (AES-256-GCM under a slot key, AAD binding the vault and slot ids); only
// the slot key's origin differs. After a key rotation a slot may still wrap an older VMK
// generation: forward links in the file lead from it to the current one (resolveKeys).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { CoreError } from '../../../shared/errors';
import { openSmall, randomKey, sealSmall } from './aead';
import { DEFAULT_KDF_COST, deriveKey, type KdfCost, type KdfParams } from './kdf';
import { deriveVaultKeys, generationOf, masterKeyOf, type VaultKeys } from './master-key';
import {
  FORMAT,
  VAULT_VERSION,
  linkAad,
  readVaultFile,
  slotAad,
  slotLookup,
  updateVaultFile,
  vaultPath,
  writeNewVaultFile,
  type PasswordSlot,
  type VaultFile,
} from './vault-file';

export type { VaultKeys } from './master-key';
export { VAULT_FILE, vaultPath } from './vault-file';

export async function vaultExists(dataDir: string): Promise<boolean> {
  try {
    await fs.access(vaultPath(dataDir));
    return true;
  } catch {
    return false;
  }
}

export async function readVaultLabel(dataDir: string): Promise<string | null> {
  if (!(await vaultExists(dataDir))) return null;
  return (await readVaultFile(dataDir)).clinicName;
}

export async function createVault(
  dataDir: string,
  init: { clinicName: string; username: string; password: string; cost?: KdfCost },
): Promise<VaultKeys> {
  if (await vaultExists(dataDir)) throw new CoreError('ALREADY_INITIALIZED', 'This workstation is already set up.');
  const vaultId = randomBytes(16).toString('hex');
  const vmk = randomKey();
  try {
    const slot = await makePasswordSlot(vaultId, vmk, 1, init.username, init.password, init.cost ?? DEFAULT_KDF_COST);
    const file: VaultFile = {
      format: FORMAT,
      version: VAULT_VERSION,
      vaultId,
      clinicName: init.clinicName,
      createdAt: new Date().toISOString(),
      keyVersion: 1,
      slots: [slot],
      links: [],
      rotation: null,
    };
    await writeNewVaultFile(dataDir, file);
    return deriveVaultKeys(vaultId, vmk, 1);
  } finally {
    vmk.fill(0);
  }
}

const invalidCredentials = () => new CoreError('INVALID_CREDENTIALS', 'Username or password is incorrect.');

/** Unwraps the VMK with a user's password. Wrong user and wrong password are indistinguishable. */
export async function unlockWithPassword(dataDir: string, username: string, password: string): Promise<VaultKeys> {
  const file = await readVaultFile(dataDir);
  const slot = findPasswordSlot(file, username);
  if (!slot) {
    // Spend the same time as a real attempt so the response does not reveal which usernames exist:
    // at the cost the vault's slots actually use, which need not be the default.
    const decoy = file.slots.find((s) => s.kind === 'password')?.kdf ?? { ...DEFAULT_KDF_COST, name: 'argon2id' as const, version: 19 as const, salt: '' };
    await deriveKey(password, { ...decoy, salt: '00'.repeat(16) });
    throw invalidCredentials();
  }
  const vmk = await openSlotWithSecret(file, slot, password);
  if (!vmk) throw invalidCredentials();
  try {
    return resolveKeys(file, vmk, slot.keyVersion);
  } finally {
    vmk.fill(0);
  }
}

/**
 * Derives the slot key from a secret (password or normalised recovery code) with the slot's own
 * Argon2id parameters and unwraps its VMK; null when the secret is wrong.
 */
export async function openSlotWithSecret(file: VaultFile, slot: { id: string; kdf: KdfParams; wrappedKey: string }, secret: string): Promise<Buffer | null> {
  const slotKey = await deriveKey(secret, slot.kdf);
  try {
    return checkedVmk(openSmall(slotKey, Buffer.from(slot.wrappedKey, 'hex'), slotAad(file.vaultId, slot.id)));
  } finally {
    slotKey.fill(0);
  }
}

/** A VMK must be 32 bytes: anything else that authenticated means a damaged or forged file. */
export function checkedVmk(vmk: Buffer | null): Buffer | null {
  if (vmk && vmk.length !== 32) {
    vmk.fill(0);
    throw new CoreError('VAULT_CORRUPT', 'The vault file is damaged; restore it from a backup.');
  }
  return vmk;
}

/**
 * From a slot's VMK (generation `version`) to the current keys: follows the forward links up to
 * the vault's key version, and one further when a rotation journal says a rotation is unfinished
 * (then the keys carry the previous generation too, so opening the workspace can finish it).
 */
export function resolveKeys(file: VaultFile, slotVmk: Buffer, version: number): VaultKeys {
  const target = file.rotation ? file.rotation.to : file.keyVersion;
  let vmk: Buffer = Buffer.from(slotVmk);
  let previous: Buffer | null = null;
  try {
    for (let v = version; v < target; v++) {
      const link = file.links.find((l) => l.from === v && l.to === v + 1);
      const next = link ? checkedVmk(openSmall(vmk, Buffer.from(link.wrappedKey, 'hex'), linkAad(file.vaultId, v, v + 1))) : null;
      if (!next) throw new CoreError('VAULT_CORRUPT', 'The vault file is damaged (a key link is missing or altered); restore it from a backup.');
      previous?.fill(0);
      previous = vmk;
      vmk = next;
    }
    return deriveVaultKeys(file.vaultId, vmk, target, file.rotation ? previous : null);
  } finally {
    vmk.fill(0);
    previous?.fill(0);
  }
}

export function findPasswordSlot(file: VaultFile, username: string): PasswordSlot | undefined {
  const wanted = slotLookup(file.vaultId, username);
  return file.slots.find((s): s is PasswordSlot => s.kind === 'password' && timingSafeEqual(Buffer.from(s.lookup, 'hex'), wanted));
}

async function makePasswordSlot(vaultId: string, vmk: Buffer, keyVersion: number, username: string, password: string, cost: KdfCost): Promise<PasswordSlot> {
  const id = randomBytes(8).toString('hex');
  const kdf: KdfParams = { name: 'argon2id', version: 19, ...cost, salt: randomBytes(16).toString('hex') };
  const slotKey = await deriveKey(password, kdf);
  try {
    return {
      id,
      kind: 'password',
      lookup: slotLookup(vaultId, username).toString('hex'),
      keyVersion,
      kdf,
      wrappedKey: sealSmall(slotKey, vmk, slotAad(vaultId, id)).toString('hex'),
      createdAt: new Date().toISOString(),
    };
  } finally {
    slotKey.fill(0);
  }
}

/** Adds a password slot for a new staff member, wrapping the open vault's master key. */
export async function addPasswordSlot(dataDir: string, keys: VaultKeys, username: string, password: string, cost: KdfCost = DEFAULT_KDF_COST): Promise<void> {
  await updateVaultFile(dataDir, keys.vaultId, async (file) => {
    if (findPasswordSlot(file, username)) throw new CoreError('VALIDATION_FAILED', 'This username already has a key slot.', { username: 'is already in use' });
    file.slots.push(await makePasswordSlot(file.vaultId, masterKeyOf(keys), generationOf(keys), username, password, cost));
  });
}

/** Rewraps one user's slot under a new password (the caller has verified the old one). */
export async function changePasswordSlot(dataDir: string, keys: VaultKeys, username: string, newPassword: string, cost: KdfCost = DEFAULT_KDF_COST): Promise<void> {
  await updateVaultFile(dataDir, keys.vaultId, async (file) => {
    const slot = findPasswordSlot(file, username);
    if (!slot) throw new CoreError('NOT_FOUND', 'This user has no key slot.');
    file.slots[file.slots.indexOf(slot)] = await makePasswordSlot(file.vaultId, masterKeyOf(keys), generationOf(keys), username, newPassword, cost);
    pruneLinks(file);
  });
}

/** Removes a user's slot: their password no longer opens anything. Returns whether one existed. */
export async function removePasswordSlot(dataDir: string, username: string): Promise<boolean> {
  return updateVaultFile(dataDir, null, (file) => {
    const slot = findPasswordSlot(file, username);
    if (!slot) return false;
    if (!file.slots.some((s) => s !== slot && s.kind === 'password')) throw new CoreError('VALIDATION_FAILED', 'The last key slot cannot be removed.');
    file.slots = file.slots.filter((s) => s !== slot);
    pruneLinks(file);
    return true;
  });
}

/**
 * Call right after a successful password sign-in (session.signIn, once the user is known to be
 * active), with the password just used: if that user's slot still wraps a VMK from before a key
 * rotation, or a cheaper Argon2id cost than `cost`, it is rewrapped under the current VMK, and
 * forward links no slot needs any more are dropped. Returns whether the slot changed. Never
 * changes anything while a rotation is unfinished (the slot then moves at the next sign-in).
 */
export async function upgradeSlotOnSignIn(dataDir: string, keys: VaultKeys, username: string, password: string, cost: KdfCost = DEFAULT_KDF_COST): Promise<boolean> {
  const before = await readVaultFile(dataDir);
  const seen = findPasswordSlot(before, username);
  if (!seen || before.rotation || !needsUpgrade(seen, before.keyVersion, cost)) return false;
  return updateVaultFile(dataDir, keys.vaultId, async (file) => {
    const slot = findPasswordSlot(file, username);
    if (!slot || file.rotation || generationOf(keys) !== file.keyVersion || !needsUpgrade(slot, file.keyVersion, cost)) return false;
    // The password must still open the slot being replaced: a stale caller cannot overwrite it.
    const vmk = await openSlotWithSecret(file, slot, password);
    if (!vmk) return false;
    vmk.fill(0);
    const stronger = { memoryKiB: Math.max(cost.memoryKiB, slot.kdf.memoryKiB), iterations: Math.max(cost.iterations, slot.kdf.iterations), parallelism: slot.kdf.parallelism };
    file.slots[file.slots.indexOf(slot)] = await makePasswordSlot(file.vaultId, masterKeyOf(keys), file.keyVersion, username, password, stronger);
    pruneLinks(file);
    return true;
  });
}

const needsUpgrade = (slot: PasswordSlot, current: number, cost: KdfCost): boolean =>
  slot.keyVersion < current || slot.kdf.memoryKiB < cost.memoryKiB || slot.kdf.iterations < cost.iterations;

/**
 * Drops forward links below the oldest generation any slot still wraps: once no slot opens an old
 * VMK, nothing should be able to reach the current one from it. Kept while a rotation is open.
 */
export function pruneLinks(file: VaultFile): void {
  if (file.rotation) return;
  const oldest = Math.min(...file.slots.map((s) => s.keyVersion));
  file.links = file.links.filter((l) => l.from >= oldest);
}
