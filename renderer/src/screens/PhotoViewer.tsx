// The full image with its metadata, in a modal. Opening is audited by the core; the handle it
// returns is short-lived, so a failed load asks for a new one.
import type { Encounter, Photo } from '../../../shared/domain';
import { formatBytes, formatDateTime } from '../app/format';
import { Dialog } from '../components/Dialog';
import { PhotoImage } from '../components/PhotoImage';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { photoTitle } from './Gallery';
import { PhotoMetadata } from '../capture/PhotoMetadata';
import { PhotoDeliveries } from './delivery/DeliveryBadge';
import { PhotoCorrections } from '../corrections/PhotoCorrections';
import { AnnotateLauncher } from '../annotate/AnnotateLauncher';
import { AnnotationOverlay } from '../annotate/AnnotationOverlay';

interface Props {
  readonly photo: Photo;
  readonly encounter: Encounter | undefined;
  readonly patientLabel: string;
  readonly onClose: () => void;
  /** Corrections (renderer/src/corrections): the patient's visits, and what to do after one. */
  readonly encounters?: readonly Encounter[];
  readonly onCorrected?: () => void;
}

export function PhotoViewer({ photo, encounter, patientLabel, onClose, encounters, onCorrected }: Props) {
  // Opening is audited; an expired handle asks again for a new one.
  const opened = useQuery(['photos.open', photo.id], (api) => api.photos.open({ photoId: photo.id }));
  const error = opened.error;
  const handle = error ? null : (opened.data?.handle ?? null);

  return (
    <Dialog title={photoTitle(photo)} subtitle={<p className="dialog__subtitle">{patientLabel}</p>} onClose={onClose} className="dialog--viewer">
      <div className="viewer">
        <div className="viewer__stage">
          {error ? (
            <CallError error={error} />
          ) : (
            <PhotoImage
              className="viewer__img"
              handle={handle}
              alt={`${photoTitle(photo)}, ${patientLabel}`}
              width={photo.width}
              height={photo.height}
              onExpired={() => void opened.reload()}
            />
          )}
          {error ? null : <AnnotationOverlay photoId={photo.id} width={photo.width} height={photo.height} />}
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
          {onCorrected ? <PhotoCorrections photo={photo} encounters={encounters ?? []} onCorrected={onCorrected} /> : null}
          <AnnotateLauncher photo={photo} title={photoTitle(photo)} />
        </aside>
      </div>
    </Dialog>
  );
}
