// One correction of a photo, as every path makes it (docs/corrections.md): the photo's own
// correction (site, side, view, encounter), a move to another patient, a merge moving all of a
// record's photos, and a soft delete. Each checks what it is given, changes the row, records the
// correction with before and after, and takes the change to the receiving systems (re-delivery,
// with the consent gate asked again; or the copies flagged). The handler checks permission and
// access and writes the audit record in the same transaction.
import type { Laterality } from '../../../shared/value-sets/views';
import { lateralitiesFor } from '../../../shared/value-sets/views';
import { findBodySite } from '../../../shared/value-sets/body-sites';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { getEncounter } from '../patients/encounters';
import {
  applyPhotoChange,
  getPhotoFacts,
  insertPhotoCorrection,
  restoreDeletedPhoto,
  softDeletePhoto,
  type PhotoChange,
  type PhotoFacts,
  type RemoteOutcome,
} from '../photos/corrections';
import { enqueueDeliveries } from '../sync/outbox';
import { redeliverCorrectedPhoto, withdrawDeletedPhoto, type TargetOutcome } from '../sync/correction-deliveries';

export interface PhotoCorrectionResult {
  readonly correctionId: string;
  readonly photoId: string;
  readonly revision: number;
  readonly remoteOutcome: RemoteOutcome;
  readonly targets: TargetOutcome[];
}

export interface PhotoCorrectionInput {
  readonly bodySiteCode?: string;
  readonly laterality?: Laterality;
  readonly view?: string;
  /** Another encounter of the photo's patient (after a move, of the new patient); null: none. */
  readonly encounterId?: string | null;
  /** Another patient: a move (its own permission, checked by the handler). */
  readonly patientId?: string;
}

interface Who {
  readonly at: Date;
  readonly userId: string;
  readonly reason: string;
  readonly mergeId?: string;
}

/** A live photo: a deleted one is restored before it is corrected. */
export function getLivePhotoFacts(db: Db, photoId: string): PhotoFacts {
  const facts = getPhotoFacts(db, photoId);
  if (facts.deletedAt) throw new CoreError('NOT_FOUND', 'This photo was deleted; restore it before correcting it.', { photoId: 'was deleted' });
  return facts;
}

/** The change the input asks for, checked against the value sets and the photo's patient. */
function changeFor(db: Db, facts: PhotoFacts, input: PhotoCorrectionInput): PhotoChange {
  const patientId = input.patientId ?? facts.patientId;
  const siteCode = input.bodySiteCode ?? facts.bodySiteCode;
  const site = siteCode === null ? undefined : findBodySite(siteCode);
  if (input.bodySiteCode !== undefined && !site) throw invalid('bodySiteCode', 'is not a body site in the shipped value set');
  const laterality = input.laterality ?? facts.laterality;
  if ((input.bodySiteCode !== undefined || input.laterality !== undefined) && site && laterality && !lateralitiesFor(site.paired).includes(laterality)) {
    throw invalid('laterality', site.paired ? 'must be left, right or bilateral for this site' : 'must be unpaired for this site');
  }
  if (input.laterality !== undefined && !site) throw invalid('bodySiteCode', 'choose the body site with the side');
  // An encounter belongs to one patient: a photo moved to another patient leaves its encounter
  // unless one of the new patient's is named.
  let encounterId = input.encounterId !== undefined ? input.encounterId : facts.encounterId;
  if (input.patientId !== undefined && input.patientId !== facts.patientId && input.encounterId === undefined) encounterId = null;
  if (encounterId !== null && getEncounter(db, encounterId).patientId !== patientId) throw invalid('encounterId', "is not one of this patient's encounters");
  const change: PhotoChange = {
    ...(patientId !== facts.patientId ? { patientId } : {}),
    ...(encounterId !== facts.encounterId ? { encounterId } : {}),
    ...(site && site.code !== facts.bodySiteCode ? { bodySite: { code: site.code, display: site.display } } : {}),
    ...(laterality !== null && laterality !== facts.laterality ? { laterality } : {}),
    ...(input.view !== undefined && input.view !== facts.view ? { view: input.view } : {}),
  };
  if (Object.keys(change).length === 0) throw new CoreError('VALIDATION_FAILED', 'Nothing was changed.', { reason: 'change at least one field' });
  return change;
}

