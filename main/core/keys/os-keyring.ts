// The device-slot key protector for Node (CLI, browser shell): the OS keyring through
// @napi-rs/keyring. On Linux the entry is pinned to the Secret Service (gnome-keyring, KWallet);
// the library's default would fall back to the kernel keyring, which lives in memory and is gone
// at reboot, so a missing or locked Secret Service is an error here, never a silent fallback.
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { CoreError } from '../../../shared/errors';
import { keystoreUnavailable, type KeyProtector, type ProtectedKeyRef } from './key-protector';

export const KEYRING_SERVICE = 'clinic-photo-workstation';

const BACKENDS: Readonly<Partial<Record<NodeJS.Platform, string>>> = {
  linux: 'os-keyring:secret-service',
  darwin: 'os-keyring:macos-keychain',
  win32: 'os-keyring:windows-credential-manager',
};

/** The keyring account name of a device slot's key: one entry per vault and slot. */
export const keyringAccount = (ref: ProtectedKeyRef): string => `device-slot/${ref.vaultId}/${ref.slotId}`;

export function createOsKeyringProtector(platform: NodeJS.Platform = process.platform): KeyProtector {
  const backend = BACKENDS[platform];
  if (!backend) throw keystoreUnavailable(`no supported keyring on ${platform}`);
  const options: EntryOptions = { linux: { store: 'secret-service' } };
  // Pinning the store makes the constructor itself throw when the Secret Service is absent.
  const entry = (ref: ProtectedKeyRef): AsyncEntry => {
    try {
      return new AsyncEntry(KEYRING_SERVICE, keyringAccount(ref), options);
    } catch {
      throw keystoreUnavailable('no Secret Service on the session bus; is a keyring running and unlocked?');
    }
  };
  // Library messages can name the D-Bus path or the account: report the class of failure only.
  const failed = (what: string) => (error: unknown): never => {
    if (error instanceof CoreError) throw error;
    throw keystoreUnavailable(`${what} failed; is the keyring running and unlocked?`);
  };
  return {
    backend,
    async protect(ref, key) {
      if (key.length !== 32) throw new Error('device slot keys are 32 bytes');
      await entry(ref)
        .setSecret(key)
        .catch(failed('storing the key'));
      // Read it back: a store that accepted the write but cannot return it must fail now, not at
      // the next unattended start.
      const back = await this.reveal(ref, '');
      const same = back.equals(key);
      back.fill(0);
      if (!same) throw keystoreUnavailable('the key read back differs');
      return '';
    },
    async reveal(ref) {
      const secret = await entry(ref).getSecret().catch(failed('reading the key'));
      if (!secret) throw keystoreUnavailable('the device key is missing from the keyring');
      const key = Buffer.from(secret);
      secret.fill(0);
      if (key.length !== 32) throw new CoreError('VAULT_CORRUPT', 'The device key in the keyring is damaged; disable and re-enable the device key.');
      return key;
    },
    async forget(ref) {
      await entry(ref).deleteCredential().catch(failed('removing the key'));
    },
  };
}
