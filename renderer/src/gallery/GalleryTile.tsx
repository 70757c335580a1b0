// One tile of the virtual grid: the thumbnail (loaded when the bounded queue gives it a slot),
// its caption, a selection checkbox, and the consent and delivery marks. A thumbnail that fails
// asks once for a fresh handle for this tile alone; a second failure says the image is unavailable.
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
  const [slot, setSlot] = useState(false);
  const [failedHandle, setFailedHandle] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const ticket = useRef<{ release(): void } | null>(null);

  // Ask for a slot per handle; give it back when the image settles or the tile leaves the viewport.
  useEffect(() => {
    setSlot(false);
    const mine = queue.request(() => setSlot(true));
    ticket.current = mine;
    return () => mine.release();
  }, [queue, handle]);

  const settle = () => ticket.current?.release();
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
          ) : slot && handle !== failedHandle ? (
            <img
              className="thumb__img"
              src={photoUrl(handle)}
              alt=""
              width={photo.thumbnail.width}
              height={photo.thumbnail.height}
              decoding="async"
              draggable={false}
              onLoad={settle}
              onError={() => {
                settle();
                setFailedHandle(handle);
                if (!onMissed(photo)) setUnavailable(true);
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
