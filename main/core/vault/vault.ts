// The vault: the master key (VMK) that opens the database and every blob, stored only wrapped in
// key slots inside `vault.json`. The file holds no PHI: a vault id, the clinic's display name and
// the slots. A slot is found by a digest of the username, so the file does not list staff names.
//
// Slot kinds grow here: `password` now; recovery and OS-keystore slots wrap the same VMK the same
// way (AES-256-GCM under a slot key, AAD binding the vault and slot ids), only the slot key's
// origin differs.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../../shared/errors';
import { writeFileAtomic } from '../support/fs-atomic';
import { deriveSubkey, openSmall, randomKey, sealSmall } from './aead';
import { DEFAULT_KDF_COST, KdfParams, deriveKey, type KdfCost } from './kdf';

export const VAULT_FILE = 'vault.json';
const FORMAT = 'clinic-photo-vault';

const Hex = z.string().regex(/^[0-9a-f]*$/);

const PasswordSlot = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  kind: z.literal('password'),
  lookup: Hex.length(64),
  kdf: KdfParams,
  wrappedKey: Hex,
  createdAt: z.string(),
});
type PasswordSlot = z.infer<typeof PasswordSlot>;

const VaultFile = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  clinicName: z.string(),
  createdAt: z.string(),
  slots: z.array(PasswordSlot),
});
type VaultFile = z.infer<typeof VaultFile>;

/** Keys derived from the VMK; the VMK itself never leaves this module. */
export interface VaultKeys {
  readonly vaultId: string;
  readonly databaseKey: Buffer;
  /** Wraps per-blob keys; versioned so rotation can add v2 beside it. */
  readonly blobKek: { readonly version: number; readonly key: Buffer };
  wipe(): void;
}

export const vaultPath = (dataDir: string): string => path.join(dataDir, VAULT_FILE);

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
    const slot = await makePasswordSlot(vaultId, vmk, init.username, init.password, init.cost ?? DEFAULT_KDF_COST);
    const file: VaultFile = {
      format: FORMAT,
      version: 1,
      vaultId,
      clinicName: init.clinicName,
      createdAt: new Date().toISOString(),
      slots: [slot],
    };
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(vaultPath(dataDir), `${JSON.stringify(file, null, 2)}\n`);
    return deriveVaultKeys(vaultId, vmk);
  } finally {
    vmk.fill(0);
  }
}

/** Unwraps the VMK with a user's password. Wrong user and wrong password are indistinguishable. */
export async function unlockWithPassword(dataDir: string, username: string, password: string): Promise<VaultKeys> {
  const file = await readVaultFile(dataDir);
  const wanted = slotLookup(file.vaultId, username);
  const slot = file.slots.find((s) => timingSafeEqual(Buffer.from(s.lookup, 'hex'), wanted));
  if (!slot) {
    // Spend the same time as a real attempt so the response does not reveal which usernames exist:
    // at the cost the vault's slots actually use, which need not be the default.
    const decoy = file.slots[0]?.kdf ?? { ...DEFAULT_KDF_COST, name: 'argon2id' as const, version: 19 as const, salt: '' };
    await deriveKey(password, { ...decoy, salt: '00'.repeat(16) });
    throw new CoreError('INVALID_CREDENTIALS', 'Username or password is incorrect.');
  }
  const slotKey = await deriveKey(password, slot.kdf);
  const vmk = openSmall(slotKey, Buffer.from(slot.wrappedKey, 'hex'), slotAad(file.vaultId, slot.id));
  slotKey.fill(0);
  if (!vmk) throw new CoreError('INVALID_CREDENTIALS', 'Username or password is incorrect.');
  if (vmk.length !== 32) {
    vmk.fill(0);
    throw new CoreError('VAULT_CORRUPT', 'The vault file is damaged; restore it from a backup.');
  }
  try {
    return deriveVaultKeys(file.vaultId, vmk);
  } finally {
    vmk.fill(0);
  }
}

async function makePasswordSlot(vaultId: string, vmk: Buffer, username: string, password: string, cost: KdfCost): Promise<PasswordSlot> {
  const id = randomBytes(8).toString('hex');
  const kdf: KdfParams = { name: 'argon2id', version: 19, ...cost, salt: randomBytes(16).toString('hex') };
  const slotKey = await deriveKey(password, kdf);
  try {
    return {
      id,
      kind: 'password',
      lookup: slotLookup(vaultId, username).toString('hex'),
      kdf,
      wrappedKey: sealSmall(slotKey, vmk, slotAad(vaultId, id)).toString('hex'),
      createdAt: new Date().toISOString(),
    };
  } finally {
    slotKey.fill(0);
  }
}

