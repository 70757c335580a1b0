// The blob store on real files in a temp directory: wrapped per-file keys, random sharded names,
// range streaming over segment boundaries, atomic writes that leave nothing behind when they fail,
// and the startup sweep.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import { writeFileAtomic } from '../support/fs-atomic';
import { tempDir } from '../test-support/fixtures';
import { listFiles } from '../test-support/plaintext-scan';
import { BlobStore, type BlobKek, type BlobRecord } from './blob-store';
import { DEFAULT_SEGMENT_EXPONENT, HEADER_BYTES, TAG_BYTES } from './blob-format';

const S = 2 ** DEFAULT_SEGMENT_EXPONENT;
const kek1: BlobKek = { version: 1, key: randomBytes(32) };

let dir: string;
let cleanup: () => Promise<void>;
let store: BlobStore;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('cpw-blobs-'));
  store = new BlobStore(dir, new Map([[1, kek1]]), kek1);
});
afterEach(async () => cleanup());

const blobPath = (record: BlobRecord) => path.join(dir, 'blobs', record.fileName.slice(0, 2), record.fileName);

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return `${error.code}: ${error.message}`;
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'succeeded';
}

async function collect(stream: AsyncGenerator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe('put and read', () => {
  it('writes a sealed file under a random sharded name and reads it back', async () => {
    const plaintext = randomBytes(3 * S + 777);
    const record = await store.put(plaintext);
    expect(record.id).toMatch(/^[0-9a-f]{32}$/);
    expect(record.fileName).toMatch(/^[0-9a-f]{32}\.cpb$/);
    expect(record.fileName.slice(0, 32)).not.toBe(record.id);
    expect(record.wrappedKey.length).toBe(60);
    expect(record.keyVersion).toBe(1);
    expect(record.byteSize).toBe(plaintext.length);
    expect(record.sha256).toBe(createHash('sha256').update(plaintext).digest('hex'));

    const file = await fs.readFile(blobPath(record));
    expect(file.length).toBe(HEADER_BYTES + plaintext.length + 4 * TAG_BYTES);
    expect(file.subarray(8, 24).toString('hex')).toBe(record.id);
    expect(file.includes(plaintext.subarray(1000, 1032))).toBe(false);
    expect((await fs.stat(blobPath(record))).mode & 0o777).toBe(0o600);
    expect((await store.read(record)).equals(plaintext)).toBe(true);
  });

  it('round trips an empty blob', async () => {
    const record = await store.put(Buffer.alloc(0));
    expect((await store.read(record)).length).toBe(0);
    expect((await collect(store.stream(record))).length).toBe(0);
  });

  it('gives every blob its own key: the wrapped keys and ids differ for equal content', async () => {
    const plaintext = randomBytes(100);
    const [a, b] = [await store.put(plaintext), await store.put(plaintext)];
    expect(a.id).not.toBe(b.id);
    expect(a.wrappedKey.subarray(12).equals(b.wrappedKey.subarray(12))).toBe(false);
    expect((await fs.readFile(blobPath(a))).subarray(HEADER_BYTES).equals((await fs.readFile(blobPath(b))).subarray(HEADER_BYTES))).toBe(false);
  });

  it('refuses a record whose content hash or size does not match', async () => {
    const record = await store.put(randomBytes(500));
    expect(await failure(store.read({ ...record, sha256: '0'.repeat(64) }))).toMatch(/^BLOB_TAMPERED: .*content hash differs/);
    expect(await failure(store.read({ ...record, byteSize: 499 }))).toMatch(/^BLOB_TAMPERED: .*size differs/);
    // Without the hash check (the sync worker checks the same hash end to end), the size still is,
    // and so is every segment's authentication.
    expect(await failure(store.read({ ...record, byteSize: 499 }, { checkHash: false }))).toMatch(/^BLOB_TAMPERED: .*size differs/);
    expect((await store.read({ ...record, sha256: '0'.repeat(64) }, { checkHash: false })).length).toBe(500);
    const sealed = await fs.readFile(blobPath(record));
    sealed[HEADER_BYTES + 100]! ^= 1;
    await fs.writeFile(blobPath(record), sealed);
    expect(await failure(store.read(record, { checkHash: false }))).toMatch(/^BLOB_TAMPERED: .*authentication failed/);
  });

  it('refuses a file that belongs to another record', async () => {
    const a = await store.put(randomBytes(500));
    const b = await store.put(randomBytes(500));
    expect(await failure(store.read({ ...a, fileName: b.fileName }))).toMatch(/^BLOB_TAMPERED: .*another record/);
  });

  it('reports a missing file as BLOB_TAMPERED, and discard removes the file', async () => {
    const record = await store.put(randomBytes(10));
    await store.discard(record.fileName);
    await expect(fs.access(blobPath(record))).rejects.toThrow();
    expect(await failure(store.read(record))).toMatch(/^BLOB_TAMPERED: Stored photo file is missing/);
  });

  it('refuses file names that are not its own (no path traversal through a row)', async () => {
    const record = await store.put(randomBytes(10));
    expect(await failure(store.read({ ...record, fileName: '../../vault.json' }))).toBe('Error: invalid blob file name');
  });
});

describe('per-blob key wrapping', () => {
  it('refuses an unknown KEK version', async () => {
    const record = await store.put(randomBytes(10));
    expect(await failure(store.read({ ...record, keyVersion: 2 }))).toMatch(/^BLOB_TAMPERED: .*unknown key version \(2\)/);
  });

  it('cannot unwrap under a different KEK of the same version', async () => {
    const record = await store.put(randomBytes(10));
    const other = { version: 1, key: randomBytes(32) };
    const wrongStore = new BlobStore(dir, new Map([[1, other]]), other);
    expect(await failure(wrongStore.read(record))).toMatch(/^BLOB_TAMPERED: Stored photo key could not be unwrapped/);
    expect(await failure(collect(wrongStore.stream(record)))).toMatch(/^BLOB_TAMPERED: Stored photo key could not be unwrapped/);
  });

  it('binds the wrapped key to its blob id: a key moved to another row does not open', async () => {
    const a = await store.put(randomBytes(10));
    const b = await store.put(randomBytes(10));
    expect(await failure(store.read({ ...a, wrappedKey: b.wrappedKey }))).toMatch(/could not be unwrapped/);
    const flipped = Buffer.from(a.wrappedKey);
    flipped[20]! ^= 1;
    expect(await failure(store.read({ ...a, wrappedKey: flipped }))).toMatch(/could not be unwrapped/);
  });

  it('reads blobs wrapped under an older KEK version while sealing new ones under the current one', async () => {
    const oldRecord = await store.put(Buffer.from('old'));
    const kek2 = { version: 2, key: randomBytes(32) };
    const rotated = new BlobStore(dir, new Map([[1, kek1], [2, kek2]]), kek2);
    const newRecord = await rotated.put(Buffer.from('new'));
    expect(newRecord.keyVersion).toBe(2);
    expect((await rotated.read(oldRecord)).toString()).toBe('old');
    expect((await rotated.read(newRecord)).toString()).toBe('new');
  });
});

describe('stream', () => {
  const plaintext = randomBytes(3 * S + 1000);
  let record: BlobRecord;
  beforeEach(async () => {
    record = await store.put(plaintext);
  });

  const ranges: Array<[string, number, number]> = [
    ['whole blob', 0, 3 * S + 1000],
    ['inside the first segment', 5, 6],
    ['across the first boundary', S - 10, S + 10],
    ['exactly the second segment', S, 2 * S],
    ['one byte each side of a boundary', 2 * S - 1, 2 * S + 1],
    ['across two boundaries', S - 1, 2 * S + 1],
    ['the tail of the last segment', 3 * S + 900, 3 * S + 1000],
    ['the last byte', 3 * S + 999, 3 * S + 1000],
    ['empty range at a boundary', S, S],
    ['empty range at the end', 3 * S + 1000, 3 * S + 1000],
  ];
  it.each(ranges)('%s [%i, %i)', async (_name, start, end) => {
    expect((await collect(store.stream(record, start, end))).equals(plaintext.subarray(start, end))).toBe(true);
  });

  it('yields one chunk per covering segment', async () => {
    const chunks: number[] = [];
    for await (const chunk of store.stream(record, S - 10, 2 * S + 10)) chunks.push(chunk.length);
    expect(chunks).toEqual([10, S, 10]);
  });

  it('refuses ranges outside the blob', async () => {
    expect(await failure(collect(store.stream(record, -1, 10)))).toBe('RangeError: range outside the blob');
    expect(await failure(collect(store.stream(record, 0, record.byteSize + 1)))).toBe('RangeError: range outside the blob');
    expect(await failure(collect(store.stream(record, 10, 9)))).toBe('RangeError: range outside the blob');
  });

  it('decrypts only the covering segments, and authenticates each one it yields', async () => {
    const file = blobPath(record);
    const bytes = await fs.readFile(file);
    bytes[HEADER_BYTES + 2 * (S + TAG_BYTES) + 5]! ^= 1; // corrupt the third segment
    await fs.writeFile(file, bytes);
    expect((await collect(store.stream(record, 0, 2 * S))).equals(plaintext.subarray(0, 2 * S))).toBe(true);
    expect(await failure(collect(store.stream(record, 2 * S - 5, 2 * S + 5)))).toMatch(/^BLOB_TAMPERED: .*authentication failed/);
  });

  it('refuses a file truncated at a segment boundary even for a range the file still holds', async () => {
    const file = blobPath(record);
    await fs.truncate(file, HEADER_BYTES + 3 * (S + TAG_BYTES));
    expect(await failure(collect(store.stream(record, 0, 10)))).toMatch(/^BLOB_TAMPERED/);
    expect(await failure(collect(store.stream(record, 3 * S, 3 * S + 1000)))).toMatch(/^BLOB_TAMPERED/);
    expect(await failure(store.read(record))).toMatch(/^BLOB_TAMPERED: .*file size differs/);
  });
});

describe('failed writes leave nothing behind', () => {
  /** Makes every shard directory refuse new files, for root (immutable flag) and other users (mode). */
  async function lockAllShards(): Promise<(() => Promise<void>) | null> {
    const shards = Array.from({ length: 256 }, (_, i) => path.join(dir, 'blobs', i.toString(16).padStart(2, '0')));
    for (const shard of shards) await fs.mkdir(shard, { recursive: true });
    if (process.getuid?.() !== 0) {
      for (const shard of shards) await fs.chmod(shard, 0o500);
      return async () => {
        for (const shard of shards) await fs.chmod(shard, 0o700);
      };
    }
    try {
      execFileSync('chattr', ['+i', ...shards], { stdio: 'ignore' });
    } catch {
      return null; // root without chattr support: permission bits do not bind root
    }
    return async () => {
      execFileSync('chattr', ['-i', ...shards], { stdio: 'ignore' });
    };
  }

  it('a put into a read-only shard fails and leaves no file, partial or sealed', async (ctx) => {
    const unlock = await lockAllShards();
    if (!unlock) {
      ctx.skip(true, 'running as root on a file system without chattr +i: cannot make a directory read-only');
      return;
    }
    try {
      const outcome = await failure(store.put(randomBytes(10_000)));
      expect(outcome).toMatch(/EACCES|EPERM/);
      expect(await listFiles(path.join(dir, 'blobs'))).toEqual([]);
    } finally {
      await unlock();
    }
  });

  it('a write that fails after its temp file exists removes the temp file', async () => {
    // The store's atomic write, forced to fail at the rename: the target is a non-empty directory.
    const shard = path.join(dir, 'blobs', 'ab');
    const target = path.join(shard, `ab${'0'.repeat(30)}.cpb`);
    await fs.mkdir(path.join(target, 'occupied'), { recursive: true });
    expect(await failure(writeFileAtomic(target, randomBytes(1000)))).toMatch(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(await fs.readdir(shard)).toEqual([path.basename(target)]);
  });
});

describe('sweep', () => {
  const MIN_AGE = 15 * 60_000;
  const now = Date.now();
  const age = async (file: string, ms: number) => {
    const t = new Date(now - ms);
    await fs.utimes(file, t, t);
  };

  it('removes stale temp files and unreferenced sealed files, nothing fresh, nothing referenced, nothing foreign', async () => {
    const referencedOld = await store.put(randomBytes(50));
    const unreferencedOld = await store.put(randomBytes(50));
    const unreferencedFresh = await store.put(randomBytes(50));
    const shard = path.join(dir, 'blobs', '7f');
    await fs.mkdir(shard, { recursive: true });
    const partialOld = path.join(shard, `.7f${'1'.repeat(30)}.cpb.a1b2c3d4e5f6.partial`);
    const partialFresh = path.join(shard, `.7f${'2'.repeat(30)}.cpb.a1b2c3d4e5f7.partial`);
    const foreign = path.join(shard, 'README.txt');
    for (const f of [partialOld, partialFresh, foreign]) await fs.writeFile(f, 'x');
    for (const f of [blobPath(referencedOld), blobPath(unreferencedOld), partialOld, foreign]) await age(f, MIN_AGE + 1000);
    await age(blobPath(unreferencedFresh), MIN_AGE - 60_000);
    await age(partialFresh, 1000);

    const referenced = new Set([referencedOld.fileName]);
    const removed = await store.sweep((name) => referenced.has(name), MIN_AGE, now);

    expect(removed).toBe(2);
    const left = (await listFiles(path.join(dir, 'blobs'))).map((f) => path.basename(f)).sort();
    expect(left).toEqual([referencedOld.fileName, unreferencedFresh.fileName, path.basename(partialFresh), 'README.txt'].sort());
    expect((await store.read(referencedOld)).length).toBe(50);
  });

  it('measures age by the file mtime against the clock: exactly 15 minutes is old, a future mtime is young', async () => {
    const exactly = await store.put(randomBytes(10));
    const future = await store.put(randomBytes(10));
    await age(blobPath(exactly), MIN_AGE);
    await age(blobPath(future), -60_000);
    expect(await store.sweep(() => false, MIN_AGE, now)).toBe(1);
    const left = (await listFiles(path.join(dir, 'blobs'))).map((f) => path.basename(f));
    expect(left).toEqual([future.fileName]);
  });

  it('is a no-op when the blob directory does not exist yet', async () => {
    expect(await store.sweep(() => false, MIN_AGE, now)).toBe(0);
  });
});
