// The photography-standards part of the capture screen: template runner, body site / side / view
// picker, the framing guides over a still preview (cameras without a live view here: the
// simulated camera, a tethered camera between shots), and the retake prompt. Mounted by the
// capture panel; it talks to the camera code only through the capture-standards store.
import { useEffect } from 'react';
import { PhotoImage } from '../components/PhotoImage';
import { GuidesOverlay } from './GuidesOverlay';
import { QualityPrompt } from './QualityPrompt';
import { SitePicker } from './SitePicker';
import { useCaptureStandards } from './store';
import { TemplateRunner } from './TemplateRunner';

interface Props {
  readonly patientId: string | null;
  /** False when the camera shows its own live view (which mounts GuidesOverlay itself). */
  readonly showStillPreview: boolean;
  readonly disabled?: boolean;
}

export function CaptureStandards({ patientId, showStillPreview, disabled = false }: Props) {
  const reset = useCaptureStandards((s) => s.reset);
  // A different patient starts from nothing: no site, template or retake prompt carries over.
  useEffect(() => reset, [patientId, reset]);
  return (
    <div className="capture-standards">
      <TemplateRunner disabled={disabled} />
      <SitePicker disabled={disabled} />
      {showStillPreview ? <StillPreview patientId={patientId} /> : null}
      <QualityPrompt />
    </div>
  );
}

/** The last photo taken (or an empty frame) with the guides over it. */
function StillPreview({ patientId }: { readonly patientId: string | null }) {
  const last = useCaptureStandards((s) => s.lastCapture);
  return (
    <figure className="still-preview" aria-label="Framing preview">
      <div className="still-preview__frame">
        {last ? (
          <PhotoImage className="still-preview__img" handle={last.thumbnail.handle} alt="Last photo taken" width={last.thumbnail.width} height={last.thumbnail.height} onExpired={() => undefined} />
        ) : (
          <span className="still-preview__empty">No live view from this camera: frame the shot with the guides and the previous photo.</span>
        )}
        <GuidesOverlay patientId={patientId} />
      </div>
    </figure>
  );
}
