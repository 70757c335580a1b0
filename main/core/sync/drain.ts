// The drain loop, independent of the thread it runs on: take the due outbox rows, send each one
// (STOW-RS or a FHIR transaction), read it back and compare hashes, and record every step in the
// database before the next one starts. Sending and verifying are separate steps, and sends come
// first: a backlog reaches the PACS at upload speed and is verified behind it (the read-back is a
// second full transfer of every photo), while a photo stays undeletable until verified. Failures
// that may pass (no connection, 5xx, 429) are retried with exponential backoff and jitter up to a
// cap; the others are marked failed with the server's reason for a person to look at.
import type { Db } from '../db/open';
import type { DicomUids } from '../interop/dicom/vl-photo';
import { dicomDigest, heldDicomDigest, readBackInstance, stowInstance, type DicomInstance } from './dicomweb';
import { readBackDocument, sendFhirBundle, type FhirBundle } from './fhir';
import { DeliveryError, TargetClient, cleanReason } from './http';
import {
  countAttempt,
  dueDeliveries,
  markAttemptFailed,
  markDelivered,
  markInFlight,
  markVerified,
  type DeliveryRow,
} from './outbox';
import { getTargetConfig, type TargetConfig } from './targets';

/** What a photo becomes on the wire; the interop builders supply it (main/core/interop). */
export interface PayloadSource {
  dicom(photoId: string): Promise<DicomInstance>;
  fhir(photoId: string): Promise<{ bundle: FhirBundle; imageSha256: string }>;
}

export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** Attempts (sends plus read-backs) after which a transient failure becomes `failed`. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, capMs: 15 * 60_000, maxAttempts: 12 };

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

export interface DrainOptions {
  readonly db: () => Db;
  readonly payloads: PayloadSource;
  readonly clock?: () => Date;
  readonly random?: () => number;
  readonly retry?: RetryPolicy;
  /** Deliveries in flight at once (one HTTP exchange each). */
  readonly concurrency?: number;
  readonly timeoutMs?: number;
}

export class Drainer {
  private readonly clients = new Map<string, { updatedKey: string; client: TargetClient }>();
  private readonly clock: () => Date;
  private readonly retry: RetryPolicy;
  private stopping = false;

