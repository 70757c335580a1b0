// The clinic's consent policy (docs/consent.md, "Policy"): one row, created by migration 0012 with
// the defaults (capture needs no consent; a clinical release is allowed under treatment and shown).
import type { ConsentPolicy } from '../../../shared/consent';
import type { Db } from '../db/open';

export const DEFAULT_CONSENT_POLICY: ConsentPolicy = { captureRequiresConsent: false, clinicalPurpose: 'allowed-visible' };

export function getConsentPolicy(db: Db): ConsentPolicy {
  const row = db.prepare('SELECT capture_requires_consent, clinical_purpose FROM consent_policy WHERE id = 1').get() as
    | { capture_requires_consent: number; clinical_purpose: ConsentPolicy['clinicalPurpose'] }
    | undefined;
  return row ? { captureRequiresConsent: row.capture_requires_consent === 1, clinicalPurpose: row.clinical_purpose } : DEFAULT_CONSENT_POLICY;
}

export function setConsentPolicy(db: Db, policy: ConsentPolicy): ConsentPolicy {
  db.prepare(
    `INSERT INTO consent_policy (id, capture_requires_consent, clinical_purpose) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET capture_requires_consent = excluded.capture_requires_consent, clinical_purpose = excluded.clinical_purpose`,
  ).run(policy.captureRequiresConsent ? 1 : 0, policy.clinicalPurpose);
  return getConsentPolicy(db);
}
