// Whether the capture screen may offer the shutter under the clinic's consent policy
// (docs/consent.md, "Policy"): when capture needs a signed photo consent, a patient without one in
// force that grants clinical use gets no shutter and is told why. The core refuses such a capture
// at ingest anyway (consent/capture-policy.ts); this only avoids offering a shot that will be refused.
import { CONSENT_SCOPE_LABELS, type ConsentPolicy, type ScopeStatus } from '../../../shared/consent';
import { poller, usePoll } from '../data/hooks';

const statusKey = (patientId: string) => `consent.status:${patientId}`;

/** Asks the watched status again now, after a consent was recorded or withdrawn on this screen. */
export const refreshCaptureConsent = (patientId: string): Promise<void> => poller.refresh(statusKey(patientId));

const STATE_WORDS: Record<ScopeStatus['state'], string> = {
  granted: 'granted',
  none: 'none recorded',
  refused: 'refused',
  withdrawn: 'withdrawn',
  expired: 'expired',
};

/**
 * The sentence shown beside a disabled shutter, or null when the policy lets capture go ahead.
 * Unknown (still loading) is not a reason: the core decides at ingest.
 */
export function captureConsentReason(policy: ConsentPolicy | undefined, status: readonly ScopeStatus[] | undefined): string | null {
  if (!policy?.captureRequiresConsent || !status) return null;
  const clinical = status.find((s) => s.scope === 'clinical');
  const state = clinical?.state ?? 'none';
  if (state === 'granted') return null;
  return `This clinic takes photos only with a signed photo consent. The patient has no consent in force for ${CONSENT_SCOPE_LABELS.clinical.toLowerCase()} (${STATE_WORDS[state]}).`;
}

/** The policy and the patient's consent state, watched so a consent just recorded frees the shutter. */
export function useCaptureConsentReason(patientId: string | null): string | null {
  const policy = usePoll('consent.getPolicy', (api) => api.consent.getPolicy({}), 30_000);
  const required = policy.data?.captureRequiresConsent === true;
  const status = usePoll(required && patientId ? statusKey(patientId) : null, (api) => api.consent.status({ patientId: patientId ?? '' }), 10_000);
  return captureConsentReason(policy.data, status.data);
}