  constructor(private readonly options: DrainOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /**
   * Processes everything due now, `concurrency` rows at a time; resolves with the number of steps
   * taken. Each lane builds its next payload while its current request is on the wire, so that its
   * connection does not sit idle while a photo is decrypted and wrapped: at most two payloads per
   * lane exist at once (the worker's buffer pool is sized for that). A lane that finds nothing to
   * do ends; each finished step refills the idle lanes, since it may have made read-backs due.
   */
  drainOnce(): Promise<number> {
    const concurrency = this.options.concurrency ?? 4;
    let touched = 0;
    let active = 0;
    let failure: { error: unknown } | null = null;
    // A row is taken once per step in a pass (sent in one turn, verified in a later one), and is
    // busy from being taken until its step has been recorded.
    const taken = new Set<string>();
    const busy = new Set<string>();
    // Never throws: a failure to read the outbox ends the pass (the lanes finish what they hold)
    // and is what the pass rejects with.
    const next = (): DeliveryRow | null => {
      if (this.stopping || failure) return null;
      try {
        const row = dueDeliveries(this.options.db(), this.clock(), concurrency, busy).find((r) => !taken.has(`${r.id}:${r.state}`)) ?? null;
        if (row) {
          taken.add(`${row.id}:${row.state}`);
          busy.add(row.id);
        }
        return row;
      } catch (error) {
        failure ??= { error };
        return null;
      }
    };
    return new Promise((resolve, reject) => {
      const lane = async (first: DeliveryRow) => {
        let step: { row: DeliveryRow; payload: Promise<Outgoing | null> } | null = { row: first, payload: this.prepare(first) };
        while (step) {
          if (this.stopping) {
            // Taken but not claimed: it stays queued for the next start.
            await releasePayload(step.payload);
            break;
          }
          const following = next();
          const upcoming = following && { row: following, payload: this.prepare(following) };
          try {
            await this.processOne(step.row, step.payload);
          } catch (error) {
            if (upcoming) await releasePayload(upcoming.payload);
            throw error;
          }
          busy.delete(step.row.id);
          touched += 1;
          fill();
          step = upcoming;
        }
      };
      const fill = () => {
        while (active < concurrency) {
          const row = next();
          if (!row) break;
          active += 1;
          lane(row)
            .catch((error: unknown) => (failure ??= { error }))
            .finally(() => {
              active -= 1;
              fill();
            });
        }
        if (active === 0) {
          if (failure) reject(failure.error);
          else resolve(touched);
        }
      };
      fill();
    });
  }

  /** Lets the current exchanges finish and takes no further rows (the worker is stopping). */
  requestStop(): void {
    this.stopping = true;
  }

  close(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }

  private clientFor(target: TargetConfig): TargetClient {
    // A changed target (URL, secret, CA) gets a new client: the key says which version we hold.
    const key = JSON.stringify([target.baseUrl, target.authKind, target.username, target.secret, target.pinnedCaPem]);
    const cached = this.clients.get(target.id);
    if (cached?.updatedKey === key) return cached.client;
    cached?.client.close();
    const client = new TargetClient(target, this.options.timeoutMs);
    this.clients.set(target.id, { updatedKey: key, client });
    return client;
  }

  /**
   * What a queued row will send, built from the photo (null for a row to verify). A photo that
   * cannot be built rejects; processOne records that as a failure of the send step when it awaits
   * it, and a row never claimed is simply dropped, so the rejection is marked handled meanwhile.
   */
  private prepare(row: DeliveryRow): Promise<Outgoing | null> {
    if (row.state !== 'queued') return Promise.resolve(null);
    const built: Promise<Outgoing> =
      row.kind === 'dicom'
        ? this.options.payloads.dicom(row.photo_id).then((instance) => ({ kind: 'dicom', instance }))
        : this.options.payloads.fhir(row.photo_id).then((fhir) => ({ kind: 'fhir', ...fhir }));
    built.catch(() => undefined);
    return built;
  }

  /** One step for one row: a queued row is sent (→ delivered), a delivered row is read back (→ verified). */
  private async processOne(row: DeliveryRow, payload: Promise<Outgoing | null>): Promise<void> {
    const db = this.options.db();
    const sending = row.state === 'queued';
    let attempts = row.attempts;
    try {
      const client = this.clientFor(getTargetConfig(db, row.target_id));
      if (sending) {
        if (!markInFlight(db, row.id, this.clock())) return;
        attempts += 1;
        const outgoing = await payload;
        if (!outgoing) throw new Error('a queued row has no payload');
        const sent = await this.send(client, outgoing);
        markDelivered(this.options.db(), row.id, sent.remoteId, sent.sha256, this.clock());
        return;
      }
      attempts = countAttempt(db, row.id);
      if (!row.remote_id || !row.sent_sha256) throw new DeliveryError('The delivery record lost its remote id; it will be sent again.', false);
      const heldHash =
        row.kind === 'dicom' ? heldDicomDigest(await readBackInstance(client, uidsOf(row.remote_id)), row.sent_sha256) : await readBackDocument(client, row.remote_id);
      if (heldHash !== row.sent_sha256) throw new DeliveryError('Read-back: what the server holds differs from what was sent (SHA-256 mismatch).', false);
      markVerified(this.options.db(), row.id, heldHash, this.clock());
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(localReason(error), false);
      const retryable = failure.transient && attempts < this.retry.maxAttempts;
      const now = this.clock();
      const nextAt = retryable ? new Date(now.getTime() + backoffMs(attempts, this.retry, this.options.random)) : null;
      markAttemptFailed(this.options.db(), row.id, cleanReason(failure.reason), sending ? 'queued' : 'delivered', nextAt, now);
    } finally {
      // Sent, refused or never claimed: the photo's buffer goes back to the pool. TargetClient
      // settles only once the request has closed, so no write of it is pending by now.
      await releasePayload(payload);
    }
  }

  /** STOW-RS or a FHIR transaction; returns what the read-back will look for. */
  private async send(client: TargetClient, outgoing: Outgoing): Promise<{ remoteId: string; sha256: string }> {
    if (outgoing.kind === 'dicom') {
      const { instance } = outgoing;
      await stowInstance(client, instance);
      return {
        remoteId: [instance.studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid].join('/'),
        sha256: dicomDigest(instance.before, instance.pixelsSha256, instance.after),
      };
    }
    return { remoteId: await sendFhirBundle(client, outgoing.bundle), sha256: outgoing.imageSha256 };
  }
}

/** A queued row's payload, as built for sending. */
type Outgoing = { kind: 'dicom'; instance: DicomInstance } | { kind: 'fhir'; bundle: FhirBundle; imageSha256: string };

/** Gives a built payload's buffer back (once nothing can write it any more); one never built has none. */
async function releasePayload(payload: Promise<Outgoing | null>): Promise<void> {
  const outgoing = await payload.catch(() => null);
  if (outgoing?.kind === 'dicom') outgoing.instance.release();
}

function uidsOf(remoteId: string): DicomUids {
  const [studyInstanceUid, seriesInstanceUid, sopInstanceUid] = remoteId.split('/') as [string, string, string];
  return { studyInstanceUid, seriesInstanceUid, sopInstanceUid };
}

/** A failure on this side (the photo could not be read or built): its code, never its message. */
function localReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return `This workstation could not prepare the photo for delivery (${typeof code === 'string' ? code : 'ERROR'}).`;
}
