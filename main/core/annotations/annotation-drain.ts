// The sync worker's pass over the presentation-state outbox (annotation-outbox.ts), after the
// photos' pass: each due row (its photo already delivered to the target) is claimed, the photo's
// current annotation version built as a Color Softcopy Presentation State and sent by STOW-RS,
// recorded as delivered, then read back by WADO-RS and compared byte for byte (SHA-256) before it
// counts as verified. The consent gate is asked first with the target's purpose, as for the photo;
// a refusal waits (an hour) with the reason. Presentation states are small: one row at a time.
import { createHash } from 'node:crypto';
import type { BlobStore } from '../blobs/blob-store';
import { checkRelease } from '../consent/gate';
import type { Db } from '../db/open';
import { writeTransaction } from '../db/write';
import { loadPhotoExport } from '../interop/export-input';
import { backoffMs, DEFAULT_RETRY, type RetryPolicy } from '../sync/drain';
import { readBackInstance, stowInstance } from '../sync/dicomweb';
import { cleanReason, DeliveryError, TargetClient } from '../sync/http';
import type { Claimant } from '../sync/outbox-steps';
import { getTargetConfig } from '../sync/targets';
import {
  claimAnnotationDelivery,
  markAnnotationFailed,
  markAnnotationSent,
  markAnnotationVerified,
  nextDueAnnotationDelivery,
  type AnnotationDeliveryRow,
} from './annotation-outbox';
import { buildPresentationState, presentationStateUids } from './csps';

const CONSENT_WAIT_MS = 60 * 60_000;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface AnnotationDrainOptions {
  readonly db: () => Db;
  readonly blobs: BlobStore;
  readonly claimant: Claimant;
  readonly retry?: RetryPolicy;
  readonly clock?: () => Date;
  readonly timeoutMs?: number;
}

export class AnnotationDrainer {
  private readonly clock: () => Date;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: AnnotationDrainOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** Takes every step due now, one row at a time; resolves with how many it took. */
  async drainOnce(): Promise<number> {
    let touched = 0;
    for (let row = nextDueAnnotationDelivery(this.options.db(), this.clock()); row; row = nextDueAnnotationDelivery(this.options.db(), this.clock())) {
      if (!claimAnnotationDelivery(this.options.db(), row, this.options.claimant.owner, this.clock(), this.options.claimant.leaseMs)) break;
      await this.step(row);
      touched += 1;
    }
    return touched;
  }

  private async step(row: AnnotationDeliveryRow): Promise<void> {
    const db = this.options.db();
    const owner = this.options.claimant.owner;
    const target = getTargetConfig(db, row.target_id);
    const client = new TargetClient(target, this.options.timeoutMs);
    try {
      const release = checkRelease(db, { photoId: row.photo_id, purpose: target.purpose, at: this.clock() });
      if (!release.allowed) {
        const reason = cleanReason(`Needs consent: ${release.reason ?? target.purpose}`);
        writeTransaction(db, () => markAnnotationFailed(db, row, owner, reason, new Date(this.clock().getTime() + CONSENT_WAIT_MS), this.clock()));
        return;
      }
      const input = await loadPhotoExport(db, this.options.blobs, row.photo_id);
      const version = input.annotations;
      // Versions are never deleted, so the photo has at least the queued one.
      if (!version) throw new DeliveryError('The photo has no annotations to deliver.', false);
      const uids = presentationStateUids(input, version.version);
      const instance = { studyInstanceUid: uids.photo.studyInstanceUid, seriesInstanceUid: uids.seriesInstanceUid, sopInstanceUid: uids.sopInstanceUid };
      if (row.state !== 'delivered') {
        const file = await buildPresentationState(input, version);
        await stowInstance(client, { ...instance, before: file, pixels: Buffer.alloc(0), after: Buffer.alloc(0), pixelsSha256: '', release: () => undefined });
        writeTransaction(db, () => markAnnotationSent(db, { ...row, version: version.version }, owner, { sopInstanceUid: uids.sopInstanceUid, sha256: sha256(file) }, this.clock()));
        return;
      }
      const held = await readBackInstance(client, instance);
      if (sha256(held) !== row.sent_sha256) throw new DeliveryError('Read-back: the presentation state the PACS holds differs from what was sent.', false);
      writeTransaction(db, () => markAnnotationVerified(db, row, owner, this.clock()));
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(`This workstation could not prepare the presentation state (${(error as { code?: string }).code ?? 'ERROR'}).`, false);
      const attempts = row.attempts + 1;
      const retryAt = failure.transient && attempts < this.retry.maxAttempts ? new Date(this.clock().getTime() + backoffMs(attempts, this.retry)) : null;
      writeTransaction(db, () => markAnnotationFailed(db, row, owner, cleanReason(failure.reason), retryAt, this.clock()));
    } finally {
      client.close();
    }
  }
}
