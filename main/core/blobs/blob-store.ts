// Sealed files on disk. Each blob gets a fresh random key, wrapped under the vault's blob KEK and
// kept in the database row; file names are random and sharded, so nothing about a photo shows in
// the directory listing. Writes are atomic; a failed write leaves nothing behind.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../shared/errors';
import { BufferPool } from '../support/buffer-pool';
import { TEMP_SUFFIX, fsyncDirectory, writeFileAtomic } from '../support/fs-atomic';
import { openSmall, randomKey, sealSmall } from '../vault/aead';
import { HEADER_BYTES, TAG_BYTES, openSegment, openSegmentInto, parseHeader, sealBlob, segmentLayout, type BlobHeader } from './blob-format';

export interface BlobKek {
  readonly version: number;
  readonly key: Buffer;
}

/** What the database keeps about a blob. */
export interface BlobRecord {
  readonly id: string; // 32 hex
  readonly fileName: string;
  readonly wrappedKey: Buffer;
  readonly keyVersion: number;
  readonly byteSize: number;
  readonly sha256: string;
}

const FILE_NAME = /^[0-9a-f]{32}\.cpb$/;
/** How much sealed file `read` takes per read call: whole segments, about 1 MiB. */
const READ_BATCH_BYTES = 1 << 20;

async function readExactly(file: fs.FileHandle, into: Buffer, length: number, position: number): Promise<void> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(into, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check (short read).');
    filled += bytesRead;
  }
}

export class BlobStore {
  private readonly root: string;
  /** Sealed-file batch buffers for read(), one per read in progress. */
  private readonly batches = new BufferPool(4, 2 * READ_BATCH_BYTES);

  constructor(
    dataDir: string,
    private keks: ReadonlyMap<number, BlobKek>,
    private currentKek: BlobKek,
  ) {
    this.root = path.join(dataDir, 'blobs');
    this.setKeks(keks, currentKek);
  }

  /**
   * Which KEK versions this store can unwrap, and which one wraps new blobs. During a key
   * rotation both generations are present: rows still at the old version keep opening while
   * they are rewrapped (rewrapKey), and new blobs already go under the new one.
   */
  setKeks(keks: ReadonlyMap<number, BlobKek>, current: BlobKek): void {
    if (keks.get(current.version) !== current) throw new Error('the current KEK must be one of the KEKs');
    this.keks = keks;
    this.currentKek = current;
  }

  /**
   * A row's wrapped key moved from its KEK to the current one, for key rotation; null when the
   * row is already under the current KEK. Throws BLOB_TAMPERED when the old wrap does not open.
   */
  rewrapKey(record: Pick<BlobRecord, 'id' | 'wrappedKey' | 'keyVersion'>): { wrappedKey: Buffer; keyVersion: number } | null {
    if (record.keyVersion === this.currentKek.version) return null;
    const key = this.unwrapKey(record);
    try {
      return { wrappedKey: sealSmall(this.currentKek.key, key, blobKeyAad(record.id)), keyVersion: this.currentKek.version };
    } finally {
      key.fill(0);
    }
  }

  /** Seals and writes `plaintext`; the caller records the returned row, or calls `discard`. */
  async put(plaintext: Uint8Array): Promise<BlobRecord> {
    const id = randomBytes(16);
    const fileName = `${randomBytes(16).toString('hex')}.cpb`;
    const key = randomKey();
    try {
      const sealed = sealBlob(key, id, plaintext);
      const target = this.pathOf(fileName);
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await writeFileAtomic(target, sealed);
      return {
        id: id.toString('hex'),
        fileName,
        wrappedKey: sealSmall(this.currentKek.key, key, blobKeyAad(id.toString('hex'))),
        keyVersion: this.currentKek.version,
        byteSize: plaintext.length,
        sha256: createHash('sha256').update(plaintext).digest('hex'),
      };
    } finally {
      key.fill(0);
    }
  }

  async discard(fileName: string): Promise<void> {
    await fs.rm(this.pathOf(fileName), { force: true });
  }

  /**
   * Reads and authenticates a whole blob, and checks its length and plaintext SHA-256 against the
   * row. `checkHash: false` skips only the hash, for a caller that checks the same SHA-256 end to
   * end itself (the sync worker compares the receiving system's copy with it): every segment is
   * still authenticated, so altered or truncated ciphertext is refused either way.
   *
   * The file is read a batch of segments at a time into a reused buffer, and each segment is
   * decrypted straight into the plaintext buffer once it authenticates. `allocate` lets the
   * caller supply that buffer (the sync worker's pool); the plaintext is then a view of its first
   * byteSize bytes.
   */
  async read(record: BlobRecord, options: { checkHash?: boolean; allocate?: (size: number) => Buffer } = {}): Promise<Buffer> {
    const key = this.unwrapKey(record);
    const file = await this.openFile(record.fileName);
    let sealed: Buffer | null = null;
    try {
      const { header, count, size } = await this.openedLayout(file, record);
      const stride = header.segmentSize + TAG_BYTES;
      const perRead = Math.max(1, Math.floor(READ_BATCH_BYTES / stride));
      sealed = this.batches.take(perRead * stride);
      // Every byte is written below: the segments' plaintexts add up to byteSize (openedLayout checked the size).
      const room = options.allocate?.(record.byteSize) ?? Buffer.allocUnsafe(record.byteSize);
      if (room.length < record.byteSize) throw new RangeError('allocate() returned a buffer smaller than the blob');
      const plaintext = room.subarray(0, record.byteSize);
      for (let first = 0; first < count; first += perRead) {
        const offset = HEADER_BYTES + first * stride;
        const length = Math.min(perRead * stride, size - offset);
        await readExactly(file, sealed, length, offset);
        for (let i = first; i < Math.min(count, first + perRead); i++) {
          const at = (i - first) * stride;
          openSegmentInto(key, header, i, i === count - 1, sealed.subarray(at, Math.min(length, at + stride)), plaintext, i * header.segmentSize);
        }
      }
      if (options.checkHash !== false && createHash('sha256').update(plaintext).digest('hex') !== record.sha256) {
        throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check (content hash differs).');
      }
      return plaintext;
    } finally {
      key.fill(0);
      // Every read into it has completed (awaited above), so the batch buffer is free again.
      if (sealed) this.batches.give(sealed);
      await file.close();
    }
  }

