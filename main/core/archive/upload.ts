// The archive outbox's drain: every queued sealed blob file goes to the bucket byte for byte as it
// is on disk (ciphertext only), exactly once, and is verified by reading it back. Owner of
// `archive_objects`. Small files are one PUT; large ones a multipart upload whose upload id and
// finished parts are recorded as they complete, so a killed run continues where it stopped. Before
// a PUT the object is looked up: a run killed between the server's reply and our record finds it
// there (same size, same MD5) and records it instead of writing a second copy.
import { createHash, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { allBlobFiles, getBlobRecord } from '../blobs/blob-rows';
import type { Db } from '../db/open';
import { writeTransaction } from '../db/write';
import { blobObjectKey } from './manifest';
import { abortMultipart, completeMultipart, createMultipart, getObject, headObject, putObject, s3Reason, sha256Hex, uploadPart, type Bucket } from './s3';

export interface UploadOptions {
  /** Objects at least this large go multipart (default 16 MiB). */
  readonly multipartThreshold?: number;
  /** Part size of a multipart upload (default 8 MiB; S3's minimum is 5 MiB except the last part). */
  readonly partSize?: number;
  readonly concurrency?: number;
  /** Object Lock retention for every object written (WORM), when the bucket supports it. */
  readonly lockUntil?: () => Date;
  readonly onProgress?: (event: { blobId: string; state: 'verified' | 'failed'; bytes: number }) => void;
}

export const DEFAULT_MULTIPART_THRESHOLD = 16 << 20;
export const DEFAULT_PART_SIZE = 8 << 20;
const SAMPLE_BYTES = 64 << 10;

/** Where a sealed file lives: blobs/<first two characters of its name>/<name> (docs/storage-format.md). */
export const sealedFilePath = (dataDir: string, fileName: string): string => path.join(dataDir, 'blobs', fileName.slice(0, 2), fileName);

interface ObjectRow {
  blob_id: string;
  state: string;
  upload_id: string | null;
  parts_json: string | null;
}

type Part = { PartNumber: number; ETag: string };

const unquote = (etag: string): string => etag.replace(/^"|"$/g, '').toLowerCase();

/** The ETag S3 gives a multipart object: MD5 of the parts' MD5s, a dash, the part count. */
function multipartEtag(body: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < body.length; at += partSize) digests.push(createHash('md5').update(body.subarray(at, at + partSize)).digest());
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

/** Puts every blob row that has no archive row yet in the queue. */
export { queueBlobsForArchive } from '../blobs/blob-rows';

export function archiveCounts(db: Db): { pending: number; verified: number; failed: number; bytes: number; lastError: string | null } {
  const c = { pending: 0, verified: 0, failed: 0, bytes: 0 };
  for (const r of db.prepare('SELECT state, count(*) AS n, coalesce(sum(byte_size), 0) AS b FROM archive_objects GROUP BY state').all() as Array<{ state: string; n: number; b: number }>) {
    if (r.state === 'verified') {
      c.verified += r.n;
      c.bytes += r.b;
    } else if (r.state === 'failed') c.failed += r.n;
    else c.pending += r.n;
  }
  const lastError = db.prepare("SELECT last_error FROM archive_objects WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1").pluck().get() as string | undefined;
  return { ...c, lastError: lastError ?? null };
}

/** Verified objects with the size and SHA-256 of what was uploaded, keyed by blob id. */
export function verifiedObjects(db: Db): Map<string, { fileName: string; size: number; sha256: string }> {
  const verified = new Map<string, { size: number; sha256: string }>();
  for (const r of db.prepare("SELECT blob_id, byte_size, sha256 FROM archive_objects WHERE state = 'verified'").all() as Array<{ blob_id: string; byte_size: number; sha256: string }>) {
    verified.set(r.blob_id, { size: r.byte_size, sha256: r.sha256 });
  }
  const out = new Map<string, { fileName: string; size: number; sha256: string }>();
  for (const b of allBlobFiles(db)) {
    const v = verified.get(b.id);
    if (v) out.set(b.id, { fileName: b.fileName, ...v });
  }
  return out;
}

/**
 * Every object back in the queue, from scratch: the archive now points at another bucket or prefix.
 * Not marked fresh (attempts 1): the new place may already hold some (an archive moved back), and
 * those are looked up instead of written twice.
 */
export const requeueAll = (db: Db, at: Date): number =>
  db
    .prepare("UPDATE archive_objects SET state = 'queued', upload_id = NULL, parts_json = NULL, byte_size = NULL, sha256 = NULL, etag = NULL, attempts = 1, last_error = NULL, updated_at = ?")
    .run(at.toISOString()).changes;

/** A failed object back in the queue (the next run tries it again). */
export const requeueFailed = (db: Db, at: Date): number =>
  // attempts stays above 0: a failed object may have reached the bucket, so it is looked up first.
  db.prepare("UPDATE archive_objects SET state = 'queued', updated_at = ? WHERE state = 'failed'").run(at.toISOString()).changes;

/**
 * Uploads `body` under `key` unless the bucket already holds exactly it, then verifies it: HEAD
 * (size, ETag = MD5 or the multipart form) and a ranged GET of a random sample compared with our
 * bytes. `resume` carries a multipart upload's recorded state and records each step. `fresh`
 * says no earlier attempt can have written the key (the row was marked before any request), so
 * the look-up before writing is skipped.
 */
export async function uploadVerified(
  bucket: Bucket,
  key: string,
  body: Buffer,
  options: UploadOptions,
  resume?: { uploadId: string | null; parts: Part[]; record(uploadId: string | null, parts: Part[]): void },
  fresh = false,
): Promise<{ sha256: string; md5: string }> {
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  const multipart = body.length >= (options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD);
  const md5 = createHash('md5').update(body).digest();
  const sha256 = sha256Hex(body);
  const expected = multipart ? multipartEtag(body, partSize) : md5.toString('hex');
  const present = fresh ? null : await headObject(bucket, key);
  if (!(present && present.size === body.length && unquote(present.etag) === expected)) {
    if (!multipart) {
      await putObject(bucket, key, body, options.lockUntil ? { until: options.lockUntil() } : undefined, md5.toString('base64'), sha256);
    } else {
      let uploadId = resume?.uploadId ?? null;
      const parts = [...(resume?.parts ?? [])];
      if (!uploadId) {
        uploadId = await createMultipart(bucket, key);
        resume?.record(uploadId, parts);
      }
      const count = Math.ceil(body.length / partSize);
      for (let n = 1; n <= count; n++) {
        if (parts.some((p) => p.PartNumber === n)) continue;
        const etag = await uploadPart(bucket, key, uploadId, n, body.subarray((n - 1) * partSize, n * partSize));
        parts.push({ PartNumber: n, ETag: etag });
        resume?.record(uploadId, parts);
      }
      try {
        await completeMultipart(bucket, key, uploadId, parts.sort((a, b) => a.PartNumber - b.PartNumber));
      } catch (error) {
        // The upload id is gone (expired, or aborted by the bucket's lifecycle): start over next time.
        await abortMultipart(bucket, key, uploadId);
        resume?.record(null, []);
        throw error;
      }
      resume?.record(null, []);
    }
  }
  const head = await headObject(bucket, key);
  if (!head || head.size !== body.length) throw new Error(`read-back: size ${head?.size ?? 'missing'} instead of ${body.length}`);
  if (unquote(head.etag) !== expected) throw new Error('read-back: ETag differs from the uploaded bytes');
  const start = body.length > SAMPLE_BYTES ? randomInt(0, body.length - SAMPLE_BYTES) : 0;
  const end = Math.min(body.length, start + SAMPLE_BYTES);
  if (end > start && !(await getObject(bucket, key, { start, end })).equals(body.subarray(start, end))) throw new Error('read-back: sampled range differs');
  return { sha256, md5: md5.toString('hex') };
}

/** Uploads one queued blob; returns false when it failed (recorded with the server's reason). */
async function uploadOne(db: Db, dataDir: string, bucket: Bucket, blobId: string, options: UploadOptions, at: () => Date, fresh: boolean): Promise<boolean> {
  const row = db.prepare('SELECT blob_id, state, upload_id, parts_json FROM archive_objects WHERE blob_id = ?').get(blobId) as ObjectRow | undefined;
  if (!row) return true;
  let fileName: string;
  try {
    fileName = getBlobRecord(db, blobId).fileName;
  } catch {
    // The blob was discarded after it was queued: nothing to archive.
    writeTransaction(db, () => db.prepare('DELETE FROM archive_objects WHERE blob_id = ?').run(blobId));
    return true;
  }
  const set = db.prepare('UPDATE archive_objects SET state = ?, upload_id = ?, parts_json = ?, byte_size = ?, sha256 = ?, etag = ?, attempts = attempts + ?, last_error = ?, updated_at = ? WHERE blob_id = ?');
  try {
    const body = await fs.readFile(sealedFilePath(dataDir, fileName));
    const sent = await uploadVerified(bucket, blobObjectKey(fileName), body, options, {
      uploadId: row.upload_id,
      parts: row.parts_json ? (JSON.parse(row.parts_json) as Part[]) : [],
      record: (uploadId, parts) => {
        writeTransaction(db, () => set.run('uploading', uploadId, parts.length ? JSON.stringify(parts) : null, body.length, null, null, 0, null, at().toISOString(), blobId));
      },
    }, fresh);
    writeTransaction(db, () => set.run('verified', null, null, body.length, sent.sha256, sent.md5, 1, null, at().toISOString(), blobId));
    options.onProgress?.({ blobId, state: 'verified', bytes: body.length });
    return true;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the sealed file is missing on this workstation' : error instanceof Error && error.message.startsWith('read-back') ? error.message : s3Reason(error);
    const current = db.prepare('SELECT upload_id, parts_json FROM archive_objects WHERE blob_id = ?').get(blobId) as { upload_id: string | null; parts_json: string | null };
    writeTransaction(db, () => set.run('failed', current.upload_id, current.parts_json, null, null, null, 1, reason, at().toISOString(), blobId));
    options.onProgress?.({ blobId, state: 'failed', bytes: 0 });
    return false;
  }
}

/** Drains the queue (and resumes unfinished uploads) with a few uploads at a time; returns counts. */
export async function uploadPending(db: Db, dataDir: string, bucket: Bucket, options: UploadOptions = {}, at: () => Date = () => new Date()): Promise<{ verified: number; failed: number }> {
  const lanes = options.concurrency ?? 6;
  const rows = db.prepare("SELECT blob_id, state, attempts FROM archive_objects WHERE state IN ('queued','uploading') ORDER BY queued_at, blob_id").all() as Array<{
    blob_id: string;
    state: string;
    attempts: number;
  }>;
  const ids = rows.map((r) => r.blob_id);
  // Never tried: nothing of theirs can be in the bucket. Marked (one transaction) before any
  // request, so after a kill they are no longer fresh and get looked up before writing.
  const fresh = new Set(rows.filter((r) => r.state === 'queued' && r.attempts === 0).map((r) => r.blob_id));
  if (fresh.size > 0) {
    const mark = db.prepare("UPDATE archive_objects SET attempts = 1, updated_at = ? WHERE blob_id = ? AND state = 'queued' AND attempts = 0");
    writeTransaction(db, () => {
      for (const id of fresh) if (mark.run(at().toISOString(), id).changes === 0) fresh.delete(id);
    });
  }
  let next = 0;
  let verified = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, ids.length) }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        if (await uploadOne(db, dataDir, bucket, id, options, at, fresh.has(id))) verified++;
        else failed++;
      }
    }),
  );
  return { verified, failed };
}
