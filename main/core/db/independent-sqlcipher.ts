// A second, independent reader of clinic.db's page encryption, written only from
// docs/storage-format.md section 4 with node:crypto primitives (PBKDF2, HMAC, AES-CBC) and nothing
// from SQLite3MultipleCiphers. Its tests read files the real library wrote; if they disagree, the
// document is wrong. Not used by the app.
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

export const PAGE_SIZE = 4096;
export const SALT_BYTES = 16;
export const IV_BYTES = 16;
export const HMAC_BYTES = 64;
export const RESERVE_BYTES = IV_BYTES + HMAC_BYTES;
const HMAC_SALT_MASK = 0x3a;
const HMAC_KEY_ITERATIONS = 2;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The HMAC key for a raw 32-byte database key: PBKDF2-HMAC-SHA512(key, salt XOR 0x3a, 2, 32). */
export function deriveHmacKey(databaseKey: Buffer, salt: Buffer): Buffer {
  const masked = Buffer.from(salt.map((b) => b ^ HMAC_SALT_MASK));
  return pbkdf2Sync(databaseKey, masked, HMAC_KEY_ITERATIONS, 32, 'sha512');
}

export class PageRejected extends Error {
  override readonly name = 'PageRejected';
  constructor(
    readonly pageNumber: number,
    readonly reason: 'short-page' | 'hmac-mismatch',
  ) {
    super(`page ${pageNumber} rejected: ${reason}`);
  }
}

export interface DecodedPage {
  /** The page as SQLite sees it, PAGE_SIZE bytes: page 1 starts with "SQLite format 3\0" again. */
  readonly plaintext: Buffer;
  readonly iv: Buffer;
}

/**
 * Authenticates and decrypts one stored page (from the main file or a WAL frame). On page 1 the
 * first 16 bytes are the salt and are neither encrypted nor authenticated directly.
 */
export function decodePage(stored: Buffer, pageNumber: number, databaseKey: Buffer, hmacKey: Buffer): DecodedPage {
  if (stored.length !== PAGE_SIZE) throw new PageRejected(pageNumber, 'short-page');
  const start = pageNumber === 1 ? SALT_BYTES : 0;
  const ivAt = PAGE_SIZE - RESERVE_BYTES;
  const ciphertext = stored.subarray(start, ivAt);
  const iv = stored.subarray(ivAt, ivAt + IV_BYTES);
  const mac = stored.subarray(ivAt + IV_BYTES);
  const pageNumberLe = Buffer.alloc(4);
  pageNumberLe.writeUInt32LE(pageNumber);
  const expected = createHmac('sha512', hmacKey).update(stored.subarray(start, ivAt + IV_BYTES)).update(pageNumberLe).digest();
  if (!timingSafeEqual(expected, mac)) throw new PageRejected(pageNumber, 'hmac-mismatch');
  const decipher = createDecipheriv('aes-256-cbc', databaseKey, iv).setAutoPadding(false);
  const body = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  // The reserve area reads as the stored IV and HMAC; SQLite never looks at it.
  const plaintext = Buffer.concat([pageNumber === 1 ? SQLITE_MAGIC : Buffer.alloc(0), body, stored.subarray(ivAt)]);
  return { plaintext, iv: Buffer.from(iv) };
}

/** The fields of the SQLite header (page 1, offsets 16–23) that section 4 fixes. */
export function sqliteHeaderFields(page1: Buffer): { pageSize: number; writeVersion: number; readVersion: number; reserveBytes: number } {
  const raw = page1.readUInt16BE(16);
  return { pageSize: raw === 1 ? 65536 : raw, writeVersion: page1[18]!, readVersion: page1[19]!, reserveBytes: page1[20]! };
}

/** Every page of a main database file, decoded; the salt is the file's first 16 bytes. */
export function decodeDatabaseFile(file: Buffer, databaseKey: Buffer): DecodedPage[] {
  const salt = file.subarray(0, SALT_BYTES);
  const hmacKey = deriveHmacKey(databaseKey, salt);
  const pages: DecodedPage[] = [];
  for (let n = 1; n * PAGE_SIZE <= file.length; n++) pages.push(decodePage(file.subarray((n - 1) * PAGE_SIZE, n * PAGE_SIZE), n, databaseKey, hmacKey));
  return pages;
}

export interface WalFrame {
  readonly pageNumber: number;
  /** Non-zero on a commit frame: the database size in pages after the commit. */
  readonly commitSize: number;
  readonly page: DecodedPage;
}

/**
 * The frames of a WAL file up to the first whose checksum fails (SQLite's own rule). The WAL header
 * and frame headers are plaintext; checksums run over the stored, encrypted bytes.
 */
export function decodeWal(wal: Buffer, databaseKey: Buffer, salt: Buffer): WalFrame[] {
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) throw new Error('not a WAL file');
  if (wal.readUInt32BE(8) !== PAGE_SIZE) throw new Error('unexpected WAL page size');
  const bigEndian = (magic & 1) === 1;
  const word = (b: Buffer, i: number) => (bigEndian ? b.readUInt32BE(i) : b.readUInt32LE(i));
  const checksum = (data: Buffer, [a0, b0]: [number, number]): [number, number] => {
    let a = a0;
    let b = b0;
    for (let i = 0; i < data.length; i += 8) {
      a = (a + word(data, i) + b) >>> 0;
      b = (b + word(data, i + 4) + a) >>> 0;
    }
    return [a, b];
  };
  let running = checksum(wal.subarray(0, 24), [0, 0]);
  if (running[0] !== wal.readUInt32BE(24) || running[1] !== wal.readUInt32BE(28)) throw new Error('WAL header checksum mismatch');
  const hmacKey = deriveHmacKey(databaseKey, salt);
  const frames: WalFrame[] = [];
  for (let at = 32; at + 24 + PAGE_SIZE <= wal.length; at += 24 + PAGE_SIZE) {
    // A frame belongs to this WAL generation only if it repeats the header's two salts.
    if (wal.readUInt32BE(at + 8) !== wal.readUInt32BE(16) || wal.readUInt32BE(at + 12) !== wal.readUInt32BE(20)) break;
    const stored = wal.subarray(at + 24, at + 24 + PAGE_SIZE);
    const next = checksum(stored, checksum(wal.subarray(at, at + 8), running));
    if (next[0] !== wal.readUInt32BE(at + 16) || next[1] !== wal.readUInt32BE(at + 20)) break;
    running = next;
    const pageNumber = wal.readUInt32BE(at);
    frames.push({ pageNumber, commitSize: wal.readUInt32BE(at + 4), page: decodePage(Buffer.from(stored), pageNumber, databaseKey, hmacKey) });
  }
  return frames;
}
