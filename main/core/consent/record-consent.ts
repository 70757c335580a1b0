// Recording a consent (docs/consent.md, "What is recorded"): a signed one (the template version the
// patient saw, checked by the hash of the shown text; the signers; who checked identity; the
// signature's pointer stream; its PDF) or a scanned paper one. The document is sealed in the blob
// store like a photo; its row, the consent, its decisions and the audit record (which carries the
// document's SHA-256 into the hash chain) commit in one transaction, or none of it does and the
// sealed file is removed. A new consent releases the patient's deliveries held for consent and
// queues its FHIR copy.
import type { ConsentPdfInput, ConsentRecord, ScopeDecision, Signature } from '../../../shared/consent';
import type { ParsedRequestOf } from '../../../shared/contract';
import { CoreError } from '../../../shared/errors';
import { workstationIdOf } from '../audit/audit';
import { clinicName } from '../auth/users';
import { insertBlobRows } from '../blobs/blob-rows';
import type { BlobRecord } from '../blobs/blob-store';
import { getPatient } from '../patients/patients';
import { photoIdsOfPatient } from '../photos/photo-lookups';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { newId } from '../support/ids';
import { releaseConsentHolds } from '../sync/consent-holds';
import { queueConsentDelivery } from '../sync/consent-outbox';
import { getConsentRow, insertConsent, scopeRowsOf, type NewConsent } from './records';
import { validateScan, validateSignaturePng } from './scan';
import { renderSignedRecord } from './signed-document';
import { consentView, dayOf } from './state';
import { getTemplate, showTemplate } from './templates';

/** A signature needs this many samples and this extent (CSS px) on the pad: a dot or a tick is not one. */
export const MIN_SIGNATURE_POINTS = 10;
export const MIN_SIGNATURE_EXTENT = 40;
/** How far the pad's clock may be from the core's (the signing time is the pad's). */
const SIGNED_AT_SKEW_MS = 24 * 60 * 60_000;

function checkSignatureShape(sig: Signature): void {
  const points = sig.strokes.flat();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  if (points.length < MIN_SIGNATURE_POINTS || extent < MIN_SIGNATURE_EXTENT) {
    throw new CoreError('VALIDATION_FAILED', 'The signature is empty or too short; ask the signer to sign again.', { signature: 'is too short' });
  }
}

const scopesDetail = (ds: readonly ScopeDecision[]) => ds.map((d) => `${d.scope}:${d.decision}${d.expiresOn ? `@${d.expiresOn}` : ''}`).join(',');

/** Seals the document, then commits everything with the audit record; removes the file on failure. */
async function commitConsent(s: CoreServices, document: Buffer, build: (blob: BlobRecord) => NewConsent, audit: (c: NewConsent) => void): Promise<ConsentRecord> {
  const { db, blobs } = s.workspace();
  const blob = await blobs.put(document);
  try {
    const consent = s.write(() => {
      const c = build(blob);
      insertBlobRows(db, [blob], s.clock());
      insertConsent(db, c);
      audit(c);
      queueConsentDelivery(db, c.id, s.clock());
      releaseConsentHolds(db, photoIdsOfPatient(db, c.patientId), s.clock());
      return c;
    });
    s.sync.kick();
    return consentView(getConsentRow(db, consent.id), scopeRowsOf(db, [consent.id]), s.clock());
  } catch (error) {
    await blobs.discard(blob.fileName);
    throw error;
  }
}

