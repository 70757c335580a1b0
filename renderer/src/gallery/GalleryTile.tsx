// One tile of the virtual grid: the thumbnail (loaded when the bounded queue gives it a slot),
// its caption, a selection checkbox, and the consent and delivery marks. A thumbnail that fails
// asks once for a fresh handle for this tile alone; a second failure says the image is unavailable.
// The bytes are fetched, decoded at the size the tile draws and shown in a canvas the tile owns
// (thumb-bitmap.ts says why not an <img>); the bitmap is released when the tile leaves the viewport.
// `data-thumb` on the canvas says where it is: "loading", then "shown" (tests and the bench read it).
import { isValidElement, memo, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { photoUrl } from '../../../shared/contract';
import type { Photo } from '../../../shared/domain';
import { useFormat, useT } from '../i18n';
import { decodeForCanvas, releaseCanvas, showOnCanvas } from './thumb-bitmap';
import type { ThumbQueue } from './thumb-queue';
import { distanceFromScreen, ThumbViewportContext } from './thumb-viewport';

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

function TileView({ photo, queue, selected, position, setSize, unusableWhy, badge, onOpen, onToggle, onMissed }: Props) {
  const t = useT();
  const f = useFormat();
  const handle = photo.thumbnail.handle;
  const [shown, setShown] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width, height } = photo.thumbnail;
  const viewport = useContext(ThumbViewportContext);
  const at = useRef(position);
  at.current = position;

  // Per handle: wait for a slot, fetch, decode, show; the slot goes back once the bitmap is shown or
  // failed, or the tile left the viewport (the fetch is aborted, a late bitmap closed, the shown one
  // released). The canvas is captured here: React has detached the ref by the time cleanup runs.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const abort = new AbortController();
    // Aborting makes an AbortError (with its stack): only a fetch still under way is aborted.
    let settled = false;
    setShown(false);
    const ticket = queue.request(() => {
      void fetch(photoUrl(handle), { signal: abort.signal, cache: 'no-store' })
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          const bitmap = await decodeForCanvas(await response.blob(), { width, height }, canvas);
          if (abort.signal.aborted) return bitmap.close();
          if (!showOnCanvas(canvas, bitmap)) throw new Error('no bitmaprenderer context');
          settled = true;
          ticket.release();
          setShown(true);
        })
        .catch(() => {
          if (abort.signal.aborted) return;
          settled = true;
          ticket.release();
          if (!onMissed(photo)) setUnavailable(true);
        });
    }, () => distanceFromScreen(at.current, viewport));
    return () => {
      if (!settled) abort.abort();
      ticket.release();
      releaseCanvas(canvas);
    };
    // A new handle (refreshed after a miss) starts over; onMissed and photo are read for this handle.
  }, [queue, handle, width, height, viewport]);

  // Formatted once per photo and language: message and date formatting were the largest share of
  // what the gallery allocated while scrolling.
  const { site, when, title, pick } = useMemo(() => {
    const at = f.dateTime(photo.capturedAt);
    return {
      site: photo.context ? `${photo.context.bodySite.display} · ${t(`gallery.side_${photo.context.laterality}`)}` : null,
      when: at,
      title: t('gallery.tileLabel', { when: at, by: photo.capturedBy }),
      pick: t('gallery.selectPhoto', { when: at }),
    };
  }, [photo, t, f]);
  const flagged = photo.quality !== null && photo.quality.failed.length > 0;

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
          ) : (
            <canvas ref={canvasRef} className="thumb__img" aria-hidden="true" data-thumb={shown ? 'shown' : 'loading'} />
          )}
        </span>
        <span className="thumb__caption" aria-hidden="true">
          {when}
          {site ? <span className="thumb__site">{site}</span> : null}
          {flagged ? <span className="thumb__warn">{t('gallery.checkQuality')}</span> : null}
        </span>
      </button>
      <label className="gallery__pick">
        <input type="checkbox" checked={selected} onChange={(e) => onToggle(photo, (e.nativeEvent as MouseEvent).shiftKey === true)} />
        <span className="visually-hidden">{pick}</span>
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

/** A badge element is the same when it is the same component with the same props (it is made anew each render). */
function sameBadge(a: React.ReactNode, b: React.ReactNode): boolean {
  if (Object.is(a, b)) return true;
  if (!isValidElement(a) || !isValidElement(b) || a.type !== b.type || a.key !== b.key) return false;
  const pa = a.props as Record<string, unknown>;
  const pb = b.props as Record<string, unknown>;
  const keys = Object.keys(pa);
  return keys.length === Object.keys(pb).length && keys.every((k) => Object.is(pa[k], pb[k]));
}

/**
 * Re-renders only when what the tile shows or calls changed: the grid renders every tile on each
 * scroll event, and those renders were most of what scrolling allocated. Callbacks are compared by
 * identity, so a tile never keeps a stale one.
 */
const COMPARED = ['photo', 'queue', 'selected', 'position', 'setSize', 'unusableWhy', 'onOpen', 'onToggle', 'onMissed'] as const satisfies ReadonlyArray<Exclude<keyof Props, 'badge'>>;

function sameTile(a: Props, b: Props): boolean {
  return COMPARED.every((k) => Object.is(a[k], b[k])) && sameBadge(a.badge, b.badge);
}

export const GalleryTile = memo(TileView, sameTile);
