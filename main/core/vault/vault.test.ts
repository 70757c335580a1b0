// The vault on real files: creating and unlocking, the credential errors that must not tell a wrong
// password from an unknown user, the AAD that binds each wrapped key to its slot, and what
// vault.json may and may not contain.
import { hash } from '@node-rs/argon2';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import { TEST_KDF_COST, tempDir } from '../test-support/fixtures';
import { openSmall, sealSmall } from './aead';
import { DEFAULT_KDF_COST, deriveKey, type KdfParams } from './kdf';
import { createVault, readVaultLabel, unlockWithPassword, vaultExists, vaultPath, type VaultKeys } from './vault';

const USER = 'dr.okafor';
const PASSWORD = 'Lentigo-maligna 2024!';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('cpw-vault-'));
});
afterEach(async () => cleanup());

const create = (over: Partial<{ username: string; password: string }> = {}) =>
  createVault(dir, { clinicName: 'Harbour Dermatology', username: USER, password: PASSWORD, cost: TEST_KDF_COST, ...over });

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof CoreError ? error.code : `not a CoreError: ${String(error)}`;
  }
  return 'succeeded';
}

interface SlotJson {
  id: string;
  kind: string;
  lookup: string;
  kdf: KdfParams;
  wrappedKey: string;
  createdAt: string;
}
interface VaultJson {
  format: string;
  version: number;
  keyVersion?: number;
  vaultId: string;
  clinicName: string;
  createdAt: string;
  slots: SlotJson[];
}
const readJson = async (): Promise<VaultJson> => JSON.parse(await fs.readFile(vaultPath(dir), 'utf8')) as VaultJson;
const writeJson = (json: unknown) => fs.writeFile(vaultPath(dir), JSON.stringify(json));

/** The VMK, recovered the way the document describes, so tests can look for it on disk. */
async function recoverVmk(slot: SlotJson, vaultId: string, password: string): Promise<Buffer> {
  const slotKey = await deriveKey(password, slot.kdf);
  const vmk = openSmall(slotKey, Buffer.from(slot.wrappedKey, 'hex'), Buffer.from(`clinic-photo/slot/v1\0${vaultId}\0${slot.id}`));
  if (!vmk) throw new Error('slot did not open');
  return vmk;
}

const sameKeys = (a: VaultKeys, b: VaultKeys) =>
  a.vaultId === b.vaultId && a.databaseKey.equals(b.databaseKey) && a.blobKek.key.equals(b.blobKek.key) && a.blobKek.version === b.blobKek.version;

