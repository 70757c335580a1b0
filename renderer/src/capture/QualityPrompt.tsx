// The quality result of the photo just taken. When a check fails, the photographer is asked to
// retake: "Discard and retake" removes the capture (rows and sealed files, in the core) and
// "Keep photo" keeps it — a poor photo of a transient finding can still be the only one, so the
// core never drops a capture on its own. Until one or the other is chosen, the core holds the
// capture's deliveries (for at most 15 minutes): once in the PACS it could not be discarded.
import { useState } from 'react';
import type { PhotoQuality } from '../../../shared/domain';
import type { BridgeError, Result } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { ErrorMessage } from '../components/Notice';
import { useCaptureStandards } from './store';

export const QUALITY_ADVICE: Readonly<Record<PhotoQuality['failed'][number], string>> = {
  blur: 'The photo looks blurred: hold the camera steady and let it focus.',
  underexposed: 'The photo is too dark: add light or raise the exposure.',
  overexposed: 'The photo is too bright: reduce the light or the exposure.',
  glare: 'There is glare on the skin: change the angle of the flash or light, or use cross-polarisation.',
};

export function QualityPrompt() {
  const photo = useCaptureStandards((s) => s.lastCapture);
  const keepLast = useCaptureStandards((s) => s.keepLast);
  const markDiscarded = useCaptureStandards((s) => s.markDiscarded);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  if (!photo?.quality) return null;
  const { failed } = photo.quality;

  /** Sends the photographer's decision to the core; the prompt closes only once it is recorded. */
  async function decide(request: (photoId: string) => Promise<Result<unknown>>, done: (photoId: string) => void) {
    if (!photo) return;
    setBusy(true);
    setError(null);
    const r = await request(photo.id);
    setBusy(false);
    if (r.ok) done(photo.id);
    else setError(r.error);
  }
  const discard = () => decide((photoId) => call((api) => api.standards.discardCapture({ photoId })), markDiscarded);
  const keep = () => decide((photoId) => call((api) => api.standards.keepCapture({ photoId })), keepLast);

  if (failed.length === 0) {
    return (
      <p className="quality quality--ok" role="status">
        Quality checks passed (sharpness {photo.quality.sharpness.toFixed(0)}, brightness {(photo.quality.meanLuminance * 100).toFixed(0)}%).
      </p>
    );
  }
  return (
    <div className="quality quality--failed" role="alert" aria-label="Quality check">
      <p>
        <strong>Retake suggested.</strong>
      </p>
      <ul>
        {failed.map((f) => (
          <li key={f}>{QUALITY_ADVICE[f]}</li>
        ))}
      </ul>
      <div className="quality__actions">
        <button type="button" className="button button--primary" onClick={() => void discard()} disabled={busy}>
          Discard and retake
        </button>
        <button type="button" className="button" onClick={() => void keep()} disabled={busy}>
          Keep photo
        </button>
      </div>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
    </div>
  );
}
