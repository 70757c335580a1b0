// The archive's one bucket: where it is, how to sign in, what the capability probe found, and the
// snapshot retention. The secret access key sits in a column of the SQLCipher database (encrypted
// at rest under the vault) and leaves this module only towards the S3 client, never towards the
// renderer. Owner of `archive_settings`.
import type { ArchiveInput, ArchiveSettings } from '../../../shared/channels/archive';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { checkTargetUrl } from '../sync/targets';
import type { BucketConfig, ProbeResult } from './s3';

export interface RetentionPolicy {
  readonly daily: number;
  readonly weekly: number;
  readonly monthly: number;
}

export interface ArchiveConfig extends BucketConfig {
  readonly worm: boolean;
  readonly retention: RetentionPolicy;
  readonly probe: ProbeResult | null;
  readonly enabled: boolean;
}

interface SettingsRow {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  path_style: number;
  access_key_id: string;
  secret_access_key: string;
  worm: number;
  keep_daily: number;
  keep_weekly: number;
  keep_monthly: number;
  probe_json: string | null;
  enabled: number;
  updated_at: string;
}

/** S3 bucket names: 3–63 lower-case letters, digits, dots and hyphens (the rule every provider shares). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{1,40}$/;

/** A prefix without leading slash, ending in one slash (or empty); no `..` or control characters. */
export function normalisePrefix(raw: string | undefined): string {
  const p = (raw ?? '').trim().replace(/^\/+/, '').replace(/\/+$/, '');
  if (p === '') return '';
  if (p.length > 200 || !/^[A-Za-z0-9._\-/]+$/.test(p) || p.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new CoreError('VALIDATION_FAILED', 'The prefix may hold letters, digits, dots, dashes, underscores and single slashes only.', { prefix: 'is not a valid key prefix' });
  }
  return `${p}/`;
}

/** The bucket part of what an administrator typed, checked; shared by configuration and restore. */
export function checkBucketInput(input: Pick<ArchiveInput, 'endpoint' | 'region' | 'bucket' | 'prefix' | 'pathStyle' | 'accessKeyId'>): Omit<BucketConfig, 'secretAccessKey'> {
  const endpoint = checkTargetUrl(input.endpoint);
  if (!REGION.test(input.region)) throw new CoreError('VALIDATION_FAILED', 'The region is not valid.', { region: 'must look like us-east-1' });
  if (!BUCKET.test(input.bucket)) throw new CoreError('VALIDATION_FAILED', 'The bucket name is not valid.', { bucket: 'must be 3–63 lower-case letters, digits, dots or hyphens' });
  return { endpoint, region: input.region, bucket: input.bucket, prefix: normalisePrefix(input.prefix), pathStyle: input.pathStyle, accessKeyId: input.accessKeyId.trim() };
}

const rowOf = (db: Db): SettingsRow | undefined => db.prepare('SELECT * FROM archive_settings WHERE id = 1').get() as SettingsRow | undefined;

export function archiveConfig(db: Db): ArchiveConfig | null {
  const r = rowOf(db);
  if (!r) return null;
  return {
    endpoint: r.endpoint,
    region: r.region,
    bucket: r.bucket,
    prefix: r.prefix,
    pathStyle: r.path_style === 1,
    accessKeyId: r.access_key_id,
    secretAccessKey: r.secret_access_key,
    worm: r.worm === 1,
    retention: { daily: r.keep_daily, weekly: r.keep_weekly, monthly: r.keep_monthly },
    probe: r.probe_json ? (JSON.parse(r.probe_json) as ProbeResult) : null,
    enabled: r.enabled === 1,
  };
}

/** The stored secret, for an update that leaves it out. */
export const storedSecret = (db: Db): string | null => rowOf(db)?.secret_access_key ?? null;

export function publicSettings(db: Db): ArchiveSettings | null {
  const r = rowOf(db);
  const c = archiveConfig(db);
  if (!r || !c) return null;
  return {
    endpoint: c.endpoint,
    region: c.region,
    bucket: c.bucket,
    prefix: c.prefix,
    pathStyle: c.pathStyle,
    accessKeyId: c.accessKeyId,
    secretSet: true,
    worm: c.worm,
    keepDaily: c.retention.daily,
    keepWeekly: c.retention.weekly,
    keepMonthly: c.retention.monthly,
    probe: c.probe ? { ...c.probe } : null,
    enabled: c.enabled,
    updatedAt: r.updated_at,
  };
}

export function saveArchiveSettings(db: Db, config: BucketConfig & { worm: boolean; retention: RetentionPolicy; probe: ProbeResult }, userId: string | null, at: Date): void {
  db.prepare(
    `INSERT INTO archive_settings (id, endpoint, region, bucket, prefix, path_style, access_key_id, secret_access_key, worm, keep_daily, keep_weekly, keep_monthly, probe_json, enabled, updated_at, updated_by)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET endpoint = excluded.endpoint, region = excluded.region, bucket = excluded.bucket, prefix = excluded.prefix,
       path_style = excluded.path_style, access_key_id = excluded.access_key_id, secret_access_key = excluded.secret_access_key, worm = excluded.worm,
       keep_daily = excluded.keep_daily, keep_weekly = excluded.keep_weekly, keep_monthly = excluded.keep_monthly, probe_json = excluded.probe_json,
       enabled = 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(
    config.endpoint,
    config.region,
    config.bucket,
    config.prefix,
    config.pathStyle ? 1 : 0,
    config.accessKeyId,
    config.secretAccessKey,
    config.worm ? 1 : 0,
    config.retention.daily,
    config.retention.weekly,
    config.retention.monthly,
    JSON.stringify(config.probe),
    at.toISOString(),
    userId,
  );
}
