// Restoring a lost workstation from its bucket: the newest (or a chosen) snapshot's vault.json is
// opened with the recovery code, its sealed manifest with the keys that gives, and every object is
// fetched and checked against the manifest's size and SHA-256. Everything is built in a fresh
// directory beside the target and renamed over it only when the database opens, every photo
// matches its recorded SHA-256, and the restore is in the audit chain: a failure, a tampered or
// partial bucket, or a kill leaves the target as it was (a leftover build is removed next time).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../shared/errors';
import { recordAudit } from '../audit/audit';
import { allBlobRecords } from '../blobs/blob-rows';
import { countPhotos } from '../photos/photo-lookups';
import type { Logger } from '../support/log';
import { fsyncDirectory, writeFileAtomic } from '../support/fs-atomic';
import { unlockWithRecoveryCode } from '../vault/recovery-slot';
import { VAULT_FILE } from '../vault/vault';
import { updateVaultFile } from '../vault/vault-file';
import { DATABASE_FILE, openWorkspace } from '../workspace';
import type { BlobKek } from '../blobs/blob-store';
import { openFromArchive, openManifest, snapshotKey, type Manifest } from './manifest';
import { getObject, isNotFound, s3Reason, sha256Hex, type Bucket } from './s3';
import { listSnapshots } from './snapshot';
import { sealedFilePath } from './upload';

export interface RestoreOptions {
  readonly recoveryCode: string;
  readonly snapshotId?: string;
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly log: Logger;
}

export interface RestoreOutcome {
  readonly snapshotId: string;
  readonly objects: number;
  readonly photos: number;
}

/** One line per object that is missing or does not match, for the administrator. */
export class RestoreProblems extends CoreError {
  constructor(readonly problems: readonly string[]) {
    super('ARCHIVE_FAILED', `The archive cannot be restored: ${problems.length} object(s) missing or altered. ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? '; …' : ''}`);
  }
}

const BUILD_SUFFIX = '.restore-';

