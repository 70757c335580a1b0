// The drain's scheduling, against a DICOMweb impostor on loopback that holds every reply for a
// while and records what it saw: each lane builds its next photo while its current one is on the
// wire (never more than two per lane), no read-back starts while the target still has photos to
// send, idle lanes are refilled once read-backs become due, every buffer goes back exactly once,
// a stop lets the exchanges in progress finish and takes nothing more, and an abort (a stop whose
// grace is over) cuts them and gives their rows back rather than counting a failure.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { CoreError } from '../../../shared/errors';
import type { DicomInstance } from './dicomweb';
import { Drainer, type PayloadSource } from './drain';
import { buildMultipartRelated, parseMultipart } from './multipart';
import { enqueueDeliveries, syncCounts } from './outbox';
import { createTarget } from './targets';
import { outboxDatabase } from './test-helpers';

const CONCURRENCY = 3;
const PHOTOS = 12;
const now = new Date('2026-03-01T10:00:00.000Z');

let db: Db;
let server: http.Server;
let baseUrl: string;
/** The impostor's log, in the order things happened: `stow+ uid`, `stow- uid`, `wado+ uid`, `wado- uid`. */
let events: string[];
let inFlight: { stow: number; wado: number; maxStow: number; maxWado: number };
let heldMs: number;
/** The last photo's STOW-RS is held longer, so other lanes are free well before it is answered. */
const SLOW_UID = `2.25.${PHOTOS}`;
const stored = new Map<string, Buffer>();

let addPhoto: (id: string, capturedAt: Date) => void;

