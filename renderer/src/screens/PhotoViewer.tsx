// The full image with its metadata, in a modal. Opening is audited by the core; the handle it
// returns is short-lived, so a failed load asks for a new one. "Compare with…" opens the compare
// view on this photo and the previous one of the same site, side and view (the core finds it).
import { useState } from 'react';
import type { Encounter, Photo } from '../../../shared/domain';
import { CompareView } from '../compare/CompareView';
import { Dialog } from '../components/Dialog';
import { PhotoImage } from '../components/PhotoImage';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
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
  const t = useT();
  const f = useFormat();
  // Opening is audited; an expired handle asks again for a new one.
  const opened = useQuery(['photos.open', photo.id], (api) => api.photos.open({ photoId: photo.id }));
  const error = opened.error;
  const handle = error ? null : (opened.data?.handle ?? null);
  const finding = useSubmit();
  const [comparing, setComparing] = useState<readonly Photo[] | null>(null);
  const [noPrevious, setNoPrevious] = useState(false);

  const compareWithPrevious = async () => {
    const result = await finding.run((api) => api.compare.previous({ photoId: photo.id }));
    if (!result?.ok) return;
    const previous = result.value.photo;
    setNoPrevious(!previous);
    if (previous) setComparing([previous, photo]);
  };

  if (comparing) return <CompareView photos={comparing} patientLabel={patientLabel} onClose={() => setComparing(null)} />;

  return (
    <Dialog title={photoTitle(photo)} subtitle={<p className="dialog__subtitle">{patientLabel}</p>} onClose={onClose} className="dialog--viewer">
      <div className="viewer">
        <div className="viewer__stage" dir="ltr">
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
        <aside className="viewer__side" aria-label={t('viewer.about')}>
          <div className="viewer__actions">
            <button type="button" className="button button--secondary" title={t('viewer.comparePrevious')} disabled={finding.pending} onClick={() => void compareWithPrevious()}>
              {t('viewer.compareWith')}
            </button>
            {noPrevious ? <p className="viewer__note">{t('viewer.noPrevious')}</p> : null}
            {finding.error ? <CallError error={finding.error} /> : null}
          </div>
          <dl className="viewer__meta">
            <dt>{t('viewer.taken')}</dt>
            <dd>{f.dateTime(photo.capturedAt, true)}</dd>
            <dt>{t('viewer.by')}</dt>
            <dd>{photo.capturedBy}</dd>
            <dt>{t('viewer.encounter')}</dt>
            <dd>{encounter ? `${f.dateTime(encounter.startedAt)}${encounter.reason ? ` — ${encounter.reason}` : ''}` : t('viewer.noEncounter')}</dd>
            <dt>{t('viewer.source')}</dt>
            <dd>{photo.source === 'camera' ? photo.device : photo.source === 'derived' ? t('derived.viewerSource') : t('viewer.imported', { device: photo.device })}</dd>
            <dt>{t('viewer.size')}</dt>
            <dd>{t('viewer.sizeValue', { width: photo.width, height: photo.height, bytes: f.bytes(photo.byteSize) })}</dd>
            <dt>{t('viewer.format')}</dt>
            <dd>{photo.mime === 'image/jpeg' ? 'JPEG' : 'PNG'}</dd>
            <dt>{t('viewer.hash')}</dt>
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
