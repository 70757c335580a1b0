// Issue 3 "Keys": removing a user removes their slot; changing a password rewraps only that slot.
// Tested through the staff and session channels (identity's use-cases call the vault's slot
// functions), looking at vault.json directly.
import { describe, expect, it } from 'vitest';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
import { unlockWithPassword } from '../vault/vault';
import { readVaultFile, slotLookup, type VaultSlot } from '../vault/vault-file';

const slotsBy = (slots: VaultSlot[]) => new Map(slots.map((s) => [s.kind === 'password' ? s.lookup : s.kind, s]));

describe('password slots through the channels', () => {
  it('disabling a user removes exactly their slot; a password change rewraps only that slot', async () => {
    const c = await initializedClinic();
    try {
      const member = unwrap<{ id: string }>(await c.client.api.users.create({ username: 'locum', displayName: 'Dr Lo Cum', role: 'clinician', initialPassword: 'first-day passphrase 1234' }));
      const withMember = await readVaultFile(c.dir);
      const lookup = slotLookup(withMember.vaultId, 'locum').toString('hex');
      expect(slotsBy(withMember.slots).has(lookup)).toBe(true);

      unwrap(await c.client.api.session.changePassword({ currentPassword: ADMIN.password, newPassword: 'fresh passphrase for the boss' }));
      const afterChange = await readVaultFile(c.dir);
      const adminLookup = slotLookup(afterChange.vaultId, ADMIN.username).toString('hex');
      const before = slotsBy(withMember.slots);
      const after = slotsBy(afterChange.slots);
      expect(after.get(adminLookup)?.wrappedKey).not.toBe(before.get(adminLookup)?.wrappedKey);
      for (const [key, slot] of before) if (key !== adminLookup) expect(after.get(key)).toEqual(slot);

      unwrap(await c.client.api.users.disable({ userId: member.id }));
      const afterDisable = await readVaultFile(c.dir);
      expect(afterDisable.slots).toHaveLength(afterChange.slots.length - 1);
      expect(slotsBy(afterDisable.slots).has(lookup)).toBe(false);
      await expect(unlockWithPassword(c.dir, 'locum', 'first-day passphrase 1234')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    } finally {
      await c.dispose();
    }
  });
});
