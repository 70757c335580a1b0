// The full image with its metadata, in a modal. Opening is audited by the core; the handle it
// returns is short-lived, so a failed load asks for a new one.
import { useCallback, useEffect, useState } from 'react';
import type { Encounter, Photo } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { formatBytes, formatDateTime } from '../app/format';
import { Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/Notice';
import { PhotoImage } from '../components/PhotoImage';
import { photoTitle } from './Gallery';
import { PhotoMetadata } from '../capture/PhotoMetadata';
import { PhotoDeliveries } from './delivery/DeliveryBadge';

interface Props {
  readonly photo: Photo;
  readonly encounter: Encounter | undefined;
  readonly patientLabel: string;
  readonly onClose: () => void;
}

export function PhotoViewer({ photo, encounter, patientLabel, onClose }: Props) {
  const [handle, setHandle] = useState<string | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);

  const open = useCallback(async () => {
    const result = await call((api) => api.photos.open({ photoId: photo.id }));
    if (result.ok) setHandle(result.value.handle);
    else setError(result.error);
  }, [photo.id]);

  useEffect(() => {
    void open();
  }, [open]);

  return (
    <Dialog title={photoTitle(photo)} subtitle={<p className="dialog__subtitle">{patientLabel}</p>} onClose={onClose} className="dialog--viewer">
      <div className="viewer">
        <div className="viewer__stage">
          {error ? (
            <ErrorMessage>{messageFor(error)}</ErrorMessage>
          ) : (
            <PhotoImage
              className="viewer__img"
              handle={handle}
              alt={`${photoTitle(photo)}, ${patientLabel}`}
              width={photo.width}
              height={photo.height}
              onExpired={() => void open()}
            />
          )}
        </div>
        <aside className="viewer__side" aria-label="About this photo">
          <dl className="viewer__meta">
            <dt>Taken</dt>
            <dd>{formatDateTime(photo.capturedAt, true)}</dd>
            <dt>By</dt>
            <dd>{photo.capturedBy}</dd>
            <dt>Encounter</dt>
            <dd>{encounter ? `${formatDateTime(encounter.startedAt)}${encounter.reason ? ` — ${encounter.reason}` : ''}` : 'None (imported)'}</dd>
            <dt>Source</dt>
            <dd>{photo.source === 'camera' ? photo.device : `Imported (${photo.device})`}</dd>
            <dt>Size</dt>
            <dd>
              {photo.width} × {photo.height} px · {formatBytes(photo.byteSize)}
            </dd>
            <dt>Format</dt>
            <dd>{photo.mime === 'image/jpeg' ? 'JPEG' : 'PNG'}</dd>
            <dt>SHA-256</dt>
            <dd className="mono viewer__hash" title={photo.sha256}>
              {photo.sha256.slice(0, 16)}…
            </dd>
            <PhotoMetadata photo={photo} />
          </dl>
          <PhotoDeliveries photoId={photo.id} />
        </aside>
      </div>
    </Dialog>
  );
}