const invalid = (field: string, message: string) => new CoreError('VALIDATION_FAILED', 'The correction is not valid.', { [field]: message });

/** The facts a correction record keeps: identifiers and codes, never names. */
const factsOf = (f: PhotoFacts | PhotoChange & Partial<PhotoFacts>): Record<string, unknown> => ({
  patientId: f.patientId,
  encounterId: f.encounterId,
  bodySite: 'bodySite' in f && f.bodySite ? f.bodySite : 'bodySiteCode' in f && f.bodySiteCode ? { code: f.bodySiteCode, display: f.bodySiteDisplay } : null,
  laterality: f.laterality,
  view: f.view,
});

/** Sums up what the receiving systems hold now: a superseded DICOM instance stays at the PACS. */
export function remoteOutcomeOf(targets: readonly TargetOutcome[]): RemoteOutcome {
  if (targets.some((t) => t.action === 'flagged' || (t.kind === 'dicom' && t.previousRemoteId !== null))) return 'flagged';
  return targets.some((t) => t.action === 'requeued') ? 'requeued' : 'none';
}

/** Corrects the photo (a move included) and queues the corrected version where it went. */
export function correctPhoto(db: Db, who: Who, photoId: string, input: PhotoCorrectionInput): PhotoCorrectionResult {
  const facts = getLivePhotoFacts(db, photoId);
  const change = changeFor(db, facts, input);
  return record(db, who, facts, change);
}

/** Moves every photo of a merged record (deleted ones too, which are not sent again). */
export function movePhotoForMerge(db: Db, who: Who & { mergeId: string }, photoId: string, intoPatientId: string): PhotoCorrectionResult {
  const facts = getPhotoFacts(db, photoId);
  return record(db, who, facts, { patientId: intoPatientId });
}

function record(db: Db, who: Who, facts: PhotoFacts, change: PhotoChange): PhotoCorrectionResult {
  const revision = applyPhotoChange(db, facts.id, change);
  const targets = facts.deletedAt ? [] : redeliverCorrectedPhoto(db, facts.id, who.at);
  const remoteOutcome = remoteOutcomeOf(targets);
  const before = Object.fromEntries(Object.keys(change).map((k) => [k, factsOf(facts)[k]]));
  const after = { ...Object.fromEntries(Object.keys(change).map((k) => [k, factsOf({ ...facts, ...change })[k]])), targets };
  const correctionId = insertPhotoCorrection(db, { photoId: facts.id, kind: 'edit', at: who.at, userId: who.userId, reason: who.reason, before, after, revision, mergeId: who.mergeId ?? null, remoteOutcome });
  return { correctionId, photoId: facts.id, revision, remoteOutcome, targets };
}

/** Soft delete: hidden everywhere, kept until retention purges it; copies that left are flagged. */
export function deletePhoto(db: Db, who: Who, photoId: string): PhotoCorrectionResult {
  const facts = getLivePhotoFacts(db, photoId);
  const targets = withdrawDeletedPhoto(db, photoId, who.at);
  softDeletePhoto(db, photoId, who.at, who.userId, who.reason);
  const remoteOutcome = remoteOutcomeOf(targets);
  const correctionId = insertPhotoCorrection(db, { photoId, kind: 'delete', at: who.at, userId: who.userId, reason: who.reason, before: { deleted: false }, after: { deleted: true, targets }, revision: facts.revision, remoteOutcome });
  return { correctionId, photoId, revision: facts.revision, remoteOutcome, targets };
}

/** Undoes a soft delete; the photo is queued again for targets it had not reached. */
export function restorePhoto(db: Db, who: Who, photoId: string): PhotoCorrectionResult {
  const facts = getPhotoFacts(db, photoId);
  if (!facts.deletedAt) throw new CoreError('VALIDATION_FAILED', 'This photo is not deleted.', { photoId: 'is not deleted' });
  restoreDeletedPhoto(db, photoId);
  enqueueDeliveries(db, photoId, who.at);
  const correctionId = insertPhotoCorrection(db, { photoId, kind: 'restore', at: who.at, userId: who.userId, reason: who.reason, before: { deleted: true }, after: { deleted: false }, revision: facts.revision, remoteOutcome: 'none' });
  return { correctionId, photoId, revision: facts.revision, remoteOutcome: 'none', targets: [] };
}
