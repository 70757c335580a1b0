// What the core needs of an OS keystore to hold the device slot's key: protect a 32-byte key,
// reveal it again, forget it. The core never imports a shell: the Node/CLI side passes the OS
// keyring provider (os-keyring.ts), the Electron shell passes safeStorage (main/electron/
// safe-storage.ts). No implementation may fall back to keeping the key in memory or in the clear:
// when the keystore is missing or locked it throws KEYSTORE_UNAVAILABLE.
import { CoreError } from '../../../shared/errors';

/** Names the key being protected, so a keystore entry can be found again and never collides. */
export interface ProtectedKeyRef {
  readonly vaultId: string;
  readonly slotId: string;
}

export interface KeyProtector {
  /**
   * Which keystore this is, recorded in the slot (e.g. `os-keyring:secret-service`,
   * `electron-safe-storage:gnome_libsecret`). A slot is opened only by a protector whose backend
   * is exactly the recorded one, so a key is never handed to a different store by mistake.
   */
  readonly backend: string;
  /** Stores or seals `key`; returns what the slot must keep (hex, may be empty). */
  protect(ref: ProtectedKeyRef, key: Buffer): Promise<string>;
  /** The key again, from the slot's stored value. */
  reveal(ref: ProtectedKeyRef, sealed: string): Promise<Buffer>;
  /** Removes the key from the keystore (a no-op for stores that keep nothing). */
  forget(ref: ProtectedKeyRef, sealed: string): Promise<void>;
}

export const keystoreUnavailable = (why: string): CoreError =>
  new CoreError('KEYSTORE_UNAVAILABLE', `The operating system's key store is not available (${why}). The device key was not stored.`);
