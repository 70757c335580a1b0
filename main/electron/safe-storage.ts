// The device-slot key protector for the Electron shell: Electron's safeStorage (Keychain on macOS,
// DPAPI on Windows, the desktop's secret store on Linux). Linux's `basic_text` backend encrypts
// with a hard-coded password, i.e. in the clear for anyone with the file: it is refused, and so is
// any backend not known to be a real key store. The backend that wrapped a key is recorded in the
// slot; a key is never opened by a different one. Only `import type` from electron here, so the
// provider is unit-tested with a fake safeStorage object.
import type { SafeStorage } from 'electron';
import { CoreError } from '../../shared/errors';
import { keystoreUnavailable, type KeyProtector } from '../core/keys/key-protector';

export type SafeStorageApi = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

const LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/** The backend name recorded in the slot, or a KEYSTORE_UNAVAILABLE error. Call after `ready`. */
export function safeStorageBackend(api: SafeStorageApi, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'electron-safe-storage:macos-keychain';
  if (platform === 'win32') return 'electron-safe-storage:windows-dpapi';
  if (platform !== 'linux') throw keystoreUnavailable(`no supported key store on ${platform}`);
  const backend = api.getSelectedStorageBackend();
  if (backend === 'basic_text') throw keystoreUnavailable('only the plain-text "basic_text" store was found; install and unlock a desktop keyring');
  if (!LINUX_BACKENDS.has(backend)) throw keystoreUnavailable(`the key store "${backend}" is not usable yet`);
  return `electron-safe-storage:${backend}`;
}

export function createSafeStorageProtector(api: SafeStorageApi, platform: NodeJS.Platform = process.platform): KeyProtector {
  // Re-checked on every use: the backend and its availability can change between runs.
  const ready = (): string => {
    const backend = safeStorageBackend(api, platform);
    if (!api.isEncryptionAvailable()) throw keystoreUnavailable('encryption is not available (is the keyring locked?)');
    return backend;
  };
  return {
    get backend() {
      try {
        return ready();
      } catch {
        return 'electron-safe-storage:unavailable';
      }
    },
    async protect(_ref, key) {
      if (key.length !== 32) throw new Error('device slot keys are 32 bytes');
      ready();
      let sealed: Buffer;
      try {
        sealed = api.encryptString(key.toString('hex'));
      } catch {
        throw keystoreUnavailable('the key store refused to encrypt');
      }
      return sealed.toString('hex');
    },
    async reveal(_ref, sealed) {
      ready();
      let hex: string;
      try {
        hex = api.decryptString(Buffer.from(sealed, 'hex'));
      } catch {
        throw keystoreUnavailable('the key store could not decrypt the device key');
      }
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new CoreError('VAULT_CORRUPT', 'The device key is damaged; disable and re-enable the device key.');
      return Buffer.from(hex, 'hex');
    },
    // safeStorage keeps nothing per key: removing the slot removes the only copy of the sealed key.
    async forget() {},
  };
}
