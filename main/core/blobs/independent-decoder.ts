// A second, independent reader of the data-at-rest format, written only from docs/storage-format.md
// with WebCrypto (globalThis.crypto.subtle) and no code shared with blob-format.ts or aead.ts. Its
// tests decode what the app writes; if the two implementations ever disagree, the document is
// ambiguous or one of them is wrong. Not used by the app.

type RejectReason =
  | 'short-file'
  | 'bad-magic'
  | 'bad-version'
  | 'bad-algorithm'
  | 'bad-reserved'
  | 'bad-segment-exponent'
  | 'blob-id-mismatch'
  | 'truncated'
  | 'too-many-segments'
  | 'authentication-failed'
  | 'length-mismatch'
  | 'hash-mismatch';

/** Why a sealed blob was refused; `reason` names the rule of section 5.4 that failed. */
export class SealedBlobRejected extends Error {
  override readonly name = 'SealedBlobRejected';
  constructor(readonly reason: RejectReason) {
    super(`sealed blob rejected: ${reason}`);
  }
}

const subtle = globalThis.crypto.subtle;
type SubtleKey = Awaited<ReturnType<typeof subtle.importKey>>;

const HEADER_LENGTH = 32;
const TAG_LENGTH = 16;
const MAGIC = [0x43, 0x50, 0x57, 0x42]; // "CPWB"
const utf8 = new TextEncoder();

/** A copy backed by a plain ArrayBuffer, which is what WebCrypto accepts. */
const own = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const aesKey = (raw: Uint8Array): Promise<SubtleKey> => subtle.importKey('raw', own(raw), { name: 'AES-GCM' }, false, ['decrypt']);

async function gcmOpen(key: SubtleKey, nonce: Uint8Array, aad: Uint8Array, ciphertextAndTag: Uint8Array): Promise<Uint8Array | null> {
  try {
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: own(nonce), additionalData: own(aad), tagLength: 128 }, key, own(ciphertextAndTag));
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

/** Section 2.1: nonce (12) ‖ ciphertext ‖ tag (16). Null when it cannot be unwrapped. */
export async function openSmallAead(rawKey: Uint8Array, stored: Uint8Array, aad: Uint8Array): Promise<Uint8Array | null> {
  if (stored.length < 12 + TAG_LENGTH) return null;
  return gcmOpen(await aesKey(rawKey), stored.subarray(0, 12), aad, stored.subarray(12));
}

/** Section 2.4: HKDF-SHA256(IKM = VMK, salt = UTF-8 vaultId text, info, 32 bytes). */
export async function deriveVaultSubkey(vmk: Uint8Array, vaultId: string, info: 'clinic-photo/database/v1' | 'clinic-photo/blob-kek/v1'): Promise<Uint8Array> {
  const ikm = await subtle.importKey('raw', own(vmk), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(vaultId), info: utf8.encode(info) }, ikm, 256);
  return new Uint8Array(bits);
}

/** Section 2.3: the AAD that binds a wrapped VMK to its vault and slot. */
export const slotAad = (vaultId: string, slotId: string): Uint8Array => utf8.encode(`clinic-photo/slot/v1\0${vaultId}\0${slotId}`);

/** Section 2.5: the AAD that binds a wrapped per-blob key to its blob id. */
export const blobKeyAad = (blobIdHex: string): Uint8Array => utf8.encode(`clinic-photo/blob-key/v1\0${blobIdHex}`);

/** Section 5.3: the segment count and the stored size of the last segment, from the file size. */
function layoutFromSize(fileSize: number, segmentSize: number): { count: number; lastStored: number } {
  const body = fileSize - HEADER_LENGTH;
  const stride = segmentSize + TAG_LENGTH;
  if (body < TAG_LENGTH) throw new SealedBlobRejected('truncated');
  const count = Math.ceil(body / stride);
  const lastStored = body - (count - 1) * stride;
  if (lastStored < TAG_LENGTH) throw new SealedBlobRejected('truncated');
  if (count > 2 ** 32) throw new SealedBlobRejected('too-many-segments');
  return { count, lastStored };
}

/** Section 5.1 and rules 1–6 of 5.4. Returns the segment size and the nonce prefix. */
function checkHeader(file: Uint8Array, expectedBlobId: Uint8Array): { segmentSize: number; noncePrefix: Uint8Array; header: Uint8Array } {
  if (file.length < HEADER_LENGTH) throw new SealedBlobRejected('short-file');
  if (!MAGIC.every((b, i) => file[i] === b)) throw new SealedBlobRejected('bad-magic');
  if (file[4] !== 1) throw new SealedBlobRejected('bad-version');
  if (file[5] !== 1) throw new SealedBlobRejected('bad-algorithm');
  if (file[7] !== 0 || file[31] !== 0) throw new SealedBlobRejected('bad-reserved');
  const exponent = file[6]!;
  if (exponent < 10 || exponent > 24) throw new SealedBlobRejected('bad-segment-exponent');
  const blobId = file.subarray(8, 24);
  if (expectedBlobId.length !== 16 || !blobId.every((b, i) => b === expectedBlobId[i])) throw new SealedBlobRejected('blob-id-mismatch');
  return { segmentSize: 2 ** exponent, noncePrefix: file.subarray(24, 31), header: file.subarray(0, HEADER_LENGTH) };
}

/** Section 5.2: prefix (7) ‖ u32be index ‖ last flag. */
function segmentNonce(prefix: Uint8Array, index: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(12);
  nonce.set(prefix, 0);
  new DataView(nonce.buffer).setUint32(7, index, false);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Decodes a whole sealed blob (section 5). `expected`, when given (from the `blobs` row), adds
 * rule 9: the plaintext length and SHA-256 must match. Throws SealedBlobRejected.
 */
export async function decodeSealedBlob(
  blobKey: Uint8Array,
  expectedBlobId: Uint8Array,
  file: Uint8Array,
  expected?: { readonly byteSize: number; readonly sha256: string },
): Promise<Uint8Array> {
  const { segmentSize, noncePrefix, header } = checkHeader(file, expectedBlobId);
  const { count, lastStored } = layoutFromSize(file.length, segmentSize);
  const key = await aesKey(blobKey);
  const stride = segmentSize + TAG_LENGTH;
  const plain: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    const start = HEADER_LENGTH + i * stride;
    const stored = file.subarray(start, start + (last ? lastStored : stride));
    const segment = await gcmOpen(key, segmentNonce(noncePrefix, i, last), header, stored);
    if (!segment) throw new SealedBlobRejected('authentication-failed');
    plain.push(segment);
  }
  const out = concat(...plain);
  if (expected) {
    if (out.length !== expected.byteSize) throw new SealedBlobRejected('length-mismatch');
    if (toHex(new Uint8Array(await subtle.digest('SHA-256', out))) !== expected.sha256) throw new SealedBlobRejected('hash-mismatch');
  }
  return out;
}
