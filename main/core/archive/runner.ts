// Keeps the archive current while the workstation is open: every tick uploads what the blob trigger
// queued since (each committed photo's files), and takes a snapshot on a schedule (daily) or after
// significant change (new files or audit records since the last one). One run at a time per core:
// `archive.run` waits for a tick in progress and then runs itself.
import type { Logger } from '../support/log';
import type { Workspace } from '../workspace';
import { openBucket } from './s3';
import { archiveConfig, type ArchiveConfig } from './settings';
import { lastSnapshot, takeSnapshot, type SnapshotOutcome } from './snapshot';
import { uploadPending, type UploadOptions } from './upload';

export interface SnapshotTriggers {
  /** A snapshot at least this often (default a day). */
  readonly everyMs: number;
  /** …or once this many files were archived since the last one (default 50). */
  readonly afterFiles: number;
  /** …or once this many audit records were added since the last one (default 500: consents, edits). */
  readonly afterAuditRecords: number;
}

export const DEFAULT_TRIGGERS: SnapshotTriggers = { everyMs: 24 * 3600_000, afterFiles: 50, afterAuditRecords: 500 };

export const uploadOptionsFor = (config: ArchiveConfig, extra: UploadOptions = {}): UploadOptions => ({
  ...extra,
  // Object Lock only where the probe found it enabled (configure refuses WORM elsewhere).
  ...(config.worm && config.probe?.objectLock ? { lockUntil: () => new Date(Date.now() + 365 * 86_400_000) } : {}),
});

export class ArchiveRunner {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly workspace: () => Workspace | null,
    private readonly log: Logger,
    private readonly uploads: UploadOptions = {},
    private readonly triggers: SnapshotTriggers = DEFAULT_TRIGGERS,
    private readonly tickMs = 30_000,
  ) {}

  /** Starts ticking (idempotent). The timer does not keep a process alive. */
  ensureStarted(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.exclusive(() => this.tick()).catch(() => undefined), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Everything pending and a fresh snapshot, after any tick in progress. */
  runNow(extra: UploadOptions = {}): Promise<SnapshotOutcome> {
    return this.exclusive(async () => {
      const ws = this.workspace();
      const config = ws ? archiveConfig(ws.db) : null;
      if (!ws || !config) throw new Error('archive not configured');
      return takeSnapshot(ws, openBucket(config), { ...uploadOptionsFor(config, { ...this.uploads, ...extra }), retention: config.retention });
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.busy.then(fn, fn);
    this.busy = next.catch(() => undefined);
    return next;
  }

  private async tick(): Promise<void> {
    const ws = this.workspace();
    if (!ws) {
      this.stop();
      return;
    }
    try {
      const config = archiveConfig(ws.db);
      if (!config?.enabled) return;
      const bucket = openBucket(config);
      const options = uploadOptionsFor(config, this.uploads);
      const { verified } = await uploadPending(ws.db, ws.dataDir, bucket, options);
      if (verified > 0) this.log.info('archive.uploaded', { verified });
      if (this.snapshotDue(ws)) {
        const s = await takeSnapshot(ws, bucket, { ...options, retention: config.retention });
        this.log.info('archive.snapshot', { objects: s.objects });
      }
    } catch (error) {
      this.log.error('archive.tick-failed', error);
    }
  }

  private snapshotDue(ws: Workspace): boolean {
    const last = lastSnapshot(ws);
    if (!last.takenAt) return true;
    if (Date.now() - Date.parse(last.takenAt) >= this.triggers.everyMs) return true;
    const since = ws.db
      .prepare("SELECT (SELECT count(*) FROM archive_objects WHERE state = 'verified' AND updated_at > ?) AS files, (SELECT coalesce(max(seq), 0) FROM audit_events) - (SELECT audit_seq FROM archive_snapshots ORDER BY taken_at DESC LIMIT 1) AS audit")
      .get(last.takenAt) as { files: number; audit: number };
    return since.files >= this.triggers.afterFiles || since.audit >= this.triggers.afterAuditRecords;
  }
}
