// One photo on a compare stage, drawn at its full-resolution size in the first photo's pixels
// (the stage scales the whole content): the screen-sized rendition first (decoded and sealed in
// the core), then the original once the view is zoomed past the rendition's own pixels. Both
// requests are audited as views by the core; an expired handle asks again.
import { useState } from 'react';
import type { Photo } from '../../../shared/domain';
import { PhotoImage } from '../components/PhotoImage';
import { useQuery } from '../data/hooks';
import { useT } from '../i18n';
import { needsOriginal } from './viewport';

interface Props {
  readonly photo: Photo;
  readonly alt: string;
  /** Screen pixels per pixel of this photo, as drawn now. */
  readonly screenScale: number;
  readonly className?: string;
  /** A CSS filter over both images (the display-only colour correction). */
  readonly filter?: string;
}

export const RENDITION_EDGE = 2048;

export function CompareLayer({ photo, alt, screenScale, className, filter }: Props) {
  const t = useT();
  const rendition = useQuery(['compare.rendition', photo.id], (api) => api.compare.rendition({ photoId: photo.id, edge: RENDITION_EDGE }));
  const renditionWidth = rendition.data?.width ?? 0;
  // Once asked for, the original stays: zooming out and in again must not ask twice.
  const [wantOriginal, setWantOriginal] = useState(false);
  if (!wantOriginal && rendition.data && needsOriginal(photo.width * screenScale, renditionWidth, photo.width)) setWantOriginal(true);
  const original = useQuery(wantOriginal ? ['photos.open', photo.id] : null, (api) => api.photos.open({ photoId: photo.id }));
  const [originalShown, setOriginalShown] = useState(false);

  return (
    <div className={`compare-layer ${className ?? ''}`} style={filter ? { filter } : undefined}>
      <PhotoImage className="compare-layer__img" handle={rendition.data?.handle ?? null} alt={alt} width={photo.width} height={photo.height} onExpired={() => void rendition.reload()} />
      {original.data ? (
        <PhotoImage
          className={`compare-layer__img compare-layer__detail${originalShown ? ' is-shown' : ''}`}
          handle={original.data.handle}
          alt=""
          width={photo.width}
          height={photo.height}
          onLoad={() => setOriginalShown(true)}
          onExpired={() => void original.reload()}
        />
      ) : null}
      {wantOriginal && !originalShown ? <span className="visually-hidden" role="status">{t('compare.detail')}</span> : null}
    </div>
  );
}
