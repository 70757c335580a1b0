// The patient's photos, newest first, as a grid of thumbnails; each opens the full-image viewer.
import type { Photo } from '../../../shared/domain';
import { formatDateTime } from '../app/format';
import { PhotoImage } from '../components/PhotoImage';
import { siteLabel } from '../capture/PhotoMetadata';
import { useCaptureStandards } from '../capture/store';
import { DeliveryBadge } from './delivery/DeliveryBadge';
import { usePhotoDeliveries } from './delivery/deliveries';

interface Props {
  readonly photos: readonly Photo[] | null;
  readonly onOpen: (photo: Photo) => void;
  readonly onHandlesExpired: () => void;
}

export const photoTitle = (p: Photo): string => `Photo taken ${formatDateTime(p.capturedAt)} by ${p.capturedBy}`;

export function Gallery({ photos: all, onOpen, onHandlesExpired }: Props) {
  const discarded = useCaptureStandards((s) => s.discarded);
  const photos = all && all.filter((p) => !discarded.has(p.id));
  const { byPhoto } = usePhotoDeliveries(photos ? photos.map((p) => p.id) : []);
  return (
    <section className="panel gallery" aria-labelledby="gallery-title">
      <h2 id="gallery-title">
        Photos{photos ? <span className="count"> ({photos.length})</span> : null}
      </h2>
      {!photos ? (
        <p className="muted">Loading photos…</p>
      ) : photos.length === 0 ? (
        <p className="muted">No photos for this patient yet.</p>
      ) : (
        <ul className="gallery__grid" aria-label="Photos, newest first">
          {photos.map((p) => (
            <li key={p.id}>
              <button type="button" className="thumb" aria-label={photoTitle(p)} onClick={() => onOpen(p)}>
                <PhotoImage className="thumb__img" handle={p.thumbnail.handle} alt="" width={p.thumbnail.width} height={p.thumbnail.height} onExpired={onHandlesExpired} />
                <span className="thumb__caption" aria-hidden="true">
                  {formatDateTime(p.capturedAt, true)}
                  {siteLabel(p) ? <span className="thumb__site">{siteLabel(p)}</span> : null}
                  {p.quality && p.quality.failed.length > 0 ? <span className="thumb__warn"> · check quality</span> : null}
                </span>
              </button>
              <DeliveryBadge deliveries={byPhoto.get(p.id)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