  /**
   * Streams the plaintext bytes [start, end) segment by segment, authenticating each segment
   * before yielding any of it. Only the segments covering the range are read.
   */
  async *stream(record: BlobRecord, start = 0, end = record.byteSize): AsyncGenerator<Buffer> {
    if (start < 0 || end > record.byteSize || start > end) throw new RangeError('range outside the blob');
    const key = this.unwrapKey(record);
    const file = await this.openFile(record.fileName);
    try {
      const { header, count, size } = await this.openedLayout(file, record);
      const stride = header.segmentSize + TAG_BYTES;
      const first = Math.floor(start / header.segmentSize);
      const last = Math.min(count - 1, Math.max(first, Math.ceil(end / header.segmentSize) - 1));
      for (let i = first; i <= last && start < end; i++) {
        const offset = HEADER_BYTES + i * stride;
        const length = Math.min(stride, size - offset);
        const sealed = Buffer.alloc(length);
        await readExactly(file, sealed, length, offset);
        const plain = openSegment(key, header, i, i === count - 1, sealed);
        const segStart = i * header.segmentSize;
        yield plain.subarray(Math.max(0, start - segStart), Math.min(plain.length, end - segStart));
      }
    } finally {
      key.fill(0);
      await file.close();
    }
  }

  /**
   * The header and segment layout of an opened sealed file, checked against its row. Only the
   * segments read are authenticated, so a file cut at a segment boundary would otherwise read
   * short without an error: the size must match the row first.
   */
  private async openedLayout(file: fs.FileHandle, record: BlobRecord): Promise<{ header: BlobHeader; count: number; size: number }> {
    const { size } = await file.stat();
    const headerBytes = Buffer.alloc(HEADER_BYTES);
    await file.read(headerBytes, 0, HEADER_BYTES, 0);
    const header = parseHeader(headerBytes, Buffer.from(record.id, 'hex'));
    const { count } = segmentLayout(header, size);
    if (size !== HEADER_BYTES + record.byteSize + TAG_BYTES * Math.max(1, Math.ceil(record.byteSize / header.segmentSize))) {
      throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check (file size differs).');
    }
    return { header, count, size };
  }

  /**
   * Startup recovery: removes temp files from interrupted writes and sealed files that no database
   * row references (a crash between the file's rename and the row's commit). Only files older
   * than `minAgeMs` are touched, so a write in flight in another process (the CLI beside the app)
   * is never mistaken for debris. Returns the count removed.
   */
  async sweep(isReferenced: (fileName: string) => boolean, minAgeMs = 15 * 60_000, now = Date.now()): Promise<number> {
    let removed = 0;
    let shards: string[];
    try {
      shards = await fs.readdir(this.root);
    } catch {
      return 0;
    }
    for (const shard of shards) {
      const dir = path.join(this.root, shard);
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const orphan = name.endsWith(TEMP_SUFFIX) || (FILE_NAME.test(name) && !isReferenced(name));
        if (!orphan) continue;
        const stat = await fs.stat(path.join(dir, name)).catch(() => null);
        if (stat && now - stat.mtimeMs >= minAgeMs) {
          await fs.rm(path.join(dir, name), { force: true });
          removed++;
        }
      }
      if (removed > 0) await fsyncDirectory(dir);
    }
    return removed;
  }

  private unwrapKey(record: Pick<BlobRecord, 'id' | 'wrappedKey' | 'keyVersion'>): Buffer {
    const kek = this.keks.get(record.keyVersion);
    if (!kek) throw new CoreError('BLOB_TAMPERED', `Stored photo is sealed under an unknown key version (${record.keyVersion}).`);
    const key = openSmall(kek.key, record.wrappedKey, blobKeyAad(record.id));
    if (!key) throw new CoreError('BLOB_TAMPERED', 'Stored photo key could not be unwrapped.');
    return key;
  }

  private pathOf(fileName: string): string {
    if (!FILE_NAME.test(fileName)) throw new Error('invalid blob file name');
    return path.join(this.root, fileName.slice(0, 2), fileName);
  }

  private async openFile(fileName: string): Promise<fs.FileHandle> {
    try {
      return await fs.open(this.pathOf(fileName), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('BLOB_TAMPERED', 'Stored photo file is missing.');
      throw error;
    }
  }
}

const blobKeyAad = (blobId: string): Buffer => Buffer.from(`clinic-photo/blob-key/v1\0${blobId}`, 'utf8');
