// Claims between sync workers on one outbox (an in-memory database at the latest schema): a claim
// keeps other workers off a row until its lease ends, renewal keeps it, a worker records a step only
// on a row it still holds, an expired claim is taken over (and no longer holds back its target's
// read-backs), a release gives rows back at once, and the status names what waits on something
// other than the network.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { deliveriesForPhotos, enqueueDeliveries, syncCounts } from './outbox';
import {
  claimForReadBack,
  claimForSend,
  dueDeliveries,
  markDelivered,
  markVerified,
  nextDueAt,
  releaseClaims,
  renewClaims,
  type Claimant,
} from './outbox-steps';
import { createTarget } from './targets';
import { outboxDatabase } from './test-helpers';

const LEASE = 1_000;
const A: Claimant = { owner: 'process-a', leaseMs: LEASE };
const B: Claimant = { owner: 'process-b', leaseMs: LEASE };
const t0 = new Date('2026-03-01T10:00:00.000Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

let db: Db;
let ids: string[];
beforeEach(() => {
  const outbox = outboxDatabase();
  db = outbox.db;
  createTarget(db, { name: 'PACS', kind: 'dicomweb', baseUrl: 'https://pacs.example.org/dw', authKind: 'none' }, 'u1', t0);
  ids = ['a', 'b', 'c'].map((ch, i) => {
    const photoId = ch.repeat(32);
    outbox.addPhoto(photoId, t0);
    enqueueDeliveries(db, photoId, after(i - 3));
    return deliveriesForPhotos(db, [photoId])[0]!.id;
  });
});

const row = (id: string) => db.prepare('SELECT state, attempts, claimed_by, claim_expires_at FROM deliveries WHERE id = ?').get(id);
const offered = (at: Date) => dueDeliveries(db, at, 10).map((r) => [r.id, r.state]);

describe('claims on outbox rows', () => {
  it('keep other workers off a row until the lease ends, then let one take it over', () => {
    const [x] = ids as [string];
    expect(claimForSend(db, x, A, t0)).toBe(true);
    expect(row(x)).toEqual({ state: 'in_flight', attempts: 1, claimed_by: A.owner, claim_expires_at: after(LEASE).toISOString() });
    expect(claimForSend(db, x, B, after(LEASE - 1))).toBe(false);
    expect(offered(after(LEASE - 1)).map(([id]) => id)).not.toContain(x);
    // Expired: offered first, as a send, and B's claim replaces A's.
    expect(offered(after(LEASE))[0]).toEqual([x, 'in_flight']);
    expect(claimForSend(db, x, B, after(LEASE))).toBe(true);
    expect(row(x)).toMatchObject({ state: 'in_flight', attempts: 2, claimed_by: B.owner });
    // A comes back late: its record of the send is refused, the row stays B's.
    expect(markDelivered(db, x, A.owner, 'remote', 'hash', after(LEASE + 1))).toBe(false);
    expect(row(x)).toMatchObject({ state: 'in_flight', claimed_by: B.owner });
    expect(markDelivered(db, x, B.owner, 'remote', 'hash', after(LEASE + 2))).toBe(true);
    expect(row(x)).toMatchObject({ state: 'delivered', claimed_by: null, claim_expires_at: null });
  });

  it('last as long as the worker renews them, and only the rows it still holds', () => {
    const [x, y] = ids as [string, string];
    claimForSend(db, x, A, t0);
    claimForSend(db, y, B, t0);
    expect(renewClaims(db, [x, y], A, after(LEASE - 10))).toBe(1);
    expect(offered(after(LEASE)).map(([id]) => id)).toEqual([y, ids[2]]);
    expect(claimForSend(db, x, B, after(LEASE))).toBe(false);
    expect(row(y)).toMatchObject({ claimed_by: B.owner });
    expect(renewClaims(db, [], A, t0)).toBe(0);
  });

  it('are given back at once on release: a send is queued again, due now; a read-back stays delivered', () => {
    const [x, y] = ids as [string, string];
    claimForSend(db, x, A, t0);
    claimForSend(db, y, A, t0);
    markDelivered(db, y, A.owner, 'remote', 'hash', t0);
    expect(claimForReadBack(db, y, A, after(1))).toBe(2);
    expect(claimForReadBack(db, y, B, after(2))).toBeNull();
    expect(releaseClaims(db, A.owner, after(5))).toBe(2);
    expect(row(x)).toEqual({ state: 'queued', attempts: 1, claimed_by: null, claim_expires_at: null });
    expect(row(y)).toEqual({ state: 'delivered', attempts: 2, claimed_by: null, claim_expires_at: null });
    expect(offered(after(5))).toEqual([
      [ids[2], 'queued'],
      [x, 'queued'],
    ]);
    expect(claimForSend(db, x, B, after(6))).toBe(true);
  });

  it('hold back their target’s read-backs only while they live', () => {
    const [x, y, z] = ids as [string, string, string];
    for (const id of [x, y]) {
      claimForSend(db, id, A, t0);
      markDelivered(db, id, A.owner, `remote-${id}`, 'hash', t0);
    }
    claimForSend(db, z, A, t0);
    // z is on the wire under A's live claim: x and y wait for their read-back.
    expect(offered(after(10))).toEqual([]);
    expect(nextDueAt(db)).toEqual(after(-3));
    // A died: once its lease is over, z is taken over and no longer holds x and y back.
    expect(offered(after(LEASE))).toEqual([
      [z, 'in_flight'],
      [x, 'delivered'],
      [y, 'delivered'],
    ]);
    // A read-back under a live claim is not offered to another worker; verified only by its holder.
    expect(claimForReadBack(db, x, B, after(LEASE))).toBe(2);
    expect(offered(after(LEASE)).map(([id]) => id)).not.toContain(x);
    expect(markVerified(db, x, A.owner, 'hash', after(LEASE))).toBe(false);
    expect(markVerified(db, x, B.owner, 'hash', after(LEASE))).toBe(true);
  });

  it("hold back only their own worker's read-backs, not another process's", () => {
    const [x, y, z] = ids as [string, string, string];
    claimForSend(db, x, A, t0);
    markDelivered(db, x, A.owner, 'remote-x', 'hash', t0);
    claimForSend(db, y, B, t0);
    claimForSend(db, z, B, t0);
    // B's slow uploads do not keep A from reading x back; B's own read-backs would wait for them.
    expect(dueDeliveries(db, after(10), 10, [], A.owner).map((r) => r.id)).toEqual([x]);
    expect(dueDeliveries(db, after(10), 10, [], B.owner)).toEqual([]);
    expect(dueDeliveries(db, after(10), 10, [])).toEqual([]);
  });

  it('wake a sleeping worker when a lease ends', () => {
    const [x, y, z] = ids as [string, string, string];
    for (const id of [x, y, z]) claimForSend(db, id, A, t0);
    expect(nextDueAt(db)).toEqual(after(LEASE));
  });
});

describe('what the status says waits on something other than the network', () => {
  it('names a held capture and an expired claim, and nothing else', () => {
    const [x, y] = ids as [string, string];
    const held = 'd'.repeat(32);
    db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES ('ho', 'ho', x'00', 1, 1, 'h', 'now'), ('ht', 'ht', x'00', 1, 1, 'h', 'now')").run();
    db.prepare(
      `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height, original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
       VALUES (?, 'p1', NULL, ?, 'u1', 'camera', 'sim', 'image/jpeg', 10, 10, 'ho', 'ht', 10, 10)`,
    ).run(held, t0.toISOString());
    enqueueDeliveries(db, held, t0, after(15 * 60_000));
    claimForSend(db, x, A, t0);
    claimForSend(db, y, A, t0);
    renewClaims(db, [y], A, after(LEASE / 2));
    const at = after(LEASE);
    expect(syncCounts(db, at)).toMatchObject({ counts: { queued: 2, in_flight: 2 }, waiting: { held: 1, takeover: 1 } });
    const waits = deliveriesForPhotos(db, ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32), held], at).map((d) => [d.photoId[0], d.state, d.waitingFor]);
    expect(waits).toEqual([
      ['a', 'in_flight', 'takeover'],
      ['b', 'in_flight', null],
      ['c', 'queued', null],
      ['d', 'queued', 'held'],
    ]);
  });
});
