// The drain loop, independent of the thread it runs on: take the due outbox rows, send each one
// (STOW-RS or a FHIR transaction), read it back and compare hashes, and record every step in the
// database before the next one starts. Sending and verifying are separate steps, and sends come
// first: a backlog reaches the PACS at upload speed and is verified behind it (the read-back is a
// second full transfer of every photo), while a photo stays undeletable until verified. Failures
// that may pass (no connection, 5xx, 429) are retried with exponential backoff and jitter up to a
// cap; the others are marked failed with the server's reason for a person to look at. Each step is
// taken under this worker's claim on the row (outbox-steps.ts); the worker renews the claims of
// `claimedIds()` while it works and, when told to stop, aborts what is still on the wire after a
// grace period and gives those rows back. Before any send, the consent gate decides whether the
// photo may go to the target's purpose (consent-holds.ts); a refused row is held, not sent.
import type { Db } from '../db/open';
import { clearConsentHold, releaseOrHold } from './consent-holds';
import type { DicomUids } from '../interop/dicom/vl-photo';
import { dicomDigest, heldDicomDigest, readBackInstance, stowInstance, type DicomInstance } from './dicomweb';
import { readBackDocument, sendFhirBundle, type FhirBundle } from './fhir';
import { DeliveryError, TargetClient, cleanReason } from './http';
import type { DeliveryRow } from './outbox';
import { claimForReadBack, claimForSend, dueDeliveries, markAttemptFailed, markDelivered, markVerified, releaseClaims, type Claimant } from './outbox-steps';
import { getTargetConfig, type TargetConfig } from './targets';
import { DimseSender } from './dimse/delivery';

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
  /** This worker's name on the rows it claims, and how long a claim lasts unless renewed. */
  readonly claimant: Claimant;
}

export class Drainer {
  private readonly clients = new Map<string, { updatedKey: string; client: TargetClient }>();
  private readonly clock: () => Date;
  private readonly retry: RetryPolicy;
  private stopping = false;
  private aborted = false;
  /** Rows this worker holds a claim on right now (renewed by the worker while it works). */
  private readonly claimed = new Set<string>();
  private readonly dimse: DimseSender;

  constructor(private readonly options: DrainOptions) {
    this.dimse = new DimseSender(options.timeoutMs);
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
        for (;;) {
          const row = dueDeliveries(this.options.db(), this.clock(), concurrency, busy, this.options.claimant.owner).find((r) => !taken.has(`${r.id}:${r.state}`)) ?? null;
          if (!row) return null;
          taken.add(`${row.id}:${row.state}`);
          // Every send, whatever the target's kind, passes the consent gate first; a refused row is
          // held (not due until a consent changes) and the lane takes the next one.
          if (isSend(row) && !this.released(row)) continue;
          busy.add(row.id);
          return row;
        }
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

  /** The consent gate's answer for a row about to be sent (consent-holds.ts); false: held. */
  private released(row: DeliveryRow): boolean {
    const db = this.options.db();
    if (!releaseOrHold(db, row, this.clock())) return false;
    if (row.consent_hold !== null) clearConsentHold(db, row.id);
    return true;
  }

  /** Lets the current exchanges finish and takes no further rows (the worker is stopping). */
  requestStop(): void {
    this.stopping = true;
  }

  /**
   * Cuts the exchanges in progress (the worker is stopping and its grace period is over): their
   * rows are given back instead of being counted as failed, for whichever worker comes next.
   */
  abort(): void {
    this.stopping = true;
    this.aborted = true;
    this.dimse.abort();
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }

  /** The rows this worker holds now, for the worker to renew their claims. */
  claimedIds(): ReadonlySet<string> {
    return this.claimed;
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
    if (!isSend(row)) return Promise.resolve(null);
    const built: Promise<Outgoing> =
      row.kind === 'dicom'
        ? this.options.payloads.dicom(row.photo_id).then((instance) => ({ kind: 'dicom', instance }))
        : this.options.payloads.fhir(row.photo_id).then((fhir) => ({ kind: 'fhir', ...fhir }));
    built.catch(() => undefined);
    return built;
  }

  /**
   * One step for one row, under this worker's claim: a queued row (or an in_flight one whose claim
   * expired) is sent (→ delivered), a delivered row is read back (→ verified). A row another worker
   * claimed first is left alone; a step is recorded only while this worker still holds the row.
   */
  private async processOne(row: DeliveryRow, payload: Promise<Outgoing | null>): Promise<void> {
    const db = this.options.db();
    const { claimant } = this.options;
    const sending = isSend(row);
    let attempts = row.attempts;
    try {
      if (sending) {
        if (!claimForSend(db, row.id, claimant, this.clock())) return;
        this.claimed.add(row.id);
        attempts += 1;
        const target = getTargetConfig(db, row.target_id);
        const outgoing = await payload;
        if (!outgoing) throw new Error('a row to send has no payload');
        if (this.aborted) throw new Error('stopped before sending');
        const sent = target.kind === 'dimse' && outgoing.kind === 'dicom' ? await this.dimse.send(target, outgoing.instance) : await this.send(this.clientFor(target), outgoing);
        markDelivered(this.options.db(), row.id, claimant.owner, sent.remoteId, sent.sha256, this.clock());
        return;
      }
      const counted = claimForReadBack(db, row.id, claimant, this.clock());
      if (counted === null) return;
      this.claimed.add(row.id);
      attempts = counted;
      const target = getTargetConfig(db, row.target_id);
      if (!row.remote_id || !row.sent_sha256) throw new DeliveryError('The delivery record lost its remote id; it will be sent again.', false);
      const heldHash =
        target.kind === 'dimse'
          ? await this.dimse.verify(target, uidsOf(row.remote_id), row.sent_sha256)
          : row.kind === 'dicom'
            ? heldDicomDigest(await readBackInstance(this.clientFor(target), uidsOf(row.remote_id)), row.sent_sha256)
            : await readBackDocument(this.clientFor(target), row.remote_id);
      if (heldHash !== row.sent_sha256) throw new DeliveryError('Read-back: what the server holds differs from what was sent (SHA-256 mismatch).', false);
      markVerified(this.options.db(), row.id, claimant.owner, heldHash, this.clock());
    } catch (error) {
      const now = this.clock();
      if (this.aborted && this.claimed.has(row.id)) {
        // Cut off by a stop, not refused by the server: the row goes back to the outbox as it was.
        releaseClaims(this.options.db(), claimant.owner, now, row.id);
        return;
      }
      const failure = error instanceof DeliveryError ? error : new DeliveryError(localReason(error), false);
      const retryable = failure.transient && attempts < this.retry.maxAttempts;
      const nextAt = retryable ? new Date(now.getTime() + backoffMs(attempts, this.retry, this.options.random)) : null;
      if (this.claimed.has(row.id)) markAttemptFailed(this.options.db(), row.id, claimant.owner, cleanReason(failure.reason), sending ? 'queued' : 'delivered', nextAt, now);
    } finally {
      this.claimed.delete(row.id);
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

/** A row to send: queued, or in flight under a claim that expired (taken over and sent again). */
const isSend = (row: DeliveryRow): boolean => row.state === 'queued' || row.state === 'in_flight';

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
