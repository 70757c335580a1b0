// Consent records: the one owner of the `consents`, `consent_scopes` and `consent_withdrawals`
// tables. A consent is written once with its decisions; afterwards only a withdrawal is added (the
// tables' triggers keep decisions from changing or going). The answers here are raw rows; what a
// scope's state is at a given time is state.ts's question.
import { CONSENT_SCOPES, type ConsentLimits, type ConsentScope, type IdentityCheck, type Signature, type Signers, type ScopeDecision } from '../../../shared/consent';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

export interface ConsentRow {
  id: string;
  patient_id: string;
  kind: 'signed' | 'paper';
  template_id: string | null;
  template_version: number | null;
  template_name: string | null;
  template_language: string | null;
  text_shown: string | null;
  text_sha256: string | null;
  body_sites: string | null;
  face_may_be_visible: 0 | 1;
  signers: string | null;
  identity_method: string | null;
  identity_note: string | null;
  document_blob_id: string;
  document_mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  document_sha256: string;
  signed_at: string;
  recorded_at: string;
  recorded_by: string;
  recorded_by_name: string;
  workstation_id: string;
}

export interface ScopeRow {
  consent_id: string;
  scope: ConsentScope;
  decision: 'grant' | 'refuse';
  expires_on: string | null;
  withdrawn_at: string | null;
}

export interface NewConsent {
  readonly id: string;
  readonly patientId: string;
  readonly kind: 'signed' | 'paper';
  readonly template: { readonly id: string; readonly version: number } | null;
  readonly textShown: string | null;
  readonly textSha256: string | null;
  readonly decisions: readonly ScopeDecision[];
  readonly limits: ConsentLimits;
  readonly signers: Signers | null;
  readonly identityCheck: IdentityCheck | null;
  /** The pointer stream and pad geometry (the PNG lives in the PDF). */
  readonly signature: Omit<Signature, 'png'> | null;
  readonly document: { readonly blobId: string; readonly mime: ConsentRow['document_mime']; readonly sha256: string };
  readonly signedAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly workstationId: string;
}

/** Inserts the consent and its decisions; call inside the transaction that records its blob and audit. */
export function insertConsent(db: Db, c: NewConsent): void {
  db.prepare(
    `INSERT INTO consents (id, patient_id, kind, template_id, template_version, text_shown, text_sha256, body_sites, face_may_be_visible,
       signers, identity_method, identity_note, signature, document_blob_id, document_mime, document_sha256, signed_at, recorded_at, recorded_by, workstation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    c.id,
    c.patientId,
    c.kind,
    c.template?.id ?? null,
    c.template?.version ?? null,
    c.textShown,
    c.textSha256,
    c.limits.bodySites === null ? null : JSON.stringify(c.limits.bodySites),
    c.limits.faceMayBeVisible ? 1 : 0,
    c.signers === null ? null : JSON.stringify(c.signers),
    c.identityCheck?.method ?? null,
    c.identityCheck?.note ?? null,
    c.signature === null ? null : JSON.stringify(c.signature),
    c.document.blobId,
    c.document.mime,
    c.document.sha256,
    c.signedAt,
    c.recordedAt,
    c.recordedBy,
    c.workstationId,
  );
  const scope = db.prepare('INSERT INTO consent_scopes (consent_id, scope, decision, expires_on) VALUES (?, ?, ?, ?)');
  for (const d of c.decisions) scope.run(c.id, d.scope, d.decision, d.expiresOn);
}

const SELECT = `
  SELECT c.*, t.name AS template_name, t.language AS template_language, u.display_name AS recorded_by_name
  FROM consents c
  LEFT JOIN consent_templates t ON t.id = c.template_id AND t.version = c.template_version
  JOIN users u ON u.id = c.recorded_by`;

/** A patient's consents, newest signature first. */
export function consentRowsOfPatient(db: Db, patientId: string): ConsentRow[] {
  return db.prepare(`${SELECT} WHERE c.patient_id = ? ORDER BY c.signed_at DESC, c.recorded_at DESC`).all(patientId) as ConsentRow[];
}

export function getConsentRow(db: Db, consentId: string): ConsentRow {
  const row = db.prepare(`${SELECT} WHERE c.id = ?`).get(consentId) as ConsentRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such consent.');
  return row;
}

/** The decisions of these consents, with when each was withdrawn (null: not withdrawn). */
export function scopeRowsOf(db: Db, consentIds: readonly string[]): ScopeRow[] {
  return db
    .prepare(
      `SELECT s.consent_id, s.scope, s.decision, s.expires_on, w.withdrawn_at
       FROM consent_scopes s LEFT JOIN consent_withdrawals w ON w.id = s.withdrawal_id
       WHERE s.consent_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(consentIds)) as ScopeRow[];
}

/**
 * Withdraws the consent's granted, not yet withdrawn decisions for `scopes` (all when null);
 * returns the scopes withdrawn. Forward-only: a withdrawn decision stays withdrawn.
 */
export function withdrawScopes(db: Db, consentId: string, scopes: readonly ConsentScope[] | null, by: string, at: Date, reason: string): ConsentScope[] {
  const open = db
    .prepare("SELECT scope FROM consent_scopes WHERE consent_id = ? AND decision = 'grant' AND withdrawal_id IS NULL")
    .pluck()
    .all(consentId) as ConsentScope[];
  const chosen = (scopes === null ? open : open.filter((s) => scopes.includes(s))).sort((a, b) => CONSENT_SCOPES.indexOf(a) - CONSENT_SCOPES.indexOf(b));
  if (chosen.length === 0) return [];
  const withdrawalId = newId();
  db.prepare('INSERT INTO consent_withdrawals (id, consent_id, withdrawn_at, withdrawn_by, reason) VALUES (?, ?, ?, ?, ?)').run(withdrawalId, consentId, at.toISOString(), by, reason);
  db.prepare('UPDATE consent_scopes SET withdrawal_id = ? WHERE consent_id = ? AND scope IN (SELECT value FROM json_each(?))').run(withdrawalId, consentId, JSON.stringify(chosen));
  return chosen;
}

/** The consent's pointer stream as stored (signed consents), for the FHIR Provenance. */
export function signatureOf(db: Db, consentId: string): Omit<Signature, 'png'> | null {
  const text = db.prepare('SELECT signature FROM consents WHERE id = ?').pluck().get(consentId) as string | null | undefined;
  return text ? (JSON.parse(text) as Omit<Signature, 'png'>) : null;
}
