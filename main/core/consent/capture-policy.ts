// The clinic's choice that capture itself needs a signed photo consent (docs/consent.md, "Policy";
// off by default). When on, a camera capture is refused before anything is stored unless the
// patient has a consent in force that grants the clinical use. Imports (photos taken elsewhere)
// are not captures and are not held to it.
import { CONSENT_SCOPE_LABELS } from '../../../shared/consent';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { getConsentPolicy } from './policy';
import { consentRowsOfPatient, scopeRowsOf } from './records';
import { scopeInForce } from './state';

export function requireCaptureConsent(db: Db, patientId: string, at: Date): void {
  if (!getConsentPolicy(db).captureRequiresConsent) return;
  const consents = consentRowsOfPatient(db, patientId);
  const clinical = scopeInForce(consents, scopeRowsOf(db, consents.map((c) => c.id)), 'clinical', at);
  if (clinical.state !== 'granted') {
    throw new CoreError(
      'CONSENT_REFUSED',
      `This clinic takes photos only with a signed photo consent: the patient has no consent in force for clinical (${CONSENT_SCOPE_LABELS.clinical}; ${clinical.state === 'none' ? 'none recorded' : clinical.state}). Record the consent first.`,
    );
  }
}
