// Controls for a tethered camera (gphoto2 in the core): live view from the camera's preview
// stream, shown frame by frame from the core (each frame a short-lived blob: URL), and tethered
// mode, where photos taken with the camera's own shutter arrive in the gallery by themselves.
import { useEffect, useRef, useState } from 'react';
import type { CaptureContext, Photo } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { ErrorMessage } from '../components/Notice';
import { useT } from '../i18n';
import { base64ToBlob } from './webcam';

interface Props {
  readonly cameraId: string;
  /** Null while capture is blocked (context incomplete or ambiguous): tethered mode cannot start. */
  readonly target: { encounterId: string; patientId: string; context: CaptureContext } | null;
  readonly onCaptured: (photo: Photo) => void;
}

export function TetheredPanel({ cameraId, target, onCaptured }: Props) {
  const t = useT();
  const [live, setLive] = useState(false);
  const [frameUrl, setFrameUrl] = useState<string | null>(null);
  const [tethered, setTethered] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const onCapturedRef = useRef(onCaptured);
  onCapturedRef.current = onCaptured;

  useEffect(() => {
    if (!live) return;
    let stopped = false;
    let sessionId: string | null = null;
    let url: string | null = null;
    void (async () => {
      const started = await call((api) => api.cameras.liveViewStart({ cameraId }));
      if (!started.ok) return setError(started.error), setLive(false);
      sessionId = started.value.sessionId;
      let after = 0;
      while (!stopped) {
        const frame = await call((api) => api.cameras.liveViewFrame({ sessionId: started.value.sessionId, after }));
        if (stopped) break;
        if (!frame.ok) return setError(frame.error), setLive(false);
        if (!frame.value) continue;
        if (frame.value.ended) return setLive(false);
        after = frame.value.seq;
        const next = URL.createObjectURL(base64ToBlob(frame.value.jpegBase64, 'image/jpeg'));
        if (url) URL.revokeObjectURL(url);
        url = next;
        setFrameUrl(next);
      }
    })();
    return () => {
      stopped = true;
      if (sessionId) void call((api) => api.cameras.liveViewStop({ sessionId: sessionId! }));
      if (url) URL.revokeObjectURL(url);
      setFrameUrl(null);
    };
  }, [live, cameraId]);

  const targetKey = target ? `${target.encounterId}:${JSON.stringify(target.context)}` : null;
  useEffect(() => {
    if (!tethered || !target) return;
    let stopped = false;
    let sessionId: string | null = null;
    void (async () => {
      const started = await call((api) => api.capture.tetheredStart({ ...target, cameraId }));
      if (!started.ok) return setError(started.error), setTethered(false);
      sessionId = started.value.sessionId;
      while (!stopped) {
        await new Promise((r) => setTimeout(r, 500));
        if (stopped) break;
        const poll = await call((api) => api.capture.tetheredPoll({ sessionId: started.value.sessionId }));
        if (!poll.ok) return setError(poll.error), setTethered(false);
        for (const p of poll.value.photos) onCapturedRef.current(p);
        if (poll.value.error) setError({ code: poll.value.error.code as BridgeError['code'], message: poll.value.error.message });
        if (!poll.value.active) return setTethered(false);
      }
    })();
    return () => {
      stopped = true;
      if (sessionId) {
        const id = sessionId;
        void call((api) => api.capture.tetheredStop({ sessionId: id })).then((r) => {
          if (r.ok) for (const p of r.value.photos) onCapturedRef.current(p);
        });
      }
    };
    // The session is bound to one target: a new encounter or context restarts it.
  }, [tethered, targetKey, cameraId]);

  return (
    <div className="tethered">
      <div className="tethered__controls">
        <button type="button" className="button" aria-pressed={live} onClick={() => setLive((v) => !v)} disabled={tethered}>
          {live ? t('camera.tethered.stopLive') : t('camera.tethered.live')}
        </button>
        <button type="button" className="button" aria-pressed={tethered} onClick={() => setTethered((v) => !v)} disabled={!target || live}>
          {tethered ? t('camera.tethered.stop') : t('camera.tethered.start')}
        </button>
        {tethered ? <span className="muted">{t('camera.tethered.waiting')}</span> : null}
      </div>
      {live ? frameUrl ? <img className="tethered__live" src={frameUrl} alt={t('camera.tethered.liveAlt')} /> : <p className="muted">{t('camera.tethered.starting')}</p> : null}
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
    </div>
  );
}
