// The outbox's rules for corrections, on a real database without a core: a corrected photo's rows
// go back to the queue with what the target held before; the consent gate is asked again before
// anything is re-sent (a refused row is held with the reason); a photo being sent right now is not
// corrected under the worker's feet; a deleted photo's unsent rows are dropped and the copies that
// left are flagged.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { redeliverCorrectedPhoto, withdrawDeletedPhoto } from './correction-deliveries';
import { outboxDatabase } from './test-helpers';

const AT = new Date('2026-03-01T10:00:00.000Z');
let db: Db;

beforeEach(() => {
  const o = outboxDatabase();
  db = o.db;
  o.addPhoto('ph1', new Date('2026-02-01T09:00:00.000Z'));
  db.exec(`
    INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, purpose, created_at, updated_at) VALUES
      ('t-pacs', 'PACS', 'dicomweb', 'https://pacs.example/dicom-web', 'none', 'clinical', 'n', 'n'),
      ('t-teach', 'Teaching file', 'fhir', 'https://teach.example/fhir', 'none', 'education', 'n', 'n'),
      ('t-emr', 'EMR', 'fhir', 'https://emr.example/fhir', 'none', 'clinical', 'n', 'n');
  `);
});

const addDelivery = (id: string, target: string, kind: 'dicom' | 'fhir', state: string, extra: { remote?: string; claimUntil?: string } = {}) =>
  db
    .prepare(
      `INSERT INTO deliveries (id, photo_id, target_id, kind, state, attempts, next_attempt_at, remote_id, sent_sha256, claimed_by, claim_expires_at, created_at, updated_at)
       VALUES (?, 'ph1', ?, ?, ?, 1, 'n', ?, ?, ?, ?, 'n', 'n')`,
    )
    .run(id, target, kind, state, extra.remote ?? null, extra.remote ? 'ab' : null, extra.claimUntil ? 'worker-1' : null, extra.claimUntil ?? null);

const rows = () => db.prepare('SELECT id, state, remote_id, consent_hold IS NOT NULL AS held FROM deliveries ORDER BY id').all();

describe('re-delivering a corrected photo', () => {
  it('queues every row again, keeps what the target held before, and holds what the consent no longer allows', () => {
    addDelivery('d1', 't-pacs', 'dicom', 'verified', { remote: '1.2/1.3/1.4' });
    addDelivery('d2', 't-teach', 'fhir', 'verified', { remote: 'Media/7' });
    addDelivery('d3', 't-emr', 'fhir', 'queued');
    const outcomes = redeliverCorrectedPhoto(db, 'ph1', AT);
    expect(outcomes.map((o) => [o.targetName, o.action, o.previousRemoteId, o.heldForConsent !== null])).toEqual([
      ['EMR', 'pending', null, false],
      ['PACS', 'requeued', '1.2/1.3/1.4', false],
      ['Teaching file', 'requeued', 'Media/7', true],
    ]);
    expect(rows()).toEqual([
      { id: 'd1', state: 'queued', remote_id: null, held: 0 },
      // Education needs a consent this patient does not have: held, not sent.
      { id: 'd2', state: 'queued', remote_id: null, held: 1 },
      { id: 'd3', state: 'queued', remote_id: null, held: 0 },
    ]);
    // The gate's refusal is in the audit trail, as for any held delivery.
    expect(db.prepare("SELECT count(*) FROM audit_events WHERE action = 'consent.release-refused' AND photo_id = 'ph1'").pluck().get()).toBe(1);
  });

  it('refuses while a worker is sending the photo, and changes nothing', () => {
    addDelivery('d1', 't-pacs', 'dicom', 'in_flight', { claimUntil: '2026-03-01T10:05:00.000Z' });
    expect(() => redeliverCorrectedPhoto(db, 'ph1', AT)).toThrow(expect.objectContaining({ code: 'DELIVERY_IN_PROGRESS' }));
    expect(rows()).toEqual([{ id: 'd1', state: 'in_flight', remote_id: null, held: 0 }]);
  });

  it('takes over a row whose worker stopped renewing its claim', () => {
    addDelivery('d1', 't-pacs', 'dicom', 'in_flight', { claimUntil: '2026-03-01T09:00:00.000Z' });
    expect(redeliverCorrectedPhoto(db, 'ph1', AT).map((o) => o.action)).toEqual(['requeued']);
  });
});

describe("a deleted photo's deliveries", () => {
  it('drops the rows that never left and flags the copies that did', () => {
    addDelivery('d1', 't-pacs', 'dicom', 'verified', { remote: '1.2/1.3/1.4' });
    addDelivery('d2', 't-emr', 'fhir', 'queued');
    addDelivery('d3', 't-teach', 'fhir', 'failed');
    const outcomes = withdrawDeletedPhoto(db, 'ph1', AT);
    expect(outcomes.map((o) => [o.targetName, o.action])).toEqual([
      ['EMR', 'dropped'],
      ['PACS', 'flagged'],
      ['Teaching file', 'dropped'],
    ]);
    expect(rows()).toEqual([{ id: 'd1', state: 'verified', remote_id: '1.2/1.3/1.4', held: 0 }]);
  });
});
