// Taking photos: which encounter they go to (shown, never guessed), which camera, and the shutter.
import { useEffect, useState } from 'react';
import type { Camera, Encounter, Photo } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { formatDateTime } from '../app/format';
import { ErrorMessage } from '../components/Notice';

interface Props {
  readonly encounter: Encounter | null;
  readonly onCaptured: (photo: Photo) => void;
}

export function CapturePanel({ encounter, onCaptured }: Props) {
  const [cameras, setCameras] = useState<readonly Camera[] | null>(null);
  const [cameraId, setCameraId] = useState('');
  const [capturing, setCapturing] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    let live = true;
    void call((api) => api.cameras.list({})).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      setCameras(result.value);
      setCameraId((current) => current || (result.value.find((c) => c.isDefault) ?? result.value[0])?.id || '');
    });
    return () => {
      live = false;
    };
  }, []);

  async function take() {
    if (!encounter || !cameraId) return;
    setCapturing(true);
    setError(null);
    setStatus('Capturing…');
    const result = await call((api) => api.capture.take({ encounterId: encounter.id, cameraId }));
    setCapturing(false);
    if (result.ok) {
      setStatus(`Photo saved at ${formatDateTime(result.value.capturedAt)}.`);
      onCaptured(result.value);
    } else {
      setStatus('');
      setError(result.error);
    }
  }

  const blockedReason = !encounter
    ? 'Start or choose an encounter to take photos.'
    : cameras && cameras.length === 0
      ? 'No camera is connected.'
      : null;

  return (
    <section className="panel capture" aria-labelledby="capture-title">
      <div className="capture__head">
        <h2 id="capture-title">Capture</h2>
        <p className="capture__context">
          {encounter ? (
            <>
              Photos go to the encounter of <strong>{formatDateTime(encounter.startedAt)}</strong>
              {encounter.reason ? <> — {encounter.reason}</> : null}
            </>
          ) : (
            'No encounter selected'
          )}
        </p>
      </div>
      <div className="capture__controls">
        <div className="field field--inline">
          <label htmlFor="camera-select">Camera</label>
          <select id="camera-select" value={cameraId} onChange={(e) => setCameraId(e.target.value)} disabled={!cameras || cameras.length === 0 || capturing}>
            {!cameras ? <option value="">Looking for cameras…</option> : null}
            {cameras?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--primary button--shutter"
          onClick={() => void take()}
          disabled={!!blockedReason || !cameraId || capturing}
          aria-busy={capturing}
          aria-describedby="capture-blocked"
        >
          {capturing ? (
            <>
              <span className="spinner" aria-hidden="true" /> Capturing…
            </>
          ) : (
            'Take photo'
          )}
        </button>
      </div>
      <p id="capture-blocked" className="field__hint">
        {blockedReason ?? ''}
      </p>
      {capturing ? <div className="progress" role="progressbar" aria-label="Capturing photo" /> : null}
      <p className="capture__status" role="status">
        {status}
      </p>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
    </section>
  );
}
