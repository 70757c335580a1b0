// One tile of the virtual grid: the thumbnail (loaded when the bounded queue gives it a slot),
// its caption, a selection checkbox, and the consent and delivery marks. A thumbnail that fails
// asks once for a fresh handle for this tile alone; a second failure says the image is unavailable.
// The bytes are fetched and shown through an object URL that is revoked when the tile leaves the
// viewport: an <img> pointing at the photo URL itself would stay in the document's list of
// available images (every thumbnail ever seen, kept until the page unloads).
import { useEffect, useRef, useState } from 'react';
import { photoUrl } from '../../../shared/contract';
import type { Photo } from '../../../shared/domain';
import { useFormat, useT } from '../i18n';
import type { ThumbQueue } from './thumb-queue';

interface Props {
  readonly photo: Photo;
  readonly queue: ThumbQueue;
  readonly selected: boolean;
  readonly position: number;
  readonly setSize: number | undefined;
  readonly unusableWhy: string | null;
  readonly badge?: React.ReactNode;
  readonly onOpen: (photo: Photo) => void;
  readonly onToggle: (photo: Photo, range: boolean) => void;
  /** The image failed: true when a fresh handle was asked for (it arrives as a new photo prop). */
  readonly onMissed: (photo: Photo) => boolean;
}

export function GalleryTile({ photo, queue, selected, position, setSize, unusableWhy, badge, onOpen, onToggle, onMissed }: Props) {
  const t = useT();
  const f = useFormat();
  const handle = photo.thumbnail.handle;
  const [src, setSrc] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const slot = useRef<{ release(): void } | null>(null);

  // Per handle: wait for a slot, fetch, show; give the slot back once the image is decoded, failed,
  // or the tile left the viewport (the fetch is aborted and the object URL revoked).
  useEffect(() => {
    const abort = new AbortController();
    let url: string | null = null;
    let ticket: { release(): void } | null = null;
    setSrc(null);
    ticket = queue.request(() => {
      void fetch(photoUrl(handle), { signal: abort.signal, cache: 'no-store' })
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          const blob = await response.blob();
          if (abort.signal.aborted) return;
          url = URL.createObjectURL(blob);
          setSrc(url);
        })
        .catch(() => {
          if (abort.signal.aborted) return;
          ticket?.release();
          if (!onMissed(photo)) setUnavailable(true);
        });
    });
    const done = ticket;
    slot.current = ticket;
    return () => {
      abort.abort();
      done.release();
      if (url) URL.revokeObjectURL(url);
    };
    // A new handle (refreshed after a miss) starts over; onMissed and photo are read for this handle.
  }, [queue, handle]);

  const site = photo.context ? `${photo.context.bodySite.display} · ${t(`gallery.side_${photo.context.laterality}`)}` : null;
  const flagged = photo.quality !== null && photo.quality.failed.length > 0;
  const title = t('gallery.tileLabel', { when: f.dateTime(photo.capturedAt), by: photo.capturedBy });

  return (
    <div role="listitem" aria-posinset={position} aria-setsize={setSize ?? -1} className={`gallery__item${unusableWhy ? ' gallery__item--unusable' : ''}${selected ? ' gallery__item--selected' : ''}`}>
      <button
        type="button"
        className="thumb"
        aria-label={title}
        aria-describedby={unusableWhy ? `usable-why-${photo.id}` : undefined}
        title={unusableWhy ?? undefined}
        onClick={(e) => (e.shiftKey || e.ctrlKey || e.metaKey ? onToggle(photo, e.shiftKey) : onOpen(photo))}
      >
        <span className="thumb__frame" dir="ltr">
          {unavailable ? (
            <span className="photo-placeholder thumb__img" role="img" aria-label={t('gallery.imageUnavailable')}>
              {t('gallery.imageUnavailable')}
            </span>
          ) : src ? (
            <img
              className="thumb__img"
              src={src}
              alt=""
              width={photo.thumbnail.width}
              height={photo.thumbnail.height}
              decoding="async"
              draggable={false}
              onLoad={() => slot.current?.release()}
              onError={() => {
                slot.current?.release();
                setUnavailable(true);
              }}
            />
          ) : (
            <span className="photo-placeholder thumb__img" aria-hidden="true" />
          )}
        </span>
        <span className="thumb__caption" aria-hidden="true">
          {f.dateTime(photo.capturedAt)}
          {site ? <span className="thumb__site">{site}</span> : null}
          {flagged ? <span className="thumb__warn">{t('gallery.checkQuality')}</span> : null}
        </span>
      </button>
      <label className="gallery__pick">
        <input type="checkbox" checked={selected} onChange={(e) => onToggle(photo, (e.nativeEvent as MouseEvent).shiftKey === true)} />
        <span className="visually-hidden">{t('gallery.selectPhoto', { when: f.dateTime(photo.capturedAt) })}</span>
      </label>
      {unusableWhy ? (
        <span id={`usable-why-${photo.id}`} className="gallery__why">
          {unusableWhy}
        </span>
      ) : null}
      {badge}
    </div>
  );
}
