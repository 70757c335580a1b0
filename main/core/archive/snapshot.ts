// Snapshots of the workstation in the bucket: the SQLCipher database copied while in use, sealed,
// next to the key slots file and a sealed manifest of every object the snapshot needs. The copy
// is made with VACUUM INTO, which SQLite3 Multiple Ciphers writes encrypted under the database's
// own key (the online backup API would write its pages decrypted into an unkeyed file on disk).
// The manifest is written last: a snapshot without one is incomplete and never restored from.
// Owner of `archive_snapshots`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../shared/errors';
import { writeTransaction } from '../db/write';
import type { Workspace } from '../workspace';
import { readVaultFile } from '../vault/vault-file';
import { newSnapshotId, SNAPSHOT_ID, sealForArchive, sealManifest, snapshotKey, blobObjectKey, type Manifest } from './manifest';
import { deleteObject, listObjects, sha256Hex, type Bucket } from './s3';
import type { RetentionPolicy } from './settings';
import { queueBlobsForArchive, uploadPending, uploadVerified, verifiedObjects, type UploadOptions } from './upload';

export interface SnapshotOutcome {
  readonly snapshotId: string;
  readonly objects: number;
  readonly bytes: number;
  readonly uploaded: number;
}

/** A VACUUM INTO copy of the open database, still encrypted under its key; the caller removes it. */
async function copyDatabase(ws: Workspace, id: string): Promise<string> {
  const dir = path.join(ws.dataDir, 'archive-tmp');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${id}.db`);
  await fs.rm(file, { force: true });
  // The path is ours (data dir + a generated id); quotes cannot occur in it, checked anyway.
  if (file.includes("'")) throw new Error('unexpected quote in the data directory path');
  ws.db.exec(`VACUUM INTO '${file}'`);
  return file;
}

/**
 * Uploads everything pending, then a snapshot: the database copy, vault.json and the manifest,
 * each verified by reading it back. Every blob the database names must be verified in the bucket
 * first; one that cannot be uploaded fails the snapshot (its reason is on its archive row).
 */
export async function takeSnapshot(ws: Workspace, bucket: Bucket, options: UploadOptions & { at?: () => Date; retention?: RetentionPolicy } = {}): Promise<SnapshotOutcome> {
  const at = options.at ?? (() => new Date());
  writeTransaction(ws.db, () => queueBlobsForArchive(ws.db, at()));
  const first = await uploadPending(ws.db, ws.dataDir, bucket, options, at);
  const takenAt = at();
  const id = newSnapshotId(takenAt);
  // The audit record the snapshot ends with: a restore's own record follows it in the chain.
  const auditSeq = ws.db.prepare('SELECT coalesce(max(seq), 0) FROM audit_events').pluck().get() as number;
  const copy = await copyDatabase(ws, id);
  try {
    // Blobs committed while the copy was made are in the live rows too: queue and upload them.
    writeTransaction(ws.db, () => queueBlobsForArchive(ws.db, at()));
    const second = await uploadPending(ws.db, ws.dataDir, bucket, options, at);
    const objects = verifiedObjects(ws.db);
    const { failed } = ws.db.prepare("SELECT count(*) AS failed FROM archive_objects WHERE state <> 'verified'").get() as { failed: number };
    if (failed > 0) throw new CoreError('ARCHIVE_FAILED', `${failed} stored file(s) could not be archived; no snapshot was taken. See the archive status for the server's reason.`);
    const plain = await fs.readFile(copy);
    const { sealed, sealing } = sealForArchive(ws.keys.blobKek, ws.vaultId, plain);
    const dbKey = snapshotKey(id, 'database.cpb');
    const vault = await bucketVaultFile(ws.dataDir);
    const vaultKey = snapshotKey(id, 'vault.json');
    const [{ sha256: dbSha }] = await Promise.all([uploadVerified(bucket, dbKey, sealed, options, undefined, true), uploadVerified(bucket, vaultKey, vault, options, undefined, true)]);
    const blobs = [...objects.values()].map((o) => ({ key: blobObjectKey(o.fileName), size: o.size, sha256: o.sha256 }));
    const manifest: Manifest = {
      format: 'clinic-photo-archive-manifest',
      version: 1,
      snapshotId: id,
      takenAt: takenAt.toISOString(),
      vaultId: ws.vaultId,
      auditSeq,
      database: { key: dbKey, size: sealed.length, sha256: dbSha, sealing, plainSize: plain.length },
      vault: { key: vaultKey, size: vault.length, sha256: sha256Hex(vault) },
      blobs,
    };
    await uploadVerified(bucket, snapshotKey(id, 'manifest.json'), sealManifest(ws.keys.blobKek, manifest), options, undefined, true);
    const bytes = blobs.reduce((n, b) => n + b.size, 0) + sealed.length + vault.length;
    writeTransaction(ws.db, () =>
      ws.db.prepare('INSERT INTO archive_snapshots (id, taken_at, objects, bytes, audit_seq) VALUES (?, ?, ?, ?, ?)').run(id, takenAt.toISOString(), blobs.length + 3, bytes, auditSeq),
    );
    if (options.retention) await pruneSnapshots(bucket, options.retention, id);
    return { snapshotId: id, objects: blobs.length + 3, bytes, uploaded: first.verified + second.verified };
  } finally {
    await fs.rm(copy, { force: true });
  }
}