export async function recordSignedConsent(s: CoreServices, ctx: CallContext, req: ParsedRequestOf<'consent', 'recordSigned'>): Promise<ConsentRecord> {
  const user = s.actor(ctx).user;
  const { db } = s.workspace();
  const patient = getPatient(db, req.patientId);
  s.requirePatientAccess(ctx, patient.id);
  const now = s.clock();
  const signedAt = new Date(req.signedAt);
  if (Math.abs(signedAt.getTime() - now.getTime()) > SIGNED_AT_SKEW_MS) {
    throw new CoreError('VALIDATION_FAILED', "The signing time is far from this workstation's clock.", { signedAt: 'is not now' });
  }
  const clinic = clinicName(db);
  const shown = showTemplate(getTemplate(db, req.template.templateId, req.template.version), clinic);
  if (shown.shownSha256 !== req.template.sha256) {
    throw new CoreError('CONSENT_TEMPLATE_CHANGED', 'The form shown is not the stored version of the template; reopen the form and sign again.');
  }
  checkSignatureShape(req.signature);
  const png = await validateSignaturePng(req.signature.png);
  const id = newId();
  const workstationId = workstationIdOf(db);
  const { png: _png, ...strokes } = req.signature;
  const input: ConsentPdfInput = {
    consentId: id,
    clinicName: clinic,
    workstationId,
    patient: { name: `${patient.familyName}, ${patient.givenName}`, mrn: patient.mrn, birthDate: patient.birthDate },
    template: { id: shown.template.id, version: shown.template.version, name: shown.template.name, language: shown.template.language },
    text: shown.shownText,
    textSha256: shown.shownSha256,
    decisions: req.decisions,
    limits: req.limits,
    signers: req.signers,
    identityCheck: { staffName: user.displayName, method: req.identityCheck.method, note: req.identityCheck.note },
    signature: { png, strokes: strokes.strokes, padWidth: strokes.padWidth, padHeight: strokes.padHeight, devicePixelRatio: strokes.devicePixelRatio },
    signedAt: signedAt.toISOString(),
    recordedAt: now.toISOString(),
    recordedBy: user.displayName,
  };
  const pdf = await renderSignedRecord(input);
  return commitConsent(
    s,
    pdf,
    (blob) => ({
      id,
      patientId: patient.id,
      kind: 'signed',
      template: { id: shown.template.id, version: shown.template.version },
      textShown: shown.shownText,
      textSha256: shown.shownSha256,
      decisions: req.decisions,
      limits: req.limits,
      signers: req.signers,
      identityCheck: req.identityCheck,
      signature: strokes,
      document: { blobId: blob.id, mime: 'application/pdf', sha256: blob.sha256 },
      signedAt: input.signedAt,
      recordedAt: input.recordedAt,
      recordedBy: user.id,
      workstationId,
    }),
    (c) =>
      s.audit({
        userId: user.id,
        action: 'consent.record',
        outcome: 'success',
        patientId: c.patientId,
        detail: `consent=${c.id};template=${shown.template.id}@${shown.template.version};text_sha256=${c.textSha256};pdf_sha256=${c.document.sha256};scopes=${scopesDetail(c.decisions)};identity=${req.identityCheck.method};signer=${req.signers.signer.role}`,
      }),
  );
}

export interface PaperConsentInput {
  readonly patientId: string;
  readonly decisions: readonly ScopeDecision[];
  readonly limits: NewConsent['limits'];
  readonly signedOn: string;
  readonly signers: NewConsent['signers'];
  readonly scan: Uint8Array;
}

export async function recordPaperConsent(s: CoreServices, ctx: CallContext, req: PaperConsentInput): Promise<ConsentRecord> {
  const user = s.actor(ctx).user;
  const { db } = s.workspace();
  const patient = getPatient(db, req.patientId);
  s.requirePatientAccess(ctx, patient.id);
  const now = s.clock();
  if (req.signedOn > dayOf(now)) throw new CoreError('VALIDATION_FAILED', 'The date signed is in the future.', { signedOn: 'is in the future' });
  const mime = await validateScan(req.scan);
  const scan = Buffer.from(req.scan.buffer, req.scan.byteOffset, req.scan.byteLength);
  return commitConsent(
    s,
    scan,
    (blob) => ({
      id: newId(),
      patientId: patient.id,
      kind: 'paper',
      template: null,
      textShown: null,
      textSha256: null,
      decisions: req.decisions,
      limits: req.limits,
      signers: req.signers,
      identityCheck: null,
      signature: null,
      document: { blobId: blob.id, mime, sha256: blob.sha256 },
      signedAt: `${req.signedOn}T00:00:00.000Z`,
      recordedAt: now.toISOString(),
      recordedBy: user.id,
      workstationId: workstationIdOf(db),
    }),
    (c) =>
      s.audit({
        userId: user.id,
        action: 'consent.record-paper',
        outcome: 'success',
        patientId: c.patientId,
        detail: `consent=${c.id};scan_sha256=${c.document.sha256};mime=${mime};scopes=${scopesDetail(c.decisions)}`,
      }),
  );
}
