// The safeStorage key protector with a fake safeStorage object (the Electron binary cannot run
// here): real AES-GCM stands in for the OS store so sealing really hides the key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSafeStorageProtector, safeStorageBackend, type SafeStorageApi } from './safe-storage';

type Backend = ReturnType<SafeStorageApi['getSelectedStorageBackend']>;

function fakeSafeStorage(backend: Backend, available = true): SafeStorageApi & { calls: number } {
  const osKey = randomBytes(32);
  const fake = {
    calls: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(text: string) {
      fake.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', osKey, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, body, c.getAuthTag()]);
    },
    decryptString(sealed: Buffer) {
      const d = createDecipheriv('aes-256-gcm', osKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]).toString('utf8');
    },
  };
  return fake;
}

const ref = { vaultId: '0'.repeat(32), slotId: '1'.repeat(16) };

describe('safeStorage key protector', () => {
  it('seals and reveals a key, records the backend, and the sealed form hides the key', async () => {
    const protector = createSafeStorageProtector(fakeSafeStorage('gnome_libsecret'), 'linux');
    expect(protector.backend).toBe('electron-safe-storage:gnome_libsecret');
    const key = randomBytes(32);
    const sealed = await protector.protect(ref, key);
    expect(sealed).not.toContain(key.toString('hex'));
    expect((await protector.reveal(ref, sealed)).equals(key)).toBe(true);
  });

  it('refuses Linux basic_text and unknown backends, and a locked store', async () => {
    for (const backend of ['basic_text', 'unknown'] as const) {
      const api = fakeSafeStorage(backend);
      expect(() => safeStorageBackend(api, 'linux')).toThrow(expect.objectContaining({ code: 'KEYSTORE_UNAVAILABLE' }));
      await expect(createSafeStorageProtector(api, 'linux').protect(ref, randomBytes(32))).rejects.toMatchObject({ code: 'KEYSTORE_UNAVAILABLE' });
      expect(api.calls).toBe(0); // nothing was ever encrypted with the weak store
    }
    await expect(createSafeStorageProtector(fakeSafeStorage('kwallet5', false), 'linux').protect(ref, randomBytes(32))).rejects.toMatchObject({ code: 'KEYSTORE_UNAVAILABLE' });
  });

  it('names the platform store on macOS and Windows', () => {
    expect(safeStorageBackend(fakeSafeStorage('unknown'), 'darwin')).toBe('electron-safe-storage:macos-keychain');
    expect(safeStorageBackend(fakeSafeStorage('unknown'), 'win32')).toBe('electron-safe-storage:windows-dpapi');
  });

  it('reports a damaged or foreign sealed key as an error, never as a key', async () => {
    const protector = createSafeStorageProtector(fakeSafeStorage('gnome_libsecret'), 'linux');
    const other = createSafeStorageProtector(fakeSafeStorage('gnome_libsecret'), 'linux');
    const sealed = await other.protect(ref, randomBytes(32));
    await expect(protector.reveal(ref, sealed)).rejects.toMatchObject({ code: 'KEYSTORE_UNAVAILABLE' });
  });
});
