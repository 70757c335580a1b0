// Per-photo delivery state: a short badge under each gallery thumbnail, and in the viewer one line
// per target with the server's reason for a failure and a Retry button.
import { useState } from 'react';
import type { PhotoDelivery } from '../../../../shared/channels/delivery';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { useAppStore } from '../../app/store';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';
import { deliveryLabel, overallDelivery, usePhotoDeliveries, useCanSeeDeliveries, waitReason } from './deliveries';

export function DeliveryBadge({ deliveries }: { readonly deliveries: readonly PhotoDelivery[] | undefined }) {
  const t = useT();
  const overall = overallDelivery(deliveries ?? []);
  if (!overall) return null;
  return (
    <span className={`delivery-badge delivery-badge--${overall.state}`} title={overall.waitingFor ? waitReason(t, overall.waitingFor) : undefined}>
      {deliveryLabel(t, overall)}
    </span>
  );
}

/** The viewer's delivery section for one photo. */
export function PhotoDeliveries({ photoId }: { readonly photoId: string }) {
  const t = useT();
  const allowed = useCanSeeDeliveries();
  const canRetry = useAppStore((s) => s.session?.permissions.includes('delivery.retry') ?? false);
  const { byPhoto, refresh } = usePhotoDeliveries([photoId]);
  const [error, setError] = useState<BridgeError | null>(null);
  const rows = byPhoto.get(photoId) ?? [];
  if (!allowed) return null;

  async function retry(id: string) {
    setError(null);
    const result = await call((api) => api.delivery.retry({ deliveryId: id }));
    if (!result.ok) setError(result.error);
    await refresh();
  }

  return (
    <section className="photo-deliveries" aria-label={t('delivery.photo.title')}>
      <h3>{t('delivery.photo.title')}</h3>
      {rows.length === 0 ? <p className="muted">{t('delivery.photo.notQueued')}</p> : null}
      <ul>
        {rows.map((d) => (
          <li key={d.id} className={`photo-deliveries__row photo-deliveries__row--${d.state}`}>
            <span className="photo-deliveries__target">
              {d.targetName} ({d.kind === 'dicom' ? 'DICOM' : 'FHIR'})
            </span>
            <span className={`delivery-badge delivery-badge--${d.state}`} aria-label={`${d.targetName}: ${deliveryLabel(t, d)}`}>
              {deliveryLabel(t, d)}
            </span>
            {d.waitingFor ? <span className="photo-deliveries__reason">{t('delivery.photo.waiting', { reason: waitReason(t, d.waitingFor) })}</span> : null}
            {d.lastError && d.state !== 'verified' && !d.waitingFor ? <span className="photo-deliveries__reason">{d.state === 'failed' ? d.lastError : t('delivery.photo.retrying', { error: d.lastError })}</span> : null}
            {d.state === 'failed' && canRetry ? (
              <button type="button" className="button button--secondary" onClick={() => void retry(d.id)} aria-label={t('delivery.photo.retryTo', { target: d.targetName })}>
                {t('delivery.photo.retry')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
    </section>
  );
}
