// The patient header's consent line: the uses withdrawn or expired today ("Consent: Internal
// teaching withdrawn · Social media expired 1 Oct 2026"), so no one prepares a photo for a use the
// patient took back. Nothing when no use is lost, or without consent.read.
import { useFormat, useT } from '../i18n';
import { useConsentStatus } from './consent-hooks';
import { lostUses } from './consent-view';

export function ConsentHeaderLine({ patientId }: { readonly patientId: string }) {
  const t = useT();
  const f = useFormat();
  const status = useConsentStatus(patientId);
  const lost = lostUses(t, f, status.data ?? []);
  if (lost.length === 0) return null;
  return (
    <p className="consent-header-line" role="note" aria-label={t('consent.header.label')}>
      <strong>{t('consent.header.title')}</strong> {lost.join(' · ')}
    </p>
  );
}
