// What a patient's consents say at a moment (docs/consent.md, "The consent in force"): for each use,
// the newest consent signed by then that decides it, and that decision's state then: granted,
// refused, withdrawn (a withdrawal recorded by then) or expired (its last day is before that
// day). Pure functions of rows, so the gate, the patient header and the list agree by construction.
import { CONSENT_SCOPES, type ConsentLimits, type ConsentRecord, type ConsentScope, type ScopeState, type ScopeStatus, type Signers } from '../../../shared/consent';
import type { ConsentRow, ScopeRow } from './records';

/** The calendar day of a moment, as expiry dates are written (UTC; docs/consent.md says why). */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

export function decisionStateAt(row: Pick<ScopeRow, 'decision' | 'expires_on' | 'withdrawn_at'>, at: Date): Exclude<ScopeState, 'none'> {
  if (row.withdrawn_at !== null && row.withdrawn_at <= at.toISOString()) return 'withdrawn';
  if (row.decision === 'refuse') return 'refused';
  if (row.expires_on !== null && row.expires_on < dayOf(at)) return 'expired';
  return 'granted';
}

export interface ScopeInForce {
  readonly scope: ConsentScope;
  readonly state: ScopeState;
  readonly consent: ConsentRow | null;
  readonly decision: ScopeRow | null;
}

/**
 * For one use, the consent in force at `at`: the newest consent signed by then that decides it
 * (consents newest first, as consentRowsOfPatient returns them).
 */
export function scopeInForce(consents: readonly ConsentRow[], scopes: readonly ScopeRow[], scope: ConsentScope, at: Date): ScopeInForce {
  const when = at.toISOString();
  for (const consent of consents) {
    if (consent.signed_at > when) continue;
    const decision = scopes.find((s) => s.consent_id === consent.id && s.scope === scope);
    if (decision) return { scope, state: decisionStateAt(decision, at), consent, decision };
  }
  return { scope, state: 'none', consent: null, decision: null };
}

/** Every use's state at `at`, for the patient header. */
export function patientScopeStatus(consents: readonly ConsentRow[], scopes: readonly ScopeRow[], at: Date): ScopeStatus[] {
  return CONSENT_SCOPES.map((scope) => {
    const f = scopeInForce(consents, scopes, scope, at);
    return { scope, state: f.state, expiresOn: f.decision?.expires_on ?? null, consentId: f.consent?.id ?? null };
  });
}

export const limitsOf = (row: ConsentRow): ConsentLimits => ({
  bodySites: row.body_sites === null ? null : (JSON.parse(row.body_sites) as string[]),
  faceMayBeVisible: row.face_may_be_visible === 1,
});

/** One consent as the list shows it, with each decision's state at `at`. */
export function consentView(row: ConsentRow, scopes: readonly ScopeRow[], at: Date): ConsentRecord {
  const own = scopes.filter((s) => s.consent_id === row.id);
  const decisions = own.map((s) => ({
    scope: s.scope,
    decision: s.decision,
    state: decisionStateAt(s, at),
    expiresOn: s.expires_on,
    consentId: row.id,
    withdrawnAt: s.withdrawn_at,
  }));
  decisions.sort((a, b) => CONSENT_SCOPES.indexOf(a.scope) - CONSENT_SCOPES.indexOf(b.scope));
  const granted = decisions.filter((d) => d.decision === 'grant');
  const withdrawn = granted.filter((d) => d.state === 'withdrawn').length;
  const expired = granted.filter((d) => d.state === 'expired').length;
  const state: ConsentRecord['state'] =
    granted.length > 0 && withdrawn === granted.length
      ? 'withdrawn'
      : withdrawn > 0
        ? 'partly-withdrawn'
        : granted.length > 0 && expired === granted.length
          ? 'expired'
          : 'active';
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    state,
    template:
      row.template_id === null || row.template_version === null
        ? null
        : { id: row.template_id, version: row.template_version, language: row.template_language ?? '', name: row.template_name ?? '' },
    textSha256: row.text_sha256,
    scopes: decisions,
    limits: limitsOf(row),
    signers: row.signers === null ? null : (JSON.parse(row.signers) as Signers),
    signedAt: row.signed_at,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by_name,
    documentSha256: row.document_sha256,
    documentMime: row.document_mime,
  };
}
