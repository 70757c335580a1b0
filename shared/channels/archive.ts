// The off-site archive (issue 15): an S3-compatible bucket that receives only ciphertext, its
// capability probe and status, a run on demand, and restoring a lost workstation from it. The
// secret access key goes in and never comes out: the settings report only that it is set.
import { z } from 'zod';
import { channel, Empty, needs, publicAccess } from '../channel';
import { Timestamp } from '../domain';

const BucketFields = {
  endpoint: z.string().trim().min(1, 'is required').max(2048, 'is too long'),
  region: z.string().trim().min(1, 'is required').max(40, 'is too long'),
  bucket: z.string().trim().min(3, 'is too short').max(63, 'is too long'),
  prefix: z.string().max(200, 'is too long').optional(),
  pathStyle: z.boolean(),
  accessKeyId: z.string().trim().min(1, 'is required').max(256, 'is too long'),
};

/** What an administrator types; the secret is optional on update (absent = keep the stored one). */
export const ArchiveInput = z
  .object({
    ...BucketFields,
    secretAccessKey: z.string().min(1).max(1024).optional(),
    /** Object Lock retention on every object: refused where the bucket has no Object Lock. */
    worm: z.boolean().optional(),
    keepDaily: z.number().int().min(1).max(366).optional(),
    keepWeekly: z.number().int().min(0).max(520).optional(),
    keepMonthly: z.number().int().min(0).max(1200).optional(),
  })
  .strict();
export type ArchiveInput = z.infer<typeof ArchiveInput>;

export const ArchiveProbe = z.object({
  credentials: z.boolean(),
  bucket: z.boolean(),
  write: z.boolean(),
  versioning: z.enum(['enabled', 'suspended', 'off', 'unknown']),
  objectLock: z.boolean(),
  messages: z.array(z.string()),
});
export type ArchiveProbe = z.infer<typeof ArchiveProbe>;

export const ArchiveSettings = z.object({
  endpoint: z.string(),
  region: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  pathStyle: z.boolean(),
  accessKeyId: z.string(),
  secretSet: z.boolean(),
  worm: z.boolean(),
  keepDaily: z.number().int(),
  keepWeekly: z.number().int(),
  keepMonthly: z.number().int(),
  probe: ArchiveProbe.nullable(),
  enabled: z.boolean(),
  updatedAt: Timestamp,
});
export type ArchiveSettings = z.infer<typeof ArchiveSettings>;

export const ArchiveStatus = z.object({
  configured: z.boolean(),
  pending: z.number().int(),
  verified: z.number().int(),
  failed: z.number().int(),
  bytes: z.number().int(),
  lastSnapshotAt: Timestamp.nullable(),
  snapshots: z.number().int(),
  /** The server's reason for the newest failure, one line (administrators only). */
  lastError: z.string().nullable(),
});
export type ArchiveStatus = z.infer<typeof ArchiveStatus>;

export const ArchiveRunResult = z.object({
  uploaded: z.number().int(),
  verified: z.number().int(),
  snapshotId: z.string(),
  objects: z.number().int(),
  bytes: z.number().int(),
});

export const RestoreRequest = z
  .object({
    ...BucketFields,
    secretAccessKey: z.string().min(1).max(1024),
    recoveryCode: z.string().min(1).max(200),
    /** A snapshot id from the bucket; the newest when absent. */
    snapshotId: z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/, 'is not a snapshot id').optional(),
  })
  .strict();

export const archiveChannels = {
  settings: channel({ request: Empty, response: ArchiveSettings.nullable(), access: needs('delivery.manage'), audit: null, activity: false }),
  /** Probes the bucket first; saves only when credentials, bucket and a test write work (and Object Lock for WORM). */
  configure: channel({
    request: z.object({ archive: ArchiveInput }).strict(),
    response: ArchiveSettings,
    access: needs('delivery.manage'),
    audit: 'archive.configure',
  }),
  status: channel({ request: Empty, response: ArchiveStatus, access: needs('delivery.view'), audit: null, activity: false }),
  /** Uploads everything pending and a fresh snapshot; answers when every object is verified. */
  run: channel({ request: Empty, response: ArchiveRunResult, access: needs('delivery.manage'), audit: 'archive.run' }),
  /** First run on a new machine: rebuilds this data directory from the bucket with the recovery code. */
  restore: channel({
    request: RestoreRequest,
    response: z.object({ snapshotId: z.string(), objects: z.number().int(), photos: z.number().int() }),
    access: publicAccess,
    audit: 'archive.restore',
  }),
};
