// Whether the capture screen may offer the shutter under the clinic's consent policy
// (docs/consent.md, "Policy"): when capture needs a signed photo consent, a patient without one in
// force that grants clinical use gets no shutter and is told why. The core refuses such a capture
// at ingest anyway (consent/capture-policy.ts); this only avoids offering a shot that will be refused.
import type { ConsentPolicy, ScopeStatus } from '../../../shared/consent';
import { poller, usePoll } from '../data/hooks';
import { useT, type Translate } from '../i18n';

const statusKey = (patientId: string) => `consent.status:${patientId}`;

/** Asks the watched status again now, after a consent was recorded or withdrawn on this screen. */
export const refreshCaptureConsent = (patientId: string): Promise<void> => poller.refresh(statusKey(patientId));

/**
 * The sentence shown beside a disabled shutter, or null when the policy lets capture go ahead.
 * Unknown (still loading) is not a reason: the core decides at ingest.
 */
export function captureConsentReason(t: Translate, policy: ConsentPolicy | undefined, status: readonly ScopeStatus[] | undefined): string | null {
  if (!policy?.captureRequiresConsent || !status) return null;
  const clinical = status.find((s) => s.scope === 'clinical');
  const state = clinical?.state ?? 'none';
  if (state === 'granted') return null;
  return t('consent.capture.blocked', { state: t(`consent.capture.state.${state}`) });
}

/** The policy and the patient's consent state, watched so a consent just recorded frees the shutter. */
export function useCaptureConsentReason(patientId: string | null): string | null {
  const t = useT();
  const policy = usePoll('consent.getPolicy', (api) => api.consent.getPolicy({}), 30_000);
  const required = policy.data?.captureRequiresConsent === true;
  const status = usePoll(required && patientId ? statusKey(patientId) : null, (api) => api.consent.status({ patientId: patientId ?? '' }), 10_000);
  return captureConsentReason(t, policy.data, status.data);
}
