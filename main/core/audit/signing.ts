// Ed25519 keys for audit checkpoints. The private key is created once, at random, and kept only
// in the encrypted database (which is inside the vault); the public key and its fingerprint are
// what a privacy officer or an auditor compares against.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sha256 } from './canonical';

export interface AuditSigningKey {
  /** Hex SHA-256 of the raw 32-byte public key. */
  readonly keyId: string;
  readonly publicKey: Buffer;
  readonly privateKey: KeyObject;
}

export interface NewSigningKeyRow {
  readonly keyId: string;
  readonly publicKey: Buffer;
  /** PKCS#8 DER. */
  readonly privateKeyDer: Buffer;
}

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export const keyIdOf = (publicKey: Uint8Array): string => sha256(publicKey).toString('hex');

/** "ab12 cd34 …": the key id in groups of four, easier to read aloud and compare. */
export const fingerprintOf = (keyId: string): string => keyId.match(/.{1,4}/g)?.join(' ') ?? keyId;

export function generateSigningKey(): NewSigningKeyRow {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return { keyId: keyIdOf(raw), publicKey: raw, privateKeyDer: privateKey.export({ format: 'der', type: 'pkcs8' }) };
}

export function loadSigningKey(row: { key_id: string; public_key: Buffer; private_key: Buffer }): AuditSigningKey {
  const privateKey = createPrivateKey({ key: row.private_key, format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  if (!publicKey.equals(row.public_key) || keyIdOf(publicKey) !== row.key_id) throw new Error('audit signing key does not match its public key');
  return { keyId: row.key_id, publicKey, privateKey };
}

export const signPayload = (key: AuditSigningKey, payload: Uint8Array): Buffer => sign(null, payload, key.privateKey);

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

export function verifyPayload(publicKey: KeyObject, payload: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, payload, publicKey, signature);
  } catch {
    return false;
  }
}