/** A target that does not exist or is an empty directory; leftovers of killed restores removed. */
async function prepareTarget(dataDir: string): Promise<void> {
  const parent = path.dirname(dataDir);
  const base = path.basename(dataDir);
  await fs.mkdir(parent, { recursive: true });
  for (const name of await fs.readdir(parent)) {
    if (name.startsWith(`${base}${BUILD_SUFFIX}`)) await fs.rm(path.join(parent, name), { recursive: true, force: true });
  }
  const existing = await fs.readdir(dataDir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
  if (existing.length > 0) throw new CoreError('ALREADY_INITIALIZED', 'The data directory is not empty: restore only into a new or empty directory.');
}

async function fetchChecked(bucket: Bucket, entry: { key: string; size: number; sha256: string }, problems: string[]): Promise<Buffer | null> {
  try {
    const body = await getObject(bucket, entry.key);
    if (body.length !== entry.size) problems.push(`${entry.key}: ${body.length} bytes instead of ${entry.size}`);
    else if (sha256Hex(body) !== entry.sha256) problems.push(`${entry.key}: content differs from the manifest (SHA-256)`);
    else return body;
  } catch (error) {
    problems.push(`${entry.key}: ${isNotFound(error) ? 'missing' : s3Reason(error)}`);
  }
  return null;
}

export async function restoreWorkstation(bucket: Bucket, dataDir: string, options: RestoreOptions): Promise<RestoreOutcome> {
  await prepareTarget(dataDir);
  const snapshots = await listSnapshots(bucket).catch((error: unknown) => {
    throw new CoreError('ARCHIVE_FAILED', `The bucket could not be listed (${s3Reason(error)}): check the endpoint, bucket, access key and secret.`);
  });
  const snapshotId = options.snapshotId ?? snapshots.at(-1);
  if (!snapshotId) throw new CoreError('ARCHIVE_FAILED', 'The bucket holds no complete snapshot of a workstation (under this prefix).');
  if (!snapshots.includes(snapshotId)) throw new CoreError('NOT_FOUND', 'No complete snapshot with that id in the bucket.');
  const build = `${dataDir}${BUILD_SUFFIX}${randomBytes(6).toString('hex')}`;
  await fs.mkdir(build, { mode: 0o700 });
  let keys: Awaited<ReturnType<typeof unlockWithRecoveryCode>> | null = null;
  try {
    const vaultBytes = await getObject(bucket, snapshotKey(snapshotId, 'vault.json')).catch((error: unknown) => {
      throw new RestoreProblems([`${snapshotKey(snapshotId, 'vault.json')}: ${isNotFound(error) ? 'missing' : s3Reason(error)}`]);
    });
    await writeFileAtomic(path.join(build, VAULT_FILE), vaultBytes);
    keys = await unlockWithRecoveryCode(build, options.recoveryCode);
    const keks = new Map<number, BlobKek>([[keys.blobKek.version, keys.blobKek], ...(keys.previous ? [[keys.previous.blobKek.version, keys.previous.blobKek] as const] : [])]);
    const manifestBytes = await getObject(bucket, snapshotKey(snapshotId, 'manifest.json')).catch((error: unknown) => {
      throw new RestoreProblems([`${snapshotKey(snapshotId, 'manifest.json')}: ${isNotFound(error) ? 'missing' : s3Reason(error)}`]);
    });
    const manifest: Manifest = openManifest(keks, manifestBytes);
    if (manifest.snapshotId !== snapshotId || manifest.vaultId !== keys.vaultId) throw new RestoreProblems([`${snapshotKey(snapshotId, 'manifest.json')}: belongs to another snapshot`]);
    const problems: string[] = [];
    if (sha256Hex(vaultBytes) !== manifest.vault.sha256) problems.push(`${manifest.vault.key}: content differs from the manifest (SHA-256)`);
    const sealedDb = await fetchChecked(bucket, manifest.database, problems);
    const total = manifest.blobs.length;
    let next = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency ?? 4, total) }, async () => {
        while (next < total) {
          const entry = manifest.blobs[next++]!;
          const fileName = entry.key.slice('blobs/'.length);
          if (!/^[0-9a-f]{32}\.cpb$/.test(fileName)) {
            problems.push(`${entry.key}: not a blob file name`);
            continue;
          }
          const body = await fetchChecked(bucket, entry, problems);
          if (body) {
            const file = sealedFilePath(build, fileName);
            await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
            await writeFileAtomic(file, body);
          }
          options.onProgress?.(++done, total);
        }
      }),
    );
    if (problems.length > 0 || !sealedDb) throw new RestoreProblems(problems);
    const database = openFromArchive(keks, manifest.vaultId, manifest.database.sealing, sealedDb, 'database snapshot');
    await writeFileAtomic(path.join(build, DATABASE_FILE), database);
    database.fill(0);
    const photos = await checkAndRecord(build, keys, manifest, options.log);
    keys = null; // the workspace wiped them on close
    await fsyncDirectory(build);
    // rename(2) replaces only an empty directory; prepareTarget checked it is one (or absent).
    await fs.rmdir(dataDir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
    await fs.rename(build, dataDir);
    await fsyncDirectory(path.dirname(dataDir));
    return { snapshotId, objects: total + 3, photos };
  } catch (error) {
    keys?.wipe();
    await fs.rm(build, { recursive: true, force: true });
    throw error;
  }
}

/** Opens the rebuilt directory, checks every stored file against its row's SHA-256, and audits the restore. */
async function checkAndRecord(build: string, keys: Awaited<ReturnType<typeof unlockWithRecoveryCode>>, manifest: Manifest, log: Logger): Promise<number> {
  const ws = await openWorkspace(build, keys, log);
  try {
    const listed = new Set(manifest.blobs.map((b) => b.key.slice('blobs/'.length)));
    const problems: string[] = [];
    for (const record of allBlobRecords(ws.db)) {
      if (!listed.has(record.fileName)) {
        problems.push(`blobs/${record.fileName}: named by the database but not in the snapshot`);
        continue;
      }
      try {
        await ws.blobs.read(record);
      } catch {
        problems.push(`blobs/${record.fileName}: does not open or differs from its recorded SHA-256`);
      }
    }
    if (problems.length > 0) throw new RestoreProblems(problems);
    // The bucket's key slots file carries no clinic name (snapshot.ts): put it back from the database.
    const clinic = ws.db.prepare('SELECT name FROM clinic WHERE id = 1').pluck().get() as string | undefined;
    if (clinic) await updateVaultFile(build, ws.vaultId, (file) => void (file.clinicName = clinic));
    recordAudit(ws.db, new Date(), { userId: null, action: 'archive.restore', outcome: 'success', detail: `snapshot=${manifest.snapshotId};objects=${manifest.blobs.length + 3};fromSeq=${manifest.auditSeq}` });
    return countPhotos(ws.db);
  } finally {
    ws.close();
  }
}
