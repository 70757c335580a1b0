// The quality result of the photo just taken. When a check fails, the photographer is asked to
// retake: "Discard and retake" removes the capture (rows and sealed files, in the core) and
// "Keep photo" keeps it — a poor photo of a transient finding can still be the only one, so the
// core never drops a capture on its own. Until one or the other is chosen, the core holds the
// capture's deliveries (for at most 15 minutes): once in the PACS it could not be discarded.
// A discard is reported to the screen (`onDiscarded`) so counts and notes about it are withdrawn.
import { useState } from 'react';
import type { Photo } from '../../../shared/domain';
import type { BridgeError, Result } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { ErrorMessage } from '../components/Notice';
import { useT } from '../i18n';
import { useCaptureStandards } from './store';

export function QualityPrompt({ onDiscarded }: { readonly onDiscarded?: (photo: Photo) => void }) {
  const t = useT();
  const photo = useCaptureStandards((s) => s.lastCapture);
  const keepLast = useCaptureStandards((s) => s.keepLast);
  const markDiscarded = useCaptureStandards((s) => s.markDiscarded);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  if (!photo?.quality) return null;
  const { failed } = photo.quality;

  /** Sends the photographer's decision to the core; the prompt closes only once it is recorded. */
  async function decide(request: (photoId: string) => Promise<Result<unknown>>, done: (photo: Photo) => void) {
    if (!photo) return;
    setBusy(true);
    setError(null);
    const r = await request(photo.id);
    setBusy(false);
    if (r.ok) done(photo);
    else setError(r.error);
  }
  const discard = () =>
    decide(
      (photoId) => call((api) => api.standards.discardCapture({ photoId })),
      (p) => {
        markDiscarded(p.id);
        onDiscarded?.(p);
      },
    );
  const keep = () => decide((photoId) => call((api) => api.standards.keepCapture({ photoId })), keepLast);

  if (failed.length === 0) {
    return (
      <p className="quality quality--ok" role="status">
        {t('capture.quality.passed', { sharpness: Math.round(photo.quality.sharpness), brightness: photo.quality.meanLuminance })}
      </p>
    );
  }
  return (
    <div className="quality quality--failed" role="alert" aria-label={t('capture.quality.label')}>
      <p>
        <strong>{t('capture.quality.retake')}</strong>
      </p>
      <ul>
        {failed.map((f) => (
          <li key={f}>{t(`capture.quality.advice.${f}`)}</li>
        ))}
      </ul>
      <div className="quality__actions">
        <button type="button" className="button button--primary" onClick={() => void discard()} disabled={busy}>
          {t('capture.quality.discard')}
        </button>
        <button type="button" className="button" onClick={() => void keep()} disabled={busy}>
          {t('capture.quality.keep')}
        </button>
      </div>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
    </div>
  );
}
