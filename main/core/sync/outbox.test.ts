// The outbox's rules on a real (in-memory) database: enqueue for enabled targets only, backfill
// queues only what is missing, retry only failed rows, takeover of in_flight rows whose claim
// expired, the backoff curve, and canDeletePhoto refusing until every delivery is verified.
// (Claims between workers in detail: claims.test.ts.)
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { createHash } from 'node:crypto';
import { backoffMs } from './drain';
import { dicomDigest, heldDicomDigest } from './dicomweb';
import { cleanReason } from './http';
import { parseMultipart, buildMultipartRelated } from './multipart';
import { backfillTarget, canDeletePhoto, deliveriesForPhotos, enqueueDeliveries, retryDelivery, syncCounts } from './outbox';
import * as steps from './outbox-steps';
import { dueDeliveries, VERIFY_DEFER_MAX_MS, type Claimant } from './outbox-steps';
import { createTarget } from './targets';
import { outboxDatabase } from './test-helpers';

let db: Db;
// One worker takes every step here; a 30 s lease outlives each test's clock.
const W: Claimant = { owner: 'worker-a', leaseMs: 30_000 };
const markInFlight = (d: Db, id: string, at: Date) => steps.claimForSend(d, id, W, at);
const markDelivered = (d: Db, id: string, remoteId: string, sha: string, at: Date) => steps.markDelivered(d, id, W.owner, remoteId, sha, at);
const markVerified = (d: Db, id: string, hash: string, at: Date) => {
  expect(steps.claimForReadBack(d, id, W, at)).not.toBeNull();
  return steps.markVerified(d, id, W.owner, hash, at);
};
const markAttemptFailed = (d: Db, id: string, reason: string, state: 'queued' | 'delivered', nextAt: Date | null, at: Date) => {
  if (state === 'delivered') steps.claimForReadBack(d, id, W, at);
  else steps.claimForSend(d, id, W, at);
  return steps.markAttemptFailed(d, id, W.owner, reason, state, nextAt, at);
};
const now = new Date('2026-03-01T10:00:00.000Z');
let addPhoto: (id: string) => void;

beforeEach(() => {
  const outbox = outboxDatabase();
  db = outbox.db;
  addPhoto = (id) => outbox.addPhoto(id, now);
});

const pacs = () => createTarget(db, { name: 'PACS', kind: 'dicomweb', baseUrl: 'https://pacs.example.org/dw', authKind: 'none' }, 'u1', now);
const emr = (enabled = true) => createTarget(db, { name: 'EMR', kind: 'fhir', baseUrl: 'https://emr.example.org/fhir', authKind: 'none', enabled }, 'u1', now);