/**
 * The key slots as they go to the bucket: password and recovery slots only (a device slot opens
 * only with this machine's OS key store), and without the clinic's name, so the bucket names no
 * one; a restore puts the name back from the database.
 */
async function bucketVaultFile(dataDir: string): Promise<Buffer> {
  const file = await readVaultFile(dataDir);
  return Buffer.from(`${JSON.stringify({ ...file, clinicName: '', slots: file.slots.filter((s) => s.kind !== 'device') }, null, 2)}\n`, 'utf8');
}

export function lastSnapshot(ws: Workspace): { takenAt: string | null; count: number } {
  const r = ws.db.prepare('SELECT max(taken_at) AS takenAt, count(*) AS count FROM archive_snapshots').get() as { takenAt: string | null; count: number };
  return r;
}

/** Complete snapshots in the bucket (those with a manifest), oldest first. */
export async function listSnapshots(bucket: Bucket): Promise<string[]> {
  const ids = new Set<string>();
  for (const o of await listObjects(bucket, 'snapshots/')) {
    const m = /^snapshots\/([^/]+)\/manifest\.json$/.exec(o.key);
    if (m && SNAPSHOT_ID.test(m[1]!)) ids.add(m[1]!);
  }
  return [...ids].sort();
}

const dayOf = (id: string): string => id.slice(0, 8);
const monthOf = (id: string): string => id.slice(0, 6);
function weekOf(id: string): string {
  const d = new Date(Date.UTC(Number(id.slice(0, 4)), Number(id.slice(4, 6)) - 1, Number(id.slice(6, 8))));
  // Monday of the week, in days since the epoch: weeks are compared by their Monday.
  return String(Math.floor((d.getTime() / 86_400_000 + 3) / 7));
}

/**
 * Which snapshots a retention policy keeps: the newest of each of the last `daily` days, `weekly`
 * weeks and `monthly` months that have one (grandfather-father-son), plus the newest overall.
 */
export function snapshotsToKeep(ids: readonly string[], policy: RetentionPolicy): Set<string> {
  const keep = new Set<string>();
  const newestFirst = [...ids].sort().reverse();
  if (newestFirst[0]) keep.add(newestFirst[0]);
  for (const [period, count] of [
    [dayOf, policy.daily],
    [weekOf, policy.weekly],
    [monthOf, policy.monthly],
  ] as const) {
    const seen = new Set<string>();
    for (const id of newestFirst) {
      const p = period(id);
      if (seen.has(p)) continue;
      if (seen.size >= count) break;
      seen.add(p);
      keep.add(id);
    }
  }
  return keep;
}

/** Deletes the snapshots the policy does not keep, manifest first, so a half-deleted one is never complete. */
export async function pruneSnapshots(bucket: Bucket, policy: RetentionPolicy, justTaken: string): Promise<number> {
  const ids = await listSnapshots(bucket);
  const keep = snapshotsToKeep(ids, policy);
  keep.add(justTaken);
  let removed = 0;
  for (const id of ids) {
    if (keep.has(id)) continue;
    for (const part of ['manifest.json', 'database.cpb', 'vault.json'] as const) await deleteObject(bucket, snapshotKey(id, part));
    removed++;
  }
  return removed;
}
