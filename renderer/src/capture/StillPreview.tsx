// The stage for cameras without a live view here (the simulated camera, a tethered camera between
// shots): the last photo taken, or an empty frame, with the framing guides over it.
import { PhotoImage } from '../components/PhotoImage';
import { useT } from '../i18n';
import { GuidesOverlay } from './GuidesOverlay';
import { useCaptureStandards } from './store';

export function StillPreview({ patientId }: { readonly patientId: string | null }) {
  const t = useT();
  const last = useCaptureStandards((s) => s.lastCapture);
  return (
    <figure className="still-preview" aria-label={t('capture.preview.label')}>
      <div className="still-preview__frame">
        {last ? (
          <PhotoImage className="still-preview__img" handle={last.thumbnail.handle} alt={t('capture.preview.lastPhoto')} width={last.thumbnail.width} height={last.thumbnail.height} onExpired={() => undefined} />
        ) : (
          <span className="still-preview__empty" dir="auto">{t('capture.preview.empty')}</span>
        )}
        <GuidesOverlay patientId={patientId} />
      </div>
    </figure>
  );
}