/**
 * The unlocked master key behind each VaultKeys, reachable only from this module: adding or
 * rewrapping a slot needs it, nothing outside the vault does.
 */
const masterKeys = new WeakMap<VaultKeys, Buffer>();

function deriveVaultKeys(vaultId: string, vmk: Buffer): VaultKeys {
  const databaseKey = deriveSubkey(vmk, vaultId, 'clinic-photo/database/v1');
  const blobKey = deriveSubkey(vmk, vaultId, 'clinic-photo/blob-kek/v1');
  const master = Buffer.from(vmk);
  const keys: VaultKeys = {
    vaultId,
    databaseKey,
    blobKek: { version: 1, key: blobKey },
    wipe() {
      databaseKey.fill(0);
      blobKey.fill(0);
      master.fill(0);
    },
  };
  masterKeys.set(keys, master);
  return keys;
}

function masterKeyOf(keys: VaultKeys): Buffer {
  const vmk = masterKeys.get(keys);
  if (!vmk || vmk.every((b) => b === 0)) throw new Error('vault keys were wiped or did not come from this vault');
  return vmk;
}

/** Adds a password slot for a new staff member, wrapping the open vault's master key. */
export async function addPasswordSlot(dataDir: string, keys: VaultKeys, username: string, password: string, cost: KdfCost = DEFAULT_KDF_COST): Promise<void> {
  await updateVaultFile(dataDir, keys.vaultId, async (file) => {
    const lookup = slotLookup(file.vaultId, username).toString('hex');
    if (file.slots.some((s) => s.lookup === lookup)) throw new CoreError('VALIDATION_FAILED', 'This username already has a key slot.', { username: 'is already in use' });
    file.slots.push(await makePasswordSlot(file.vaultId, masterKeyOf(keys), username, password, cost));
  });
}

/** Rewraps one user's slot under a new password (the caller has verified the old one). */
export async function changePasswordSlot(dataDir: string, keys: VaultKeys, username: string, newPassword: string, cost: KdfCost = DEFAULT_KDF_COST): Promise<void> {
  await updateVaultFile(dataDir, keys.vaultId, async (file) => {
    const lookup = slotLookup(file.vaultId, username).toString('hex');
    const index = file.slots.findIndex((s) => s.lookup === lookup);
    if (index < 0) throw new CoreError('NOT_FOUND', 'This user has no key slot.');
    file.slots[index] = await makePasswordSlot(file.vaultId, masterKeyOf(keys), username, newPassword, cost);
  });
}

/** Removes a user's slot: their password no longer opens anything. Returns whether one existed. */
export async function removePasswordSlot(dataDir: string, username: string): Promise<boolean> {
  let removed = false;
  await updateVaultFile(dataDir, null, async (file) => {
    const lookup = slotLookup(file.vaultId, username).toString('hex');
    const remaining = file.slots.filter((s) => s.lookup !== lookup);
    removed = remaining.length !== file.slots.length;
    if (remaining.length === 0) throw new CoreError('VALIDATION_FAILED', 'The last key slot cannot be removed.');
    file.slots = remaining;
  });
  return removed;
}

/** Serialises read-modify-write of vault.json within this process; each write is atomic. */
let vaultWrites: Promise<void> = Promise.resolve();

async function updateVaultFile(dataDir: string, expectedVaultId: string | null, change: (file: VaultFile) => Promise<void>): Promise<void> {
  const run = vaultWrites.then(async () => {
    const file = await readVaultFile(dataDir);
    if (expectedVaultId !== null && file.vaultId !== expectedVaultId) throw new CoreError('VAULT_CORRUPT', 'These keys belong to another vault.');
    await change(file);
    await writeFileAtomic(vaultPath(dataDir), `${JSON.stringify(file, null, 2)}\n`);
  });
  vaultWrites = run.catch(() => undefined);
  return run;
}

const slotLookup = (vaultId: string, username: string): Buffer =>
  createHash('sha256').update(`clinic-photo/slot-lookup/v1\0${vaultId}\0${username.toLowerCase()}`).digest();

const slotAad = (vaultId: string, slotId: string): Buffer => Buffer.from(`clinic-photo/slot/v1\0${vaultId}\0${slotId}`, 'utf8');

async function readVaultFile(dataDir: string): Promise<VaultFile> {
  let text: string;
  try {
    text = await fs.readFile(vaultPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('NOT_INITIALIZED', 'This workstation has not been set up yet.');
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CoreError('VAULT_CORRUPT', 'The vault file is damaged and cannot be read; restore it from a backup.');
  }
  const parsed = VaultFile.safeParse(json);
  if (!parsed.success) throw new CoreError('VAULT_CORRUPT', 'The vault file is damaged or from an unknown version; restore it from a backup.');
  return parsed.data;
}
