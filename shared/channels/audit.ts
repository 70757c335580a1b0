// The privacy officer's area: search the audit log, export it (CSV for reading, JSON Lines for
// independent verification), verify it, see anomalies, and set the thresholds and forwarding.
import { z } from 'zod';
import { channel, Empty, needs } from '../channel';
import { IsoDate, Mrn, Username } from '../domain';

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
const Burst = (maxCount: number) =>
  z
    .object({
      count: z.number().int().min(2, 'must be at least 2').max(maxCount, `must be at most ${maxCount}`),
      windowMinutes: z.number().int().min(1, 'must be at least 1 minute').max(1440, 'must be at most 1440 minutes (a day)'),
    })
    .strict();

/** What the anomaly list looks for; the officer sets these and they are stored in the database. */
export const AuditThresholds = z
  .object({
    massView: Burst(100_000),
    massExport: Burst(100_000),
    failedLogins: Burst(1000),
    businessHours: z
      .object({ start: Hhmm, end: Hhmm, weekendsAreAfterHours: z.boolean() })
      .strict()
      .refine((h) => h.start < h.end, { message: 'must start before it ends', path: ['end'] }),
  })
  .strict();
export type AuditThresholds = z.infer<typeof AuditThresholds>;

export const DEFAULT_AUDIT_THRESHOLDS: AuditThresholds = {
  massView: { count: 50, windowMinutes: 10 },
  massExport: { count: 10, windowMinutes: 60 },
  failedLogins: { count: 5, windowMinutes: 15 },
  businessHours: { start: '07:00', end: '19:00', weekendsAreAfterHours: true },
};

export const AuditRecord = z.object({
  seq: z.number().int(),
  at: z.string(),
  workstationId: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  patientId: z.string().nullable(),
  mrn: z.string().nullable(),
  photoId: z.string().nullable(),
  reason: z.string(),
  detail: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

const Filters = {
  username: Username.optional(),
  mrn: Mrn.optional(),
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9.-]*$/, 'must be an action name such as photo.view')
    .optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: IsoDate.optional(),
  /** Inclusive: the whole of this day. */
  to: IsoDate.optional(),
};

export const ANOMALY_KINDS = ['mass-view', 'mass-export', 'after-hours', 'break-glass', 'failed-logins'] as const;
export const Anomaly = z.object({
  kind: z.enum(ANOMALY_KINDS),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  count: z.number().int(),
  firstSeq: z.number().int(),
  patientId: z.string().nullable(),
  reason: z.string(),
});
export type Anomaly = z.infer<typeof Anomaly>;

export const VerifyResult = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  checkpoints: z.number().int(),
  lastSeq: z.number().int(),
  lastSignedSeq: z.number().int(),
  headHash: z.string(),
  problem: z.object({ seq: z.number().int().nullable(), message: z.string() }).nullable(),
});

export const ForwardingStatus = z.object({
  enabled: z.boolean(),
  host: z.string(),
  port: z.number().int(),
  caSubject: z.string().nullable(),
  deliveredSeq: z.number().int(),
  lastSeq: z.number().int(),
  lastError: z.string(),
  lastDeliveredAt: z.string().nullable(),
});

export const AuditSettingsView = z.object({
  thresholds: AuditThresholds,
  workstationId: z.string(),
  signingKey: z.object({ keyId: z.string(), fingerprint: z.string(), publicKey: z.string(), createdAt: z.string() }),
  forwarding: ForwardingStatus,
});

const Hostname = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or IP address');

export const auditChannels = {
  search: channel({
    request: z
      .object({ ...Filters, page: z.number().int().min(0).max(1_000_000).default(0), pageSize: z.number().int().min(1).max(200).default(50) })
      .strict(),
    response: z.object({ records: z.array(AuditRecord), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
    access: needs('audit.read'),
    audit: 'audit.search',
  }),
  exportCsv: channel({
    request: z.object(Filters).strict(),
    response: z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int(), truncated: z.boolean() }),
    access: needs('audit.export'),
    audit: 'audit.export-csv',
  }),
  /** The whole log as verifiable JSON Lines (docs/audit-log.md). */
  exportLog: channel({
    request: Empty,
    response: z.object({ fileName: z.string(), content: z.string(), records: z.number().int(), keyId: z.string() }),
    access: needs('audit.export'),
    audit: 'audit.export-log',
  }),
  verify: channel({ request: Empty, response: VerifyResult, access: needs('audit.read'), audit: 'audit.verify' }),
  anomalies: channel({
    request: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }).strict(),
    response: z.object({ anomalies: z.array(Anomaly), from: z.string(), to: z.string(), truncated: z.boolean() }),
    access: needs('audit.read'),
    audit: 'audit.anomalies',
  }),
  settings: channel({ request: Empty, response: AuditSettingsView, access: needs('audit.read'), audit: null }),
  saveThresholds: channel({ request: z.object({ thresholds: AuditThresholds }).strict(), response: AuditThresholds, access: needs('audit.settings'), audit: 'audit.thresholds-change' }),
  saveForwarding: channel({
    request: z
      .object({
        enabled: z.boolean(),
        host: z.union([Hostname, z.literal('')]),
        port: z.number().int().min(1).max(65535),
        /** PEM of the CA that issued the collector's certificate; empty keeps the stored one. */
        caPem: z.string().max(64 * 1024),
      })
      .strict(),
    response: ForwardingStatus,
    access: needs('audit.settings'),
    audit: 'audit.forwarding-change',
  }),
};