describe('create and unlock', () => {
  it('unlocking with the password yields the same derived keys as creation', async () => {
    const created = await create();
    expect(created.vaultId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.databaseKey.length).toBe(32);
    expect(created.blobKek).toMatchObject({ version: 1 });
    expect(created.blobKek.key.length).toBe(32);
    expect(created.databaseKey.equals(created.blobKek.key)).toBe(false);
    const unlocked = await unlockWithPassword(dir, USER, PASSWORD);
    expect(sameKeys(created, unlocked)).toBe(true);
  });

  it('finds the slot case-insensitively by username', async () => {
    await create();
    expect((await unlockWithPassword(dir, 'DR.Okafor', PASSWORD)).vaultId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('normalises the password to NFC before hashing', async () => {
    await create({ password: 'caf\u00e9 au lait 42' });
    expect((await unlockWithPassword(dir, USER, 'cafe\u0301 au lait 42')).databaseKey.length).toBe(32);
  });

  it('wipe() zeroes the derived keys', async () => {
    const keys = await create();
    keys.wipe();
    expect(keys.databaseKey.every((b) => b === 0)).toBe(true);
    expect(keys.blobKek.key.every((b) => b === 0)).toBe(true);
  });

  it('refuses to create a second vault in the same directory', async () => {
    await create();
    expect(await errorCode(create())).toBe('ALREADY_INITIALIZED');
  });

  it('reports NOT_INITIALIZED when there is no vault', async () => {
    expect(await vaultExists(dir)).toBe(false);
    expect(await readVaultLabel(dir)).toBeNull();
    expect(await errorCode(unlockWithPassword(dir, USER, PASSWORD))).toBe('NOT_INITIALIZED');
  });

  it('exposes the clinic name before unlock', async () => {
    await create();
    expect(await readVaultLabel(dir)).toBe('Harbour Dermatology');
  });
});

describe('credentials', () => {
  it('a wrong password and an unknown user are both INVALID_CREDENTIALS', async () => {
    await create();
    expect(await errorCode(unlockWithPassword(dir, USER, `${PASSWORD}x`))).toBe('INVALID_CREDENTIALS');
    expect(await errorCode(unlockWithPassword(dir, 'nobody', PASSWORD))).toBe('INVALID_CREDENTIALS');
    const messages = await Promise.all([
      unlockWithPassword(dir, USER, 'wrong').catch((e: Error) => e.message),
      unlockWithPassword(dir, 'nobody', 'wrong').catch((e: Error) => e.message),
    ]);
    expect(messages[0]).toBe(messages[1]);
  });

  it('a tampered wrapped key is rejected', async () => {
    await create();
    const json = await readJson();
    const slot = json.slots[0]!;
    const flipped = (parseInt(slot.wrappedKey[40]!, 16) ^ 1).toString(16);
    slot.wrappedKey = slot.wrappedKey.slice(0, 40) + flipped + slot.wrappedKey.slice(41);
    await writeJson(json);
    expect(await errorCode(unlockWithPassword(dir, USER, PASSWORD))).toBe('INVALID_CREDENTIALS');
  });

  it('a truncated wrapped key is rejected', async () => {
    await create();
    const json = await readJson();
    json.slots[0]!.wrappedKey = json.slots[0]!.wrappedKey.slice(0, 40);
    await writeJson(json);
    expect(await errorCode(unlockWithPassword(dir, USER, PASSWORD))).toBe('INVALID_CREDENTIALS');
  });

  it('the AAD binds each wrapped key to its slot id: swapped slot ids open neither slot', async () => {
    await create();
    const json = await readJson();
    const admin = json.slots[0]!;
    // A second staff slot, built exactly as the document describes.
    const vmk = await recoverVmk(admin, json.vaultId, PASSWORD);
    const nurseKdf: KdfParams = { ...admin.kdf, salt: '5a'.repeat(16) };
    const nurseId = '0123456789abcdef';
    const nurse: SlotJson = {
      id: nurseId,
      kind: 'password',
      lookup: createHash('sha256').update(`clinic-photo/slot-lookup/v1\0${json.vaultId}\0nurse.lee`).digest('hex'),
      kdf: nurseKdf,
      wrappedKey: sealSmall(await deriveKey('nurse password 1', nurseKdf), vmk, Buffer.from(`clinic-photo/slot/v1\0${json.vaultId}\0${nurseId}`)).toString('hex'),
      createdAt: new Date().toISOString(),
    };
    json.slots.push(nurse);
    await writeJson(json);
    const adminKeys = await unlockWithPassword(dir, USER, PASSWORD);
    expect(sameKeys(adminKeys, await unlockWithPassword(dir, 'nurse.lee', 'nurse password 1'))).toBe(true);

    [admin.id, nurse.id] = [nurse.id, admin.id];
    await writeJson(json);
    expect(await errorCode(unlockWithPassword(dir, USER, PASSWORD))).toBe('INVALID_CREDENTIALS');
    expect(await errorCode(unlockWithPassword(dir, 'nurse.lee', 'nurse password 1'))).toBe('INVALID_CREDENTIALS');
  });

  it('a slot moved into another vault does not open (vault id in lookup and AAD)', async () => {
    await create();
    const json = await readJson();
    json.vaultId = 'f'.repeat(32);
    await writeJson(json);
    expect(await errorCode(unlockWithPassword(dir, USER, PASSWORD))).toBe('INVALID_CREDENTIALS');
  });
});

describe('a damaged vault.json', () => {
  const cases: Array<[string, (json: VaultJson) => unknown]> = [
    ['not JSON at all', () => '{"format": "clinic-photo-vault", '],
    ['an unknown format marker', (j) => ({ ...j, format: 'something-else' })],
    ['a newer version', (j) => ({ ...j, version: 3 })],
    ['a slot newer than the vault', (j) => ({ ...j, slots: [{ ...j.slots[0], keyVersion: 2 }] })],
    ['a rotation journal that does not start at the current key', (j) => ({ ...j, rotation: { from: 2, to: 3, startedAt: '2026-01-01T00:00:00.000Z' } })],
    ['a missing vault id', (j) => ({ ...j, vaultId: undefined })],
    ['a slot with KDF parameters below the floor', (j) => ({ ...j, slots: [{ ...j.slots[0], kdf: { ...j.slots[0]!.kdf, memoryKiB: 1024 } }] })],
    ['a slot of an unknown kind', (j) => ({ ...j, slots: [{ ...j.slots[0], kind: 'fingerprint' }] })],
    ['slots not an array', (j) => ({ ...j, slots: {} })],
  ];
  it.each(cases)('%s is VAULT_CORRUPT', async (_name, damage) => {
    await create();
    const damaged = damage(await readJson());
    await fs.writeFile(vaultPath(dir), typeof damaged === 'string' ? damaged : JSON.stringify(damaged));
    expect(await errorCode(unlockWithPassword(dir, USER, PASSWORD))).toBe('VAULT_CORRUPT');
  });
});

describe('what vault.json holds', () => {
  it('records the schema and KDF parameters, with mode 0600', async () => {
    await create();
    const json = await readJson();
    expect(json.format).toBe('clinic-photo-vault');
    expect(json.version).toBe(2);
    expect(json.keyVersion).toBe(1);
    expect(json.slots).toHaveLength(1);
    const slot = json.slots[0]!;
    expect(slot.id).toMatch(/^[0-9a-f]{16}$/);
    expect(slot.kind).toBe('password');
    expect(slot.lookup).toMatch(/^[0-9a-f]{64}$/);
    expect(slot.wrappedKey).toMatch(/^[0-9a-f]{120}$/);
    expect(slot.kdf).toEqual({ name: 'argon2id', version: 19, ...TEST_KDF_COST, salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await fs.stat(vaultPath(dir))).mode & 0o777).toBe(0o600);
  });

  it('uses the production Argon2id cost when none is given', async () => {
    await createVault(dir, { clinicName: 'C', username: USER, password: PASSWORD });
    const { kdf } = (await readJson()).slots[0]!;
    expect(kdf).toMatchObject({ memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 });
    expect(DEFAULT_KDF_COST).toEqual({ memoryKiB: 65536, iterations: 3, parallelism: 1 });
  });

  it('the slot key really is Argon2id version 0x13 with the recorded parameters', async () => {
    await create();
    const { kdf } = (await readJson()).slots[0]!;
    // hash() names the variant and version in its PHC string; its digest must be our raw key.
    const phc = await hash(PASSWORD, { algorithm: 2, version: 1, memoryCost: kdf.memoryKiB, timeCost: kdf.iterations, parallelism: kdf.parallelism, outputLen: 32, salt: Buffer.from(kdf.salt, 'hex') });
    expect(phc).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${kdf.memoryKiB},t=${kdf.iterations},p=${kdf.parallelism}\\$`));
    const digest = Buffer.from(phc.split('$').at(-1)!, 'base64');
    expect((await deriveKey(PASSWORD, kdf)).equals(digest)).toBe(true);
  });

  it('holds no username and no key material in the clear', async () => {
    const keys = await create();
    const text = await fs.readFile(vaultPath(dir), 'utf8');
    const json = JSON.parse(text) as VaultJson;
    const vmk = await recoverVmk(json.slots[0]!, json.vaultId, PASSWORD);
    const lower = text.toLowerCase();
    for (const needle of [USER, 'okafor', PASSWORD.toLowerCase()]) expect(lower.includes(needle.toLowerCase())).toBe(false);
    for (const key of [vmk, keys.databaseKey, keys.blobKek.key]) {
      for (const encoding of ['hex', 'base64', 'base64url', 'latin1'] as const) {
        expect(text.includes(key.toString(encoding))).toBe(false);
        // any 8-byte window of the key, which would catch a key stored in part
        expect(text.includes(key.subarray(12, 20).toString(encoding === 'latin1' ? 'latin1' : 'hex'))).toBe(false);
      }
    }
  });
});