beforeEach(async () => {
  ({ db, addPhoto } = outboxDatabase());
  events = [];
  inFlight = { stow: 0, wado: 0, maxStow: 0, maxWado: 0 };
  heldMs = 40;
  stored.clear();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST') {
        const [file] = parseMultipart(req.headers['content-type'], body) ?? [];
        const uid = file!.subarray(0, file!.indexOf(0x7c)).toString('latin1');
        stored.set(uid, file!);
        hold('stow', uid, () => res.writeHead(200, { 'content-type': 'application/dicom+json' }).end(JSON.stringify({ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [uid] } }] } })));
      } else {
        const uid = req.url!.split('/').at(-1)!;
        const { body: parts, contentType } = buildMultipartRelated([stored.get(uid)!], 'application/dicom');
        hold('wado', uid, () => res.writeHead(200, { 'content-type': contentType }).end(Buffer.concat(parts)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  if (db.open) db.close();
});

/** Answers after `heldMs`, keeping count of the exchanges of each kind open at once. */
function hold(kind: 'stow' | 'wado', uid: string, answer: () => void): void {
  const maxKey = kind === 'stow' ? 'maxStow' : 'maxWado';
  inFlight[kind] += 1;
  inFlight[maxKey] = Math.max(inFlight[maxKey], inFlight[kind]);
  events.push(`${kind}+ ${uid}`);
  setTimeout(() => {
    inFlight[kind] -= 1;
    events.push(`${kind}- ${uid}`);
    answer();
  }, kind === 'stow' && uid === SLOW_UID ? heldMs * 5 : heldMs);
}

/** Photos queued for one loopback target, in capture order. */
function queuePhotos(count: number): string[] {
  createTarget(db, { name: 'Impostor', kind: 'dicomweb', baseUrl, authKind: 'none' }, 'u1', now);
  const ids = Array.from({ length: count }, (_, i) => `${String(i).padStart(2, '0')}${'f'.repeat(30)}`);
  ids.forEach((id, i) => {
    const capturedAt = new Date(now.getTime() - count + i);
    addPhoto(id, capturedAt);
    enqueueDeliveries(db, id, capturedAt);
  });
  return ids;
}

/**
 * Payloads that record when each photo is built and released. The file is `<uid>|<photo id>`, so
 * the impostor can store it under its UID and the read-back compares real bytes.
 */
function recordingPayloads(unreadable: ReadonlySet<string> = new Set()) {
  const built: string[] = [];
  const released: string[] = [];
  let outstanding = 0;
  let maxOutstanding = 0;
  const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const payloads: PayloadSource = {
    async dicom(photoId): Promise<DicomInstance> {
      if (unreadable.has(photoId)) throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check.');
      const uid = `2.25.${parseInt(photoId.slice(0, 2), 10) + 1}`;
      built.push(uid);
      events.push(`build ${uid}`);
      outstanding += 1;
      maxOutstanding = Math.max(maxOutstanding, outstanding);
      await new Promise((r) => setTimeout(r, 1));
      const pixels = Buffer.from(photoId, 'latin1');
      let done = false;
      return {
        studyInstanceUid: '2.25.100',
        seriesInstanceUid: '2.25.101',
        sopInstanceUid: uid,
        before: Buffer.from(`${uid}|`, 'latin1'),
        pixels,
        after: Buffer.alloc(0),
        pixelsSha256: sha256(pixels),
        release() {
          expect(done).toBe(false);
          done = true;
          outstanding -= 1;
          released.push(uid);
        },
      };
    },
    fhir() {
      throw new Error('no FHIR target in these tests');
    },
  };
  return { payloads, built, released, maxOutstanding: () => maxOutstanding };
}

const drainerFor = (payloads: PayloadSource) => new Drainer({ db: () => db, payloads, clock: () => now, concurrency: CONCURRENCY, claimant: { owner: 'drain-test', leaseMs: 30_000 } });

describe('drain scheduling', () => {
  it('builds ahead while sending, reads back only once everything is sent, and refills idle lanes', async () => {
    queuePhotos(PHOTOS);
    const p = recordingPayloads();
    const drainer = drainerFor(p.payloads);
    try {
      expect(await drainer.drainOnce()).toBe(2 * PHOTOS);
    } finally {
      drainer.close();
    }
    expect(syncCounts(db).counts).toMatchObject({ verified: PHOTOS, queued: 0, in_flight: 0, delivered: 0, failed: 0 });
    // The wire never carries more than a lane each; both kinds of exchange use every lane.
    expect(inFlight.maxStow).toBe(CONCURRENCY);
    expect(inFlight.maxWado).toBe(CONCURRENCY);
    // Lookahead: before the first reply, every lane had built its current photo and its next one.
    const firstReply = events.findIndex((e) => e.startsWith('stow-'));
    expect(events.slice(0, firstReply).filter((e) => e.startsWith('build'))).toHaveLength(2 * CONCURRENCY);
    expect(p.maxOutstanding()).toBe(2 * CONCURRENCY);
    // Sends first: the first read-back starts after the last send was answered.
    const lastStowReply = events.findLastIndex((e) => e.startsWith('stow-'));
    const firstWado = events.findIndex((e) => e.startsWith('wado+'));
    expect(firstWado).toBeGreaterThan(lastStowReply);
    // Every buffer went back once (release() refuses a second call), each photo built once.
    expect([...p.released].sort()).toEqual([...p.built].sort());
    expect(new Set(p.built).size).toBe(PHOTOS);
  });

  it('fails only the photo that cannot be built, with a local reason, and sends the others', async () => {
    const ids = queuePhotos(PHOTOS);
    const p = recordingPayloads(new Set([ids[4]!]));
    const drainer = drainerFor(p.payloads);
    try {
      await drainer.drainOnce();
    } finally {
      drainer.close();
    }
    const rows = db.prepare('SELECT photo_id, state, last_error FROM deliveries ORDER BY photo_id').all() as Array<{ photo_id: string; state: string; last_error: string | null }>;
    expect(rows.filter((r) => r.state !== 'verified')).toEqual([
      { photo_id: ids[4], state: 'failed', last_error: 'This workstation could not prepare the photo for delivery (BLOB_TAMPERED).' },
    ]);
    expect(events.filter((e) => e.startsWith('stow+'))).toHaveLength(PHOTOS - 1);
    expect([...p.released].sort()).toEqual([...p.built].sort());
  });

  it('rejects the pass when the outbox cannot be read, once every lane has given its buffers back', async () => {
    queuePhotos(PHOTOS);
    heldMs = 100;
    const p = recordingPayloads();
    const drainer = drainerFor(p.payloads);
    const drained = drainer.drainOnce();
    await new Promise((r) => setTimeout(r, 30));
    db.close(); // as when the workspace closes under the worker
    try {
      await expect(drained).rejects.toThrow(/database connection is not open/);
    } finally {
      drainer.close();
    }
    expect(p.built.length).toBeGreaterThan(0);
    expect([...p.released].sort()).toEqual([...p.built].sort());
  });

  it('on stop, lets the exchanges in progress finish and takes no further rows', async () => {
    queuePhotos(PHOTOS);
    heldMs = 150;
    const p = recordingPayloads();
    const drainer = drainerFor(p.payloads);
    const drained = drainer.drainOnce();
    await new Promise((r) => setTimeout(r, 50));
    drainer.requestStop();
    let touched: number;
    try {
      touched = await drained;
    } finally {
      drainer.close();
    }
    // The sends on the wire when the stop came were completed and recorded; nothing else started.
    expect(touched).toBe(CONCURRENCY);
    expect(events.filter((e) => e.startsWith('stow+'))).toHaveLength(CONCURRENCY);
    expect(syncCounts(db).counts).toMatchObject({ delivered: CONCURRENCY, queued: PHOTOS - CONCURRENCY, in_flight: 0 });
    // Payloads built ahead for rows never claimed went back too.
    expect([...p.released].sort()).toEqual([...p.built].sort());
  });

  it('on abort, cuts the exchanges on the wire and gives their rows back, due now and unclaimed', async () => {
    queuePhotos(PHOTOS);
    heldMs = 5_000;
    const p = recordingPayloads();
    const drainer = drainerFor(p.payloads);
    const drained = drainer.drainOnce();
    while (events.filter((e) => e.startsWith('stow+')).length < CONCURRENCY) await new Promise((r) => setTimeout(r, 10));
    expect(db.prepare("SELECT count(*) FROM deliveries WHERE state = 'in_flight' AND claimed_by = 'drain-test'").pluck().get()).toBe(CONCURRENCY);
    drainer.requestStop();
    drainer.abort();
    try {
      await drained;
    } finally {
      drainer.close();
    }
    // Nothing was answered; every row is queued again, unclaimed, without a failure recorded.
    expect(events.filter((e) => e.startsWith('stow-'))).toHaveLength(0);
    const rows = db.prepare('SELECT state, claimed_by, claim_expires_at, last_error, next_attempt_at <= ? AS due FROM deliveries').all(now.toISOString());
    expect(rows).toHaveLength(PHOTOS);
    for (const row of rows) expect(row).toEqual({ state: 'queued', claimed_by: null, claim_expires_at: null, last_error: null, due: 1 });
    expect([...p.released].sort()).toEqual([...p.built].sort());
  });
});
