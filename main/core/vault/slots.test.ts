// Per-user key slots: adding one lets that user unlock, changing a password rewraps only that
// slot, removing one locks its user out for good, and the last slot cannot be removed.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF_COST, tempDir } from '../test-support/fixtures';
import { addPasswordSlot, changePasswordSlot, createVault, removePasswordSlot, unlockWithPassword, vaultPath } from './vault';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

async function vault() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const keys = await createVault(t.dir, { clinicName: 'Clinic', username: 'admin', password: 'admin password 1', cost: TEST_KDF_COST });
  return { dir: t.dir, keys };
}

const slotsOf = async (dir: string) => (JSON.parse(await readFile(vaultPath(dir), 'utf8')) as { slots: Array<{ id: string; wrappedKey: string }> }).slots;

describe('password slots', () => {
  it('adds a slot that opens the same vault', async () => {
    const { dir, keys } = await vault();
    await addPasswordSlot(dir, keys, 'nurse.kim', 'nurse password 1', TEST_KDF_COST);
    const opened = await unlockWithPassword(dir, 'nurse.kim', 'nurse password 1');
    expect(opened.databaseKey.equals(keys.databaseKey)).toBe(true);
    await expect(addPasswordSlot(dir, keys, 'NURSE.KIM', 'other password 1', TEST_KDF_COST)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('changes one password without touching other slots', async () => {
    const { dir, keys } = await vault();
    await addPasswordSlot(dir, keys, 'nurse.kim', 'nurse password 1', TEST_KDF_COST);
    const before = await slotsOf(dir);
    await changePasswordSlot(dir, keys, 'nurse.kim', 'new nurse password', TEST_KDF_COST);
    const after = await slotsOf(dir);
    expect(after[0]).toEqual(before[0]);
    expect(after[1]!.wrappedKey).not.toBe(before[1]!.wrappedKey);
    await expect(unlockWithPassword(dir, 'nurse.kim', 'nurse password 1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(unlockWithPassword(dir, 'nurse.kim', 'new nurse password')).resolves.toBeDefined();
    await expect(changePasswordSlot(dir, keys, 'nobody', 'x password 123', TEST_KDF_COST)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('removes a slot for good and refuses to remove the last one', async () => {
    const { dir, keys } = await vault();
    await addPasswordSlot(dir, keys, 'nurse.kim', 'nurse password 1', TEST_KDF_COST);
    expect(await removePasswordSlot(dir, 'nurse.kim')).toBe(true);
    expect(await removePasswordSlot(dir, 'nurse.kim')).toBe(false);
    await expect(unlockWithPassword(dir, 'nurse.kim', 'nurse password 1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(removePasswordSlot(dir, 'admin')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses keys that were wiped or belong to another vault', async () => {
    const { dir, keys } = await vault();
    const other = await tempDir();
    const foreign = await createVault(other.dir, { clinicName: 'Other', username: 'admin', password: 'admin password 1', cost: TEST_KDF_COST });
    await expect(addPasswordSlot(dir, foreign, 'x.user', 'some password 12', TEST_KDF_COST)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    await other.cleanup();
    keys.wipe();
    await expect(addPasswordSlot(dir, keys, 'y.user', 'some password 12', TEST_KDF_COST)).rejects.toThrow(/wiped/);
  });
});
