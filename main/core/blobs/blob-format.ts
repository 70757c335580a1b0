// The sealed-blob format (specified byte by byte in docs/storage-format.md): a 32-byte header
// followed by AES-256-GCM segments. Each segment's nonce is a random prefix, the segment counter
// and a last-segment flag, and every segment authenticates the whole header, so truncation,
// reordering, splicing between files and bit flips are all detected.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CoreError } from '../../../shared/errors';

export const MAGIC = Buffer.from('CPWB', 'ascii');
export const FORMAT_VERSION = 1;
export const ALG_AES_256_GCM = 1;
export const HEADER_BYTES = 32;
export const TAG_BYTES = 16;
export const DEFAULT_SEGMENT_EXPONENT = 16; // 64 KiB of plaintext per segment
const NONCE_PREFIX_BYTES = 7;
const MAX_SEGMENTS = 2 ** 32;

export interface BlobHeader {
  readonly segmentSize: number;
  readonly blobId: Buffer; // 16 bytes
  readonly noncePrefix: Buffer; // 7 bytes
  readonly bytes: Buffer; // the 32 header bytes, the associated data of every segment
}

export function makeHeader(blobId: Buffer, segmentExponent = DEFAULT_SEGMENT_EXPONENT): BlobHeader {
  if (blobId.length !== 16) throw new Error('blob id must be 16 bytes');
  if (segmentExponent < 10 || segmentExponent > 24) throw new Error('segment exponent out of range');
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes[4] = FORMAT_VERSION;
  bytes[5] = ALG_AES_256_GCM;
  bytes[6] = segmentExponent;
  bytes[7] = 0;
  blobId.copy(bytes, 8);
  randomBytes(NONCE_PREFIX_BYTES).copy(bytes, 24);
  bytes[31] = 0;
  return parseHeader(bytes, blobId);
}

/** Validates a header read from disk; `expectedBlobId` ties the file to its database row. */
export function parseHeader(bytes: Buffer, expectedBlobId: Buffer): BlobHeader {
  const tampered = (why: string) => new CoreError('BLOB_TAMPERED', `Stored photo failed its integrity check (${why}).`);
  if (bytes.length < HEADER_BYTES) throw tampered('short header');
  if (!bytes.subarray(0, 4).equals(MAGIC)) throw tampered('not a sealed blob');
  if (bytes[4] !== FORMAT_VERSION || bytes[5] !== ALG_AES_256_GCM || bytes[7] !== 0 || bytes[31] !== 0) throw tampered('unknown format');
  const exponent = bytes[6]!;
  if (exponent < 10 || exponent > 24) throw tampered('bad segment size');
  const blobId = Buffer.from(bytes.subarray(8, 24));
  if (!blobId.equals(expectedBlobId)) throw tampered('file belongs to another record');
  return {
    segmentSize: 2 ** exponent,
    blobId,
    noncePrefix: Buffer.from(bytes.subarray(24, 31)),
    bytes: Buffer.from(bytes.subarray(0, HEADER_BYTES)),
  };
}

export function segmentNonce(header: BlobHeader, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  header.noncePrefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Seals a whole plaintext held in memory (camera frames arrive that way). */
export function sealBlob(key: Buffer, blobId: Buffer, plaintext: Uint8Array, segmentExponent = DEFAULT_SEGMENT_EXPONENT): Buffer {
  const header = makeHeader(blobId, segmentExponent);
  const size = header.segmentSize;
  const count = Math.max(1, Math.ceil(plaintext.length / size));
  if (count > MAX_SEGMENTS) throw new Error('blob too large');
  const parts: Buffer[] = [header.bytes];
  for (let i = 0; i < count; i++) {
    const chunk = plaintext.subarray(i * size, Math.min(plaintext.length, (i + 1) * size));
    const cipher = createCipheriv('aes-256-gcm', key, segmentNonce(header, i, i === count - 1));
    cipher.setAAD(header.bytes);
    parts.push(cipher.update(chunk), cipher.final(), cipher.getAuthTag());
  }
  return Buffer.concat(parts);
}

/** Segment layout of a sealed file of `fileSize` bytes; throws BLOB_TAMPERED when impossible. */
export function segmentLayout(header: BlobHeader, fileSize: number): { count: number; lastCipherBytes: number } {
  const body = fileSize - HEADER_BYTES;
  const stride = header.segmentSize + TAG_BYTES;
  if (body < TAG_BYTES) throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check (truncated).');
  const count = Math.ceil(body / stride);
  const lastCipherBytes = body - (count - 1) * stride;
  if (lastCipherBytes < TAG_BYTES || count > MAX_SEGMENTS) throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check (truncated).');
  return { count, lastCipherBytes };
}

export function openSegment(key: Buffer, header: BlobHeader, index: number, last: boolean, sealed: Buffer): Buffer {
  const out = Buffer.allocUnsafe(sealed.length - TAG_BYTES);
  openSegmentInto(key, header, index, last, sealed, out, 0);
  return out;
}

/** Authenticates and decrypts one segment into `out` at `offset`; nothing is written unless it authenticates. */
export function openSegmentInto(key: Buffer, header: BlobHeader, index: number, last: boolean, sealed: Buffer, out: Buffer, offset: number): void {
  const body = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, segmentNonce(header, index, last));
  decipher.setAAD(header.bytes);
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = decipher.update(body);
    decipher.final();
  } catch {
    throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check (authentication failed).');
  }
  // GCM releases nothing at final(): update() gave the whole segment, authenticated by final().
  plain.copy(out, offset);
}

/** Opens a whole sealed blob held in memory. */
export function openBlob(key: Buffer, blobId: Buffer, sealed: Buffer): Buffer {
  const header = parseHeader(sealed, blobId);
  const { count } = segmentLayout(header, sealed.length);
  const stride = header.segmentSize + TAG_BYTES;
  // One buffer for the whole plaintext; a segment is copied in only once it has authenticated.
  const out = Buffer.allocUnsafe(sealed.length - HEADER_BYTES - count * TAG_BYTES);
  for (let i = 0; i < count; i++) {
    const start = HEADER_BYTES + i * stride;
    openSegmentInto(key, header, i, i === count - 1, sealed.subarray(start, Math.min(sealed.length, start + stride)), out, i * header.segmentSize);
  }
  return out;
}
