// The patient header's consent line: the uses withdrawn or expired today ("Consent: Internal
// teaching withdrawn · Social media expired 1 Oct 2026"), so no one prepares a photo for a use the
// patient took back. Nothing when no use is lost, or without consent.read.
import { useConsentStatus } from './consent-hooks';
import { lostUses } from './consent-view';

export function ConsentHeaderLine({ patientId }: { readonly patientId: string }) {
  const status = useConsentStatus(patientId);
  const lost = lostUses(status.data ?? []);
  if (lost.length === 0) return null;
  return (
    <p className="consent-header-line" role="note" aria-label="Consent withdrawn or expired">
      <strong>Consent:</strong> {lost.join(' · ')}
    </p>
  );
}
