// Delivery to the clinic's systems (issue 5): targets an administrator configures (DICOMweb, FHIR
// R4), the outbox's per-photo state, the overall sync status, retry and backfill. Secrets go in and
// never come out: a target reports only whether its secret is set.
import { z } from 'zod';
import { channel, Empty, needs } from '../channel';
import { Purpose } from '../consent';
import { Id, Timestamp } from '../domain';
import { looksLikePemCertificate, PEM_MAX_CHARS } from '../pem';
import { DimseTargetInput } from './dicom-ae';

export const TARGET_KINDS = ['dicomweb', 'fhir', 'dimse'] as const;
export const AUTH_KINDS = ['none', 'basic', 'bearer'] as const;
export const DELIVERY_STATES = ['queued', 'in_flight', 'delivered', 'verified', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
/**
 * Why a delivery waits on something other than the network: `held`, a capture queued for later while
 * the photographer decides at the retake prompt; `takeover`, a claim whose worker stopped renewing
 * it (its process ended or stalled), which the next worker takes over; `consent`, a photo the consent
 * gate does not release for the target's purpose yet (lastError names the scope); it goes when a
 * consent allows it (docs/consent.md).
 */
export const DELIVERY_WAITS = ['held', 'takeover', 'consent'] as const;
export type DeliveryWait = (typeof DELIVERY_WAITS)[number];

/** Length first, and nothing else runs on text that is too long; then a linear scan. */
export const PemCertificate = z
  .string()
  .max(PEM_MAX_CHARS, { error: 'is too long for a certificate', abort: true })
  .refine(looksLikePemCertificate, 'must be a PEM certificate');

/** What an administrator types; the secret is optional on update (absent = keep the stored one). */
export const TargetInput = z
  .object({
    name: z.string().trim().min(1, 'is required').max(80, 'is too long'),
    kind: z.enum(TARGET_KINDS),
    baseUrl: z.string().trim().min(1, 'is required').max(2048, 'is too long'),
    authKind: z.enum(AUTH_KINDS),
    username: z.string().max(256).nullable().optional(),
    secret: z.string().min(1).max(4096).optional(),
    pinnedCaPem: PemCertificate.nullable().optional(),
    enabled: z.boolean().optional(),
    /** What the target uses photos for; the consent gate checks it for every delivery. */
    purpose: Purpose.optional(),
    /** Kind `dimse` only (baseUrl `dicom://host:port`): AE titles and read-back; absent on update = keep. */
    dimse: DimseTargetInput.optional(),
  })
  .strict();
export type TargetInput = z.infer<typeof TargetInput>;

export const DeliveryTarget = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(TARGET_KINDS),
  baseUrl: z.string(),
  authKind: z.enum(AUTH_KINDS),
  username: z.string().nullable(),
  secretSet: z.boolean(),
  pinnedCa: z.boolean(),
  enabled: z.boolean(),
  purpose: Purpose,
  updatedAt: Timestamp,
  dimse: DimseTargetInput.extend({ tls: z.boolean() }).nullable().optional(),
});
export type DeliveryTarget = z.infer<typeof DeliveryTarget>;

export const PhotoDelivery = z.object({
  id: Id,
  photoId: Id,
  targetId: Id,
  targetName: z.string(),
  kind: z.enum(['dicom', 'fhir']),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  nextAttemptAt: Timestamp,
  lastError: z.string().nullable(),
  remoteId: z.string().nullable(),
  waitingFor: z.enum(DELIVERY_WAITS).nullable(),
});
export type PhotoDelivery = z.infer<typeof PhotoDelivery>;

export const SyncStatus = z.object({
  running: z.boolean(),
  total: z.number().int(),
  counts: z.object({ queued: z.number().int(), in_flight: z.number().int(), delivered: z.number().int(), verified: z.number().int(), failed: z.number().int() }),
  /** Of those counted above, how many wait on something other than the network, by reason. */
  waiting: z.object({ held: z.number().int(), takeover: z.number().int(), consent: z.number().int() }),
  /** An administrator sees the last error; others see only the count. */
  lastError: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const deliveryChannels = {
  listTargets: channel({ request: Empty, response: z.array(DeliveryTarget), access: needs('delivery.manage'), audit: null, activity: false }),
  createTarget: channel({ request: z.object({ target: TargetInput }).strict(), response: DeliveryTarget, access: needs('delivery.manage'), audit: 'delivery.target-create' }),
  updateTarget: channel({ request: z.object({ targetId: Id, target: TargetInput }).strict(), response: DeliveryTarget, access: needs('delivery.manage'), audit: 'delivery.target-update' }),
  /** Connects, authenticates and reads one harmless resource; the reply says what the server said. */
  testTarget: channel({
    request: z.object({ targetId: Id }).strict(),
    response: z.object({ ok: z.boolean(), message: z.string() }),
    access: needs('delivery.manage'),
    audit: null,
  }),
  /** Queues every photo not yet queued for this target (targets added after photos were taken). */
  backfill: channel({ request: z.object({ targetId: Id }).strict(), response: z.object({ queued: z.number().int() }), access: needs('delivery.manage'), audit: 'delivery.backfill' }),
  status: channel({ request: Empty, response: SyncStatus, access: needs('delivery.view'), audit: null, activity: false }),
  forPhotos: channel({
    request: z.object({ photoIds: z.array(Id).max(500) }).strict(),
    response: z.array(PhotoDelivery),
    access: needs('delivery.view'),
    audit: null,
    activity: false,
  }),
  /** Puts a failed delivery back in the queue, due now. */
  retry: channel({ request: z.object({ deliveryId: Id }).strict(), response: PhotoDelivery, access: needs('delivery.retry'), audit: 'delivery.retry' }),
};
