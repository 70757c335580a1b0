// Section 4 of docs/storage-format.md checked against files the real library wrote: the salt, page
// size, reserve bytes, IV and HMAC layout, the HMAC key derivation for a raw key, what the HMAC
// covers, and the WAL. The reader (independent-sqlcipher.ts) was written from the document alone.
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/fixtures';
import { decodeDatabaseFile, decodePage, decodeWal, deriveHmacKey, PAGE_SIZE, PageRejected, RESERVE_BYTES, SALT_BYTES, sqliteHeaderFields } from './independent-sqlcipher';
import { closeDatabase, openDatabase, type Db } from './open';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/storage-format.md'), 'utf8');

describe('docs/storage-format.md states what this reader uses', () => {
  it.each([
    ['the page size', /\*\*Pages\*\* are 4096 bytes/],
    ['the salt', /first 16 bytes of the file \(of page 1\) are a random salt/],
    ['the reserve layout', /last 80 bytes of every page are SQLCipher's: a 16-byte IV then a 64-byte HMAC/],
    ['the cipher and what it covers', /AES-256-CBC without\s+padding[\s\S]*bytes 0–4015 of the page \(4016 bytes\); on page 1, bytes 16–4015/],
    ['the HMAC key for a raw key', /PBKDF2-HMAC-SHA512\(password = the 32-byte raw key, salt = the 16-byte salt with\s+every byte XORed with `0x3a`, 2 iterations, 32 bytes\)/],
    ['what the HMAC covers', /HMAC-SHA512\(HMAC key, ciphertext ‖ IV ‖ page number as 4 bytes \*\*little-endian\*\*\)/],
    ['the WAL', /WAL checksums are\s+computed over those stored \(encrypted\) bytes/],
    ['the photos table', /`original_blob_id`[^\n]*byte for byte[\s\S]*`thumbnail_blob_id`[^\n]*JPEG/],
    ['the throttle file in the layout', /^\s+sign-in-throttle\.json\s/m],
    ['which time "older than 15 minutes" means', /modification time \(`mtime`\) is at least 15 minutes before the computer's\s+clock/],
  ])('%s', (_name, pattern) => {
    expect(doc).toMatch(pattern);
  });
});

let dir: string;
let cleanup: () => Promise<void>;
const key = randomBytes(32);
const open: Db[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('cpw-sqlcipher-'));
});
afterEach(async () => {
  for (const db of open.splice(0)) closeDatabase(db);
  await cleanup();
});

/** A migrated database with a row the test can find in the decrypted pages, closed (WAL checkpointed). */
async function writtenDatabase(name = 'clinic.db'): Promise<Buffer> {
  const file = path.join(dir, name);
  const db = openDatabase(file, key);
  db.exec("CREATE TABLE probe (x TEXT); INSERT INTO probe VALUES ('independent-reader-marker')");
  closeDatabase(db);
  return fs.readFile(file);
}

describe('clinic.db main file, read from the document', () => {
  it('starts with a 16-byte random salt, never the SQLite header, and is whole 4096-byte pages', async () => {
    const a = await writtenDatabase('a.db');
    const b = await writtenDatabase('b.db');
    expect(a.length % PAGE_SIZE).toBe(0);
    expect(a.length).toBeGreaterThan(PAGE_SIZE);
    expect(a.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(a.subarray(0, SALT_BYTES).equals(b.subarray(0, SALT_BYTES))).toBe(false);
  });

  it('authenticates and decrypts every page with the documented derivation and layout', async () => {
    const file = await writtenDatabase();
    const pages = decodeDatabaseFile(file, key);
    expect(pages).toHaveLength(file.length / PAGE_SIZE);
    const page1 = pages[0]!.plaintext;
    expect(page1.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    // 4096-byte pages, WAL file format (2, 2), 80 reserved bytes (16 IV + 64 HMAC).
    expect(sqliteHeaderFields(page1)).toEqual({ pageSize: 4096, writeVersion: 2, readVersion: 2, reserveBytes: RESERVE_BYTES });
    // Header bytes 21–23 are SQLite's fixed payload fractions: proof the whole header decrypted.
    expect([...page1.subarray(21, 24)]).toEqual([64, 32, 32]);
    const text = Buffer.concat(pages.map((p) => p.plaintext)).toString('latin1');
    expect(text).toContain('CREATE TABLE photos');
    expect(text).toContain('independent-reader-marker');
    // Every page has its own IV.
    expect(new Set(pages.map((p) => p.iv.toString('hex'))).size).toBe(pages.length);
  });

  it('covers ciphertext, IV and page number with the HMAC; the salt through the HMAC key', async () => {
    const file = await writtenDatabase();
    const hmacKey = deriveHmacKey(key, file.subarray(0, SALT_BYTES));
    const page2 = file.subarray(PAGE_SIZE, 2 * PAGE_SIZE);
    expect(() => decodePage(Buffer.from(page2), 2, key, hmacKey)).not.toThrow();
    const flip = (at: number) => {
      const copy = Buffer.from(page2);
      copy[at]! ^= 1;
      return copy;
    };
    const rejected = (run: () => unknown) => {
      try {
        run();
        return null;
      } catch (e) {
        return e instanceof PageRejected ? e.reason : 'other';
      }
    };
    expect(rejected(() => decodePage(flip(100), 2, key, hmacKey))).toBe('hmac-mismatch'); // ciphertext
    expect(rejected(() => decodePage(flip(PAGE_SIZE - RESERVE_BYTES + 3), 2, key, hmacKey))).toBe('hmac-mismatch'); // IV
    expect(rejected(() => decodePage(flip(PAGE_SIZE - 1), 2, key, hmacKey))).toBe('hmac-mismatch'); // HMAC
    expect(rejected(() => decodePage(Buffer.from(page2), 3, key, hmacKey))).toBe('hmac-mismatch'); // moved to another page
    const otherSalt = Buffer.from(file.subarray(0, SALT_BYTES));
    otherSalt[0]! ^= 1;
    expect(rejected(() => decodePage(Buffer.from(page2), 2, key, deriveHmacKey(key, otherSalt)))).toBe('hmac-mismatch');
    expect(rejected(() => decodePage(Buffer.from(page2), 2, key, deriveHmacKey(randomBytes(32), file.subarray(0, SALT_BYTES))))).toBe('hmac-mismatch');
  });
});

describe('clinic.db WAL, read from the document', () => {
  it('holds whole encrypted pages behind plaintext frame headers, checksummed over the stored bytes', async () => {
    const file = path.join(dir, 'clinic.db');
    const db = openDatabase(file, key);
    open.push(db);
    db.exec("CREATE TABLE probe (x TEXT); INSERT INTO probe VALUES ('in-the-wal-marker')");
    const salt = (await fs.readFile(file)).subarray(0, SALT_BYTES);
    const wal = await fs.readFile(`${file}-wal`);
    const frames = decodeWal(wal, key, salt);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.some((f) => f.commitSize > 0)).toBe(true);
    expect(Buffer.concat(frames.map((f) => f.page.plaintext)).toString('latin1')).toContain('in-the-wal-marker');
    // The marker is nowhere in the WAL as stored.
    expect(wal.toString('latin1')).not.toContain('in-the-wal-marker');
    const page1Frame = frames.find((f) => f.pageNumber === 1);
    if (page1Frame) expect(sqliteHeaderFields(page1Frame.page.plaintext).reserveBytes).toBe(RESERVE_BYTES);
  });
});
