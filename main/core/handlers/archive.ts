// The off-site archive's use-cases: settings with the capability probe (administrators), status,
// a run on demand, and restore on a machine that has no workstation yet. The S3 secret goes in
// and never comes out (archive/settings.ts).
import { CoreError } from '../../../shared/errors';
import { ArchiveRunner } from '../archive/runner';
import { restoreWorkstation } from '../archive/restore';
import { openBucket, probeBucket } from '../archive/s3';
import { archiveConfig, checkBucketInput, publicSettings, saveArchiveSettings, storedSecret } from '../archive/settings';
import { lastSnapshot } from '../archive/snapshot';
import { archiveCounts, queueBlobsForArchive, requeueAll, requeueFailed, type UploadOptions } from '../archive/upload';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { vaultExists } from '../vault/vault';

export const archiveHandlers = (s: CoreServices, uploads: UploadOptions = {}): Handlers['archive'] => {
  const runner = new ArchiveRunner(() => (s.isOpen() ? s.workspace() : null), s.log, uploads);
  const keepRunning = (): void => {
    if (archiveConfig(s.workspace().db)?.enabled) runner.ensureStarted();
  };
  return {
    settings() {
      keepRunning();
      return publicSettings(s.workspace().db);
    },
    async configure(ctx, req) {
      const user = s.actor(ctx).user;
      const input = req.archive;
      const bucketInput = checkBucketInput(input);
      const secretAccessKey = input.secretAccessKey ?? storedSecret(s.workspace().db);
      if (!secretAccessKey) throw new CoreError('VALIDATION_FAILED', 'Enter the secret access key.', { secretAccessKey: 'is required' });
      const config = { ...bucketInput, secretAccessKey };
      const probe = await probeBucket(openBucket(config), `probe/${Date.now().toString(36)}`);
      if (!probe.credentials || !probe.bucket || !probe.write) {
        throw new CoreError('ARCHIVE_FAILED', `The bucket cannot be used for the archive. ${probe.messages.join(' ')}`);
      }
      if (input.worm && !probe.objectLock) {
        throw new CoreError('VALIDATION_FAILED', 'Immutable (WORM) storage needs Object Lock, and this bucket or server does not offer it. Nothing was saved.', {
          worm: 'needs a bucket with Object Lock enabled',
        });
      }
      const retention = { daily: input.keepDaily ?? 7, weekly: input.keepWeekly ?? 4, monthly: input.keepMonthly ?? 12 };
      s.write(() => {
        const db = s.workspace().db;
        const before = archiveConfig(db);
        // Another bucket (or place in it) holds none of what the old one did: upload everything again.
        if (before && (before.endpoint !== config.endpoint || before.bucket !== config.bucket || before.prefix !== config.prefix)) requeueAll(db, s.clock());
        saveArchiveSettings(db, { ...config, worm: input.worm ?? false, retention, probe }, user.id, s.clock());
        const queued = queueBlobsForArchive(db, s.clock());
        requeueFailed(db, s.clock());
        s.audit({ userId: user.id, action: 'archive.configure', outcome: 'success', detail: `worm=${input.worm ? 1 : 0};queued=${queued}` });
      });
      keepRunning();
      return publicSettings(s.workspace().db)!;
    },
    status(ctx) {
      const ws = s.workspace();
      const configured = archiveConfig(ws.db) !== null;
      if (configured) keepRunning();
      const c = archiveCounts(ws.db);
      const last = lastSnapshot(ws);
      const admin = s.actor(ctx).user.role === 'administrator';
      return {
        configured,
        pending: c.pending,
        verified: c.verified,
        failed: c.failed,
        bytes: c.bytes,
        lastSnapshotAt: last.takenAt,
        snapshots: last.count,
        lastError: admin ? c.lastError : null,
      };
    },
    async run(ctx) {
      const user = s.actor(ctx).user;
      if (!archiveConfig(s.workspace().db)) throw new CoreError('VALIDATION_FAILED', 'No off-site archive is configured.', { archive: 'is not configured' });
      s.write(() => requeueFailed(s.workspace().db, s.clock()));
      try {
        const done = await runner.runNow();
        s.audit({ userId: user.id, action: 'archive.run', outcome: 'success', detail: `snapshot=${done.snapshotId};objects=${done.objects}` });
        return { uploaded: done.uploaded, verified: archiveCounts(s.workspace().db).verified, snapshotId: done.snapshotId, objects: done.objects, bytes: done.bytes };
      } catch (error) {
        s.audit({ userId: user.id, action: 'archive.run', outcome: 'failure', detail: (error as { code?: string }).code ?? 'ERROR' });
        if (error instanceof CoreError) throw error;
        throw new CoreError('ARCHIVE_FAILED', `The archive run failed: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
      }
    },
    restore: (_ctx, req) =>
      s.exclusive(async () => {
        if (await vaultExists(s.dataDir)) throw new CoreError('ALREADY_INITIALIZED', 'This computer already holds a workstation; restore into a new data directory.');
        const bucket = openBucket({ ...checkBucketInput(req), secretAccessKey: req.secretAccessKey });
        const outcome = await restoreWorkstation(bucket, s.dataDir, { recoveryCode: req.recoveryCode, ...(req.snapshotId ? { snapshotId: req.snapshotId } : {}), log: s.log });
        s.log.info('archive.restored', { objects: outcome.objects, photos: outcome.photos });
        return outcome;
      }),
  };
};
