// The outbox's side of corrections (docs/corrections.md, "At the receiving systems"). A photo that
// already left is corrected there too: its deliveries go back to the queue, and the worker sends
// the corrected version (a new DICOM instance under a new SOP Instance UID, per IHE Image Object
// Change Management; a conditional update of the FHIR Media, DocumentReference and BodyStructure).
// Before anything is re-sent the consent gate is asked again (a photo moved to another patient
// falls under that patient's consents); a refused row is held with the reason, not sent. The DICOM
// instance the correction supersedes stays at the PACS: it is listed with the correction as a copy
// to reject there (flagged), never silently left looking current. A deleted photo's rows that
// never left are dropped; rows whose copy is at a target stay, and that copy is flagged.
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { releaseOrHold } from './consent-holds';
import type { DeliveryRow } from './outbox';

/** What happened at one target because of a correction. */
export interface TargetOutcome {
  readonly targetId: string;
  readonly targetName: string;
  readonly kind: 'dicom' | 'fhir';
  /**
   * `requeued`: the corrected version is queued (and `heldForConsent` says whether the gate holds it);
   * `pending`: it had not left yet and will leave corrected; `dropped`: never left, no longer queued
   * (a deleted photo); `flagged`: a copy stays at the target and must be rejected or removed there.
   */
  readonly action: 'requeued' | 'pending' | 'dropped' | 'flagged';
  /** The copy the target held before (DICOM: study/series/instance UIDs; FHIR: the Media id), if any. */
  readonly previousRemoteId: string | null;
  readonly heldForConsent: string | null;
}

type Row = DeliveryRow & { target_name: string };

const rowsOf = (db: Db, photoId: string): Row[] =>
  db.prepare('SELECT d.*, t.name AS target_name FROM deliveries d JOIN delivery_targets t ON t.id = d.target_id WHERE d.photo_id = ? ORDER BY t.name').all(photoId) as Row[];

/** A row a worker holds right now: correcting under it would race the send of the old version. */
function refuseWhileSending(rows: readonly Row[], at: Date): void {
  const now = at.toISOString();
  if (rows.some((r) => r.state === 'in_flight' && r.claim_expires_at !== null && r.claim_expires_at > now)) {
    throw new CoreError('DELIVERY_IN_PROGRESS', 'The photo is being sent right now. Try the correction again in a moment.');
  }
}

/** Whether a copy of the photo may be at the target (it was sent, or a send may have reached it). */
const mayHaveLeft = (r: Row): boolean => r.remote_id !== null || r.state === 'delivered' || r.state === 'verified' || r.state === 'in_flight';

/**
 * Queues the corrected photo again for every target it went to or was going to, and asks the gate
 * for each. Call inside the correction's transaction, after the photo row is changed.
 */
export function redeliverCorrectedPhoto(db: Db, photoId: string, at: Date): TargetOutcome[] {
  const rows = rowsOf(db, photoId);
  refuseWhileSending(rows, at);
  const now = at.toISOString();
  const requeue = db.prepare(
    `UPDATE deliveries SET state = 'queued', attempts = 0, next_attempt_at = ?, last_error = NULL, remote_id = NULL, sent_sha256 = NULL,
       verified_sha256 = NULL, claimed_by = NULL, claim_expires_at = NULL, consent_hold = NULL, updated_at = ? WHERE id = ?`,
  );
  return rows.map((r) => {
    const left = mayHaveLeft(r);
    requeue.run(now, now, r.id);
    // The gate decides on the photo as it is now (its patient, site and that patient's consents).
    const released = releaseOrHold(db, { id: r.id, photo_id: photoId, target_id: r.target_id, consent_hold: null }, at);
    const hold = released ? null : ((db.prepare('SELECT consent_hold FROM deliveries WHERE id = ?').pluck().get(r.id) as string | null) ?? 'Held by consent.');
    return {
      targetId: r.target_id,
      targetName: r.target_name,
      kind: r.kind,
      action: left ? 'requeued' : 'pending',
      previousRemoteId: r.remote_id,
      heldForConsent: hold,
    } satisfies TargetOutcome;
  });
}

/**
 * A deleted photo's deliveries: rows that never left are removed (nothing goes out any more); a
 * row whose copy may be at the target stays as the record of it, and that copy is flagged.
 */
export function withdrawDeletedPhoto(db: Db, photoId: string, at: Date): TargetOutcome[] {
  const rows = rowsOf(db, photoId);
  refuseWhileSending(rows, at);
  const drop = db.prepare('DELETE FROM deliveries WHERE id = ?');
  return rows.map((r) => {
    const left = mayHaveLeft(r);
    if (!left) drop.run(r.id);
    return { targetId: r.target_id, targetName: r.target_name, kind: r.kind, action: left ? 'flagged' : 'dropped', previousRemoteId: r.remote_id, heldForConsent: null } satisfies TargetOutcome;
  });
}

