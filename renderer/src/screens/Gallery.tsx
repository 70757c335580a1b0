// The patient's photos, newest first, as a grid of thumbnails; each opens the full-image viewer.
// "Usable for" asks the consent gate about the photos shown and dims those that may not leave for
// the chosen purpose, with the gate's reason as the tile's description.
import { useState } from 'react';
import { CONSENT_SCOPE_LABELS, CONSENT_SCOPES, type Purpose } from '../../../shared/consent';
import type { Photo } from '../../../shared/domain';
import { useAppStore } from '../app/store';
import { useConsentStatus, useReleaseCheck } from '../consent/consent-hooks';
import { usableSummary } from '../consent/consent-view';
import { CallError } from '../data/CallError';
import { formatDateTime } from '../app/format';
import { PhotoImage } from '../components/PhotoImage';
import { siteLabel } from '../capture/PhotoMetadata';
import { useCaptureStandards } from '../capture/store';
import { DeliveryBadge } from './delivery/DeliveryBadge';
import { usePhotoDeliveries } from './delivery/deliveries';
import { useT } from '../i18n';

interface Props {
  readonly photos: readonly Photo[] | null;
  readonly onOpen: (photo: Photo) => void;
  readonly onHandlesExpired: () => void;
  /** The patient whose consent decides "usable for …". */
  readonly patientId: string;
}

export const photoTitle = (p: Photo): string => `Photo taken ${formatDateTime(p.capturedAt)} by ${p.capturedBy}`;

export function Gallery({ photos: all, onOpen, onHandlesExpired, patientId }: Props) {
  const t = useT();
  const discarded = useCaptureStandards((s) => s.discarded);
  const photos = all && all.filter((p) => !discarded.has(p.id));
  const ids = photos ? photos.map((p) => p.id) : [];
  const { byPhoto } = usePhotoDeliveries(ids);
  const canFilter = useAppStore((s) => s.session?.permissions.includes('consent.read') ?? false);
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  // A withdrawal or a new consent changes the status: the answers are asked again.
  const status = useConsentStatus(patientId);
  const release = useReleaseCheck(ids, purpose, status.data ?? null);
  const label = purpose ? CONSENT_SCOPE_LABELS[purpose] : '';
  return (
    <section className="panel gallery" aria-labelledby="gallery-title">
      <div className="gallery__head">
        <h2 id="gallery-title">
          Photos{photos ? <span className="count"> ({photos.length})</span> : null}
        </h2>
        {canFilter ? (
          <div className="gallery__filter">
            <label htmlFor="gallery-usable-for">Usable for</label>
            <select id="gallery-usable-for" value={purpose ?? ''} onChange={(e) => setPurpose(e.target.value === '' ? null : (e.target.value as Purpose))}>
              <option value="">Any use</option>
              {CONSENT_SCOPES.map((s) => (
                <option key={s} value={s}>
                  {CONSENT_SCOPE_LABELS[s]}
                </option>
              ))}
            </select>
            {purpose && photos && photos.length > 0 ? (
              <span className="gallery__usable" role="status">
                {release.decisions ? usableSummary(t, ids, release.decisions, label) : 'Checking consent…'}
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      <CallError error={purpose ? release.error : null} />
      {!photos ? (
        <p className="muted">Loading photos…</p>
      ) : photos.length === 0 ? (
        <p className="muted">No photos for this patient yet.</p>
      ) : (
        <ul className="gallery__grid" aria-label="Photos, newest first">
          {photos.map((p) => {
            const refused = release.decisions?.get(p.id);
            const why = refused && !refused.allowed ? (refused.reason ?? `Not usable for ${label}.`) : null;
            return (
              <li key={p.id} className={why ? 'gallery__item gallery__item--unusable' : 'gallery__item'}>
                <button type="button" className="thumb" aria-label={photoTitle(p)} aria-describedby={why ? `usable-why-${p.id}` : undefined} title={why ?? undefined} onClick={() => onOpen(p)}>
                  <PhotoImage className="thumb__img" handle={p.thumbnail.handle} alt="" width={p.thumbnail.width} height={p.thumbnail.height} onExpired={onHandlesExpired} />
                  <span className="thumb__caption" aria-hidden="true">
                    {formatDateTime(p.capturedAt, true)}
                    {siteLabel(p) ? <span className="thumb__site">{siteLabel(p)}</span> : null}
                    {p.quality && p.quality.failed.length > 0 ? <span className="thumb__warn"> · check quality</span> : null}
                  </span>
                </button>
                {why ? (
                  <span id={`usable-why-${p.id}`} className="gallery__why">
                    {why}
                  </span>
                ) : null}
                <DeliveryBadge deliveries={byPhoto.get(p.id)} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
