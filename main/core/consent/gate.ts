// THE GATE (docs/consent.md, "The gate"; docs/architecture.md): the one function that decides
// whether a photo may leave this workstation for a purpose. Every way out calls it: the export
// use-case (interop/photo-export.ts), the sync worker before every send, whatever the target's kind
// (sync/drain.ts), and the renderer's "usable for …" question (consent.checkRelease). It decides per
// photo, from the consent in force at the time of release (state.ts): the scope's decision, its
// expiry and withdrawal, the consent's body-site limits and its face flag; the clinical purpose
// follows the clinic's policy. The answer names the scope and what is wrong with it; it holds
// no name or MRN, so it may be shown, logged and audited as it is. A derived photo (a comparison,
// photos/derivations.ts) shows its sources' pixels, so it is as restricted as its most restricted
// source: it goes only when it and every source may go, and a source since deleted stops it.
import { CONSENT_SCOPE_LABELS, type Purpose, type ReleaseDecision } from '../../../shared/consent';
import { findBodySite } from '../../../shared/value-sets/body-sites';
import type { Db } from '../db/open';
import { derivationOf } from '../photos/derivations';
import { photoReleaseFacts } from '../photos/photo-lookups';
import { getConsentPolicy } from './policy';
import { consentRowsOfPatient, scopeRowsOf } from './records';
import { limitsOf, scopeInForce, type ScopeInForce } from './state';

export interface ReleaseQuestion {
  readonly photoId: string;
  readonly purpose: Purpose;
  readonly at: Date;
}

/** The gate's answer, with the patient it concerns (for the caller's audit record). */
export type Release = ReleaseDecision & { readonly patientId: string | null };

/** Body regions whose photos identify a person: a consent that keeps the face hidden excludes them. */
const IDENTIFYING_REGIONS: ReadonlySet<string> = new Set(['head', 'neck']);

export function checkRelease(db: Db, q: ReleaseQuestion): Release {
  const own = checkOwnRelease(db, q);
  const derivation = own.allowed ? derivationOf(db, q.photoId) : null;
  if (!derivation) return own;
  const notices = own.notice === null ? [] : [own.notice];
  for (const source of derivation.sources) {
    const refused = (reason: string, scope: Release['scope']): Release => ({ ...own, allowed: false, notice: null, scope, reason: `Not released: this comparison shows photo ${source.id}, and ${reason}` });
    if (source.deleted) return refused('that photo was deleted.', q.purpose);
    const answer = checkOwnRelease(db, { ...q, photoId: source.id });
    if (!answer.allowed) return refused(`that photo is not released. ${answer.reason}`, answer.scope);
    if (answer.notice !== null && !notices.includes(answer.notice)) notices.push(answer.notice);
  }
  return { ...own, notice: notices.length === 0 ? null : notices.join(' ') };
}

/** The gate's answer for one photo by its own facts (its patient's consent, its body site). */
function checkOwnRelease(db: Db, q: ReleaseQuestion): Release {
  const facts = photoReleaseFacts(db, q.photoId);
  const base = { photoId: q.photoId, purpose: q.purpose };
  const refuse = (reason: string): Release => ({ ...base, patientId: facts?.patientId ?? null, allowed: false, notice: null, reason, scope: q.purpose });
  if (!facts) return refuse('There is no such photo.');
  const consents = consentRowsOfPatient(db, facts.patientId);
  const inForce = scopeInForce(consents, scopeRowsOf(db, consents.map((c) => c.id)), q.purpose, q.at);
  const label = `${q.purpose} (${CONSENT_SCOPE_LABELS[q.purpose]})`;
  const allow = (notice: string | null): Release => ({ ...base, patientId: facts.patientId, allowed: true, notice, reason: null, scope: null });

  if (q.purpose === 'clinical' && getConsentPolicy(db).clinicalPurpose === 'allowed-visible' && inForce.state !== 'granted') {
    return allow(`Released for care without a consent in force for ${label} (${whyNot(inForce)}), as the clinic's policy allows.`);
  }
  if (inForce.state !== 'granted') return refuse(`Not released for ${label}: ${whyNot(inForce)}.`);

  const limits = limitsOf(inForce.consent!);
  const site = facts.bodySiteCode === null ? undefined : findBodySite(facts.bodySiteCode);
  const siteName = site?.display ?? (facts.bodySiteCode === null ? 'an unrecorded body site' : `body site ${facts.bodySiteCode}`);
  if (limits.bodySites !== null && (facts.bodySiteCode === null || !limits.bodySites.includes(facts.bodySiteCode))) {
    return refuse(`Not released for ${label}: the consent covers only some body sites, and this photo shows ${siteName}.`);
  }
  // The face flag binds every use but care itself: a photo of the head or neck may show the face,
  // and one whose site is not recorded might.
  if (!limits.faceMayBeVisible && q.purpose !== 'clinical' && (site === undefined || IDENTIFYING_REGIONS.has(site.region))) {
    return refuse(`Not released for ${label}: the consent says the face may not be visible, and this photo shows ${siteName}.`);
  }
  return allow(null);
}

/** Why a scope is not granted, in words for the refusal. */
function whyNot(f: ScopeInForce): string {
  switch (f.state) {
    case 'none':
      return 'no consent decides this use';
    case 'refused':
      return `the patient refused it (consent of ${f.consent!.signed_at.slice(0, 10)})`;
    case 'withdrawn':
      return `the patient withdrew it on ${f.decision!.withdrawn_at!.slice(0, 10)}`;
    case 'expired':
      return `the consent for it expired on ${f.decision!.expires_on}`;
    case 'granted':
      return 'granted';
  }
}