describe('outbox', () => {
  it('queues a photo for every enabled target, in the caller\'s transaction', () => {
    pacs();
    emr(false);
    const photoId = 'a'.repeat(32);
    expect(() =>
      db.transaction(() => {
        addPhoto(photoId);
        expect(enqueueDeliveries(db, photoId, now)).toBe(1);
        throw new Error('ingest failed after enqueue');
      })(),
    ).toThrow(/ingest failed/);
    expect(syncCounts(db).total).toBe(0);
    db.transaction(() => {
      addPhoto(photoId);
      enqueueDeliveries(db, photoId, now);
    })();
    expect(deliveriesForPhotos(db, [photoId]).map((d) => [d.kind, d.state, d.targetName])).toEqual([['dicom', 'queued', 'PACS']]);
  });

  it('offers sends before read-backs, and holds a read-back while its target has sends waiting', () => {
    pacs();
    const ids = ['a', 'b', 'c', 'd'].map((c) => c.repeat(32));
    for (const [i, id] of ids.entries()) {
      addPhoto(id);
      enqueueDeliveries(db, id, new Date(now.getTime() - (4 - i) * 1000));
    }
    const rowOf = (id: string) => deliveriesForPhotos(db, [id])[0]!;
    // The two oldest are sent (delivered, awaiting read-back); the two newest still queued.
    for (const id of ids.slice(0, 2)) {
      expect(markInFlight(db, rowOf(id).id, now)).toBe(true);
      markDelivered(db, rowOf(id).id, `remote-${id}`, 'hash', now);
    }
    const due = (limit = 10, busy: string[] = []) => dueDeliveries(db, now, limit, busy).map((r) => [r.photo_id, r.state]);
    expect(due()).toEqual([
      [ids[2], 'queued'],
      [ids[3], 'queued'],
    ]);
    // Rows the worker is already working on are left out; they still count as sends waiting.
    expect(due(10, [rowOf(ids[2]!).id])).toEqual([[ids[3], 'queued']]);
    expect(due(10, [rowOf(ids[2]!).id, rowOf(ids[3]!).id])).toEqual([]);
    // One in flight and one waiting out a backoff: the one in flight still holds the read-backs.
    expect(markInFlight(db, rowOf(ids[2]!).id, now)).toBe(true);
    markAttemptFailed(db, rowOf(ids[3]!).id, 'HTTP 503', 'queued', new Date(now.getTime() + 60_000), now);
    expect(due()).toEqual([]);
    // Nothing left to send now: the read-backs are offered, oldest first.
    markDelivered(db, rowOf(ids[2]!).id, 'remote-c', 'hash', now);
    expect(due()).toEqual([
      [ids[0], 'delivered'],
      [ids[1], 'delivered'],
      [ids[2], 'delivered'],
    ]);
    expect(due(2)).toEqual([
      [ids[0], 'delivered'],
      [ids[1], 'delivered'],
    ]);
    expect(syncCounts(db).counts).toMatchObject({ queued: 1, delivered: 3 });
  });

  it("never holds one target's read-backs for another's sends, nor any for longer than the cap", () => {
    pacs();
    const [a, b, c] = ['a', 'b', 'c'].map((ch) => ch.repeat(32)) as [string, string, string];
    for (const id of [a, b]) addPhoto(id);
    for (const id of [a, b]) enqueueDeliveries(db, id, now);
    emr();
    addPhoto(c);
    enqueueDeliveries(db, c, now);
    const [toPacs, toEmr] = deliveriesForPhotos(db, [c]).sort((x, y) => x.kind.localeCompare(y.kind));
    // The PACS has a (long) queue; the EMR has sent everything it had.
    expect(markInFlight(db, toEmr!.id, now)).toBe(true);
    markDelivered(db, toEmr!.id, 'Media/1', 'hash', now);
    const delivered = deliveriesForPhotos(db, [a])[0]!;
    expect(markInFlight(db, delivered.id, now)).toBe(true);
    markDelivered(db, delivered.id, 'remote-a', 'hash', now);
    const states = (at: Date) => dueDeliveries(db, at, 10).map((r) => [r.photo_id, r.kind, r.state]);
    expect(states(now)).toEqual([
      [b, 'dicom', 'queued'],
      [c, 'dicom', 'queued'],
      [c, 'fhir', 'delivered'],
    ]);
    expect(toPacs!.state).toBe('queued');
    // Past the cap, the PACS's read-back is offered though its sends are still waiting.
    const later = new Date(now.getTime() + VERIFY_DEFER_MAX_MS);
    expect(states(later)).toEqual([
      [b, 'dicom', 'queued'],
      [c, 'dicom', 'queued'],
      [a, 'dicom', 'delivered'],
      [c, 'fhir', 'delivered'],
    ]);
  });

  it('backfills only photos missing for the target', () => {
    addPhoto('a'.repeat(32));
    addPhoto('b'.repeat(32));
    const t = pacs();
    enqueueDeliveries(db, 'a'.repeat(32), now);
    expect(backfillTarget(db, t.id, now)).toBe(1);
    expect(backfillTarget(db, t.id, now)).toBe(0);
    expect(syncCounts(db).counts.queued).toBe(2);
  });

  it('lets a photo be deleted only when every delivery is verified', () => {
    const photoId = 'a'.repeat(32);
    addPhoto(photoId);
    pacs();
    emr();
    enqueueDeliveries(db, photoId, now);
    const [d1, d2] = deliveriesForPhotos(db, [photoId]);
    expect(canDeletePhoto(db, photoId)).toBe(false);
    for (const d of [d1!, d2!]) {
      expect(markInFlight(db, d.id, now)).toBe(true);
      expect(canDeletePhoto(db, photoId)).toBe(false);
      markDelivered(db, d.id, 'remote', 'hash', now);
      expect(canDeletePhoto(db, photoId)).toBe(false);
      markVerified(db, d.id, 'hash', now);
    }
    expect(canDeletePhoto(db, photoId)).toBe(true);
  });

  it('sends an in_flight row again once its claim has expired, and retries only failed rows', () => {
    const photoId = 'a'.repeat(32);
    addPhoto(photoId);
    pacs();
    enqueueDeliveries(db, photoId, now);
    const [d] = deliveriesForPhotos(db, [photoId]);
    markInFlight(db, d!.id, now);
    expect(dueDeliveries(db, now, 10)).toHaveLength(0);
    const expired = new Date(now.getTime() + W.leaseMs);
    expect(dueDeliveries(db, expired, 10).map((r) => [r.state, r.attempts])).toEqual([['in_flight', 1]]);
    expect(steps.claimForSend(db, d!.id, { owner: 'worker-b', leaseMs: 1000 }, expired)).toBe(true);
    expect(dueDeliveries(db, expired, 10)).toHaveLength(0);
    expect(() => retryDelivery(db, d!.id, now)).toThrow(/Only a failed/);
    expect(steps.markAttemptFailed(db, d!.id, 'worker-b', 'STOW-RS: HTTP 401', 'queued', null, expired)).toBe(true);
    expect(retryDelivery(db, d!.id, now)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('retries a failed read-back as a verification, not a second send', () => {
    const photoId = 'a'.repeat(32);
    addPhoto(photoId);
    pacs();
    enqueueDeliveries(db, photoId, now);
    const [d] = deliveriesForPhotos(db, [photoId]);
    markInFlight(db, d!.id, now);
    markDelivered(db, d!.id, '1.2/3.4/5.6', 'hash', now);
    markAttemptFailed(db, d!.id, 'WADO-RS: HTTP 404', 'delivered', null, now);
    expect(retryDelivery(db, d!.id, now).state).toBe('delivered');
  });
});

describe('retry pacing and wire helpers', () => {
  it('backs off exponentially with jitter up to the cap', () => {
    const policy = { baseMs: 1000, capMs: 60_000, maxAttempts: 10 };
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(1, policy, () => 1)).toBe(1000);
    expect(backoffMs(4, policy, () => 1)).toBe(8000);
    expect(backoffMs(30, policy, () => 1)).toBe(60_000);
    expect(backoffMs(30, policy, () => 0)).toBe(30_000);
  });

  it('keeps server text short, single-line and free of markup', () => {
    const said = cleanReason(`<html><body><h1>401 Unauthorized</h1>\n\u0007${'x'.repeat(1000)}</body></html>`);
    expect(said.startsWith('401 Unauthorized')).toBe(true);
    expect(said.length).toBeLessThanOrEqual(300);
    expect([...said].some((ch) => '<>\n\u0007'.includes(ch))).toBe(false);
  });

  it('digests a DICOM file by its pieces, cut where the sent digest says', () => {
    const before = Buffer.from('DICM header');
    const pixels = Buffer.from('the captured JPEG');
    const after = Buffer.from([0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
    const pixelsSha256 = createHash('sha256').update(pixels).digest('hex');
    const sent = dicomDigest(before, pixelsSha256, after);
    expect(sent).toMatch(/^11\+9:[0-9a-f]{64}$/);
    const file = Buffer.concat([before, pixels, after]);
    expect(heldDicomDigest(file, sent)).toBe(sent);
    // The same bytes cut elsewhere are another digest: the split points are part of what is compared.
    const hexOf = (digest: string) => digest.slice(digest.indexOf(':') + 1);
    const cutElsewhere = dicomDigest(file.subarray(0, 12), createHash('sha256').update(file.subarray(12, file.length - 9)).digest('hex'), after);
    expect(hexOf(cutElsewhere)).not.toBe(hexOf(sent));
    expect(heldDicomDigest(file.subarray(0, 15), sent)).toBeNull();
    expect(heldDicomDigest(file, 'not a digest')).toBeNull();
    // A delivery recorded with the plain SHA-256 of the whole file (the earlier form) still verifies.
    const whole = createHash('sha256').update(file).digest('hex');
    expect(heldDicomDigest(file, whole)).toBe(whole);
  });

  it('round-trips multipart/related and refuses a broken body', () => {
    const parts = [Buffer.from('DICM one'), Buffer.from('two\r\n--not-a-boundary')];
    const { body: chunks, contentType } = buildMultipartRelated(parts, 'application/dicom');
    const body = Buffer.concat(chunks);
    expect(parseMultipart(contentType, body)?.map((p) => p.toString())).toEqual(parts.map((p) => p.toString()));
    expect(parseMultipart(contentType, body.subarray(0, body.length - 20))).toBeNull();
    expect(parseMultipart('application/json', body)).toBeNull();
    // A part given in pieces (a DICOM file around a photo it does not copy) arrives joined.
    const pieces = buildMultipartRelated([[Buffer.from('DICM'), Buffer.from(' in '), Buffer.from('pieces')]], 'application/dicom');
    expect(parseMultipart(pieces.contentType, Buffer.concat(pieces.body))?.map((p) => p.toString())).toEqual(['DICM in pieces']);
  });
});
