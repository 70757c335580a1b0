// The on-disk form of `vault.json` (docs/storage-format.md, section 3): its schema, reading it,
// and serialised, atomic read-modify-write. Nothing here holds or derives keys; it only knows the
// shapes and the AAD strings that bind each wrapped key to its place in the file.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../../shared/errors';
import { writeFileAtomic } from '../support/fs-atomic';
import { KdfParams } from './kdf';

export const VAULT_FILE = 'vault.json';
export const FORMAT = 'clinic-photo-vault';
/** The schema version this code writes; version 1 files (password slots only) are still read. */
export const VAULT_VERSION = 2;

const Hex = z.string().regex(/^[0-9a-f]*$/);
const SlotId = z.string().regex(/^[0-9a-f]{16}$/);
/** Which VMK generation a slot or link wraps; absent in version 1 files, where it is 1. */
const KeyVersion = z.number().int().min(1).max(1_000_000);

const PasswordSlot = z.object({
  id: SlotId,
  kind: z.literal('password'),
  lookup: Hex.length(64),
  keyVersion: KeyVersion.default(1),
  kdf: KdfParams,
  wrappedKey: Hex,
  createdAt: z.string(),
});

const RecoverySlot = z.object({
  id: SlotId,
  kind: z.literal('recovery'),
  keyVersion: KeyVersion,
  kdf: KdfParams,
  wrappedKey: Hex,
  createdAt: z.string(),
});

const DeviceSlot = z.object({
  id: SlotId,
  kind: z.literal('device'),
  keyVersion: KeyVersion,
  /** Which OS keystore holds the slot key, and what it handed back (empty for a keyring entry). */
  protector: z.object({ backend: z.string().min(1).max(100), sealed: Hex }),
  wrappedKey: Hex,
  createdAt: z.string(),
});

const Slot = z.discriminatedUnion('kind', [PasswordSlot, RecoverySlot, DeviceSlot]);

/** VMK of generation `to` sealed under the VMK of generation `to - 1` (key rotation). */
const ForwardLink = z.object({ from: KeyVersion, to: KeyVersion, wrappedKey: Hex }).refine((l) => l.to === l.from + 1);

/**
 * A rotation that has started and not finished: `on open, finish what a crash left half-done`.
 * `databaseUnder` says which generation's key clinic.db is under (docs/storage-format.md section
 * 6.2); journals written before the field existed mean 'previous'.
 */
const RotationJournal = z
  .object({ from: KeyVersion, to: KeyVersion, startedAt: z.string(), databaseUnder: z.enum(['previous', 'next']).default('previous') })
  .refine((r) => r.to === r.from + 1);

const VaultFileSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.union([z.literal(1), z.literal(2)]),
    vaultId: z.string().regex(/^[0-9a-f]{32}$/),
    clinicName: z.string(),
    createdAt: z.string(),
    keyVersion: KeyVersion.default(1),
    slots: z.array(Slot),
    links: z.array(ForwardLink).default([]),
    rotation: RotationJournal.nullable().default(null),
  })
  .superRefine((file, ctx) => {
    if (file.version === 1 && file.slots.some((s) => s.kind !== 'password')) ctx.addIssue({ code: 'custom', message: 'v1 holds password slots only' });
    if (file.slots.filter((s) => s.kind === 'recovery').length > 1) ctx.addIssue({ code: 'custom', message: 'at most one recovery slot' });
    if (file.slots.filter((s) => s.kind === 'device').length > 1) ctx.addIssue({ code: 'custom', message: 'at most one device slot' });
    if (file.slots.some((s) => s.keyVersion > file.keyVersion)) ctx.addIssue({ code: 'custom', message: 'slot newer than the vault' });
    if (file.rotation && file.rotation.from !== file.keyVersion) ctx.addIssue({ code: 'custom', message: 'rotation does not start at the current key' });
  });

export type VaultFile = z.infer<typeof VaultFileSchema>;
export type VaultSlot = VaultFile['slots'][number];
export type PasswordSlot = Extract<VaultSlot, { kind: 'password' }>;
export type RecoverySlot = Extract<VaultSlot, { kind: 'recovery' }>;
export type DeviceSlot = Extract<VaultSlot, { kind: 'device' }>;
export type ForwardLink = VaultFile['links'][number];

export const vaultPath = (dataDir: string): string => path.join(dataDir, VAULT_FILE);

export async function readVaultFile(dataDir: string): Promise<VaultFile> {
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
  const parsed = VaultFileSchema.safeParse(json);
  if (!parsed.success) throw new CoreError('VAULT_CORRUPT', 'The vault file is damaged or from an unknown version; restore it from a backup.');
  return parsed.data;
}

export async function writeNewVaultFile(dataDir: string, file: VaultFile): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(vaultPath(dataDir), serialise(file));
}

/** Serialises read-modify-write of vault.json within this process; each write is atomic. */
let vaultWrites: Promise<unknown> = Promise.resolve();

export function updateVaultFile<T>(dataDir: string, expectedVaultId: string | null, change: (file: VaultFile) => Promise<T> | T): Promise<T> {
  const run = vaultWrites.then(async () => {
    const file = await readVaultFile(dataDir);
    if (expectedVaultId !== null && file.vaultId !== expectedVaultId) throw new CoreError('VAULT_CORRUPT', 'These keys belong to another vault.');
    const result = await change(file);
    file.version = VAULT_VERSION;
    await writeFileAtomic(vaultPath(dataDir), serialise(file));
    return result;
  });
  vaultWrites = run.catch(() => undefined);
  return run;
}

const serialise = (file: VaultFile): string => `${JSON.stringify(file, null, 2)}\n`;

export const slotLookup = (vaultId: string, username: string): Buffer =>
  createHash('sha256').update(`clinic-photo/slot-lookup/v1\0${vaultId}\0${username.toLowerCase()}`).digest();

/** The AAD of every slot's wrapped VMK, whatever its kind: binds it to this vault and this slot. */
export const slotAad = (vaultId: string, slotId: string): Buffer => Buffer.from(`clinic-photo/slot/v1\0${vaultId}\0${slotId}`, 'utf8');

/** The AAD of a forward link: binds it to this vault and to the generations it connects. */
export const linkAad = (vaultId: string, from: number, to: number): Buffer => Buffer.from(`clinic-photo/link/v1\0${vaultId}\0${from}\0${to}`, 'utf8');
