// A USB webcam chosen in the capture panel: live view in a <video>, the shutter (full-resolution
// still where the camera supports it), and "Scan wristband", which sends a frame every few
// hundred milliseconds to the core's barcode decoder until a code is found.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type ReactNode } from 'react';
import { call } from '../app/clinic';
import { useAppStore } from '../app/store';
import { useT, type Translate } from '../i18n';
import { resolveScan, scanMessage, useScanStore } from './scan';
import { blobToBase64, frameForDecoding, openWebcam, takeStill } from './webcam';

export interface WebcamHandle {
  /** Takes a still and returns it as base64 JPEG with how it was taken. */
  still(): Promise<{ base64: string; method: string; width: number; height: number }>;
}

interface Props {
  readonly deviceId: string;
  readonly label: string;
  /** Drawn over the live view (the framing guides). */
  readonly overlay?: ReactNode;
}

export const WebcamPanel = forwardRef<WebcamHandle, Props>(function WebcamPanel({ deviceId, label, overlay }, ref) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const t = useT();
  // The status is kept as a message maker, so it follows a change of language while shown.
  const [status, setStatus] = useState<(tr: Translate) => string>(() => (tr: Translate) => tr('camera.webcam.starting'));
  const say = (message: (tr: Translate) => string) => setStatus(() => message);
  const [scanning, setScanning] = useState(false);
  const openPatient = useAppStore((s) => s.openPatient);
  const record = useScanStore((s) => s.record);

  useEffect(() => {
    let live = true;
    void openWebcam(deviceId).then(
      (s) => {
        if (!live) return s.getTracks().forEach((t) => t.stop());
        stream.current = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().catch(() => undefined);
        }
        const settings = s.getVideoTracks()[0]?.getSettings();
        const size = settings?.width ? { width: settings.width, height: settings.height ?? 0 } : null;
        say((tr) => (size ? tr('camera.webcam.liveSize', size) : tr('camera.webcam.live')));
      },
      () => say((tr) => tr('camera.webcam.openFailed')),
    );
    return () => {
      live = false;
      stream.current?.getTracks().forEach((t) => t.stop());
      stream.current = null;
    };
  }, [deviceId]);

  useImperativeHandle(ref, () => ({
    async still() {
      if (!stream.current || !video.current) throw new Error('webcam not ready');
      const { blob, method } = await takeStill(stream.current, video.current);
      const bitmap = await createImageBitmap(blob);
      const size = { width: bitmap.width, height: bitmap.height };
      bitmap.close();
      return { base64: await blobToBase64(blob), method, ...size };
    },
  }));

  useEffect(() => {
    if (!scanning) return;
    let stopped = false;
    const deadline = Date.now() + 20_000;
    void (async () => {
      while (!stopped && Date.now() < deadline) {
        const v = video.current;
        if (v && v.videoWidth) {
          const frame = await frameForDecoding(v);
          const result = await call((api) => api.cameras.decodeBarcode({ imageBase64: frame }));
          if (stopped) return;
          const code = result.ok ? result.value.codes[0] : undefined;
          if (code) {
            const outcome = await resolveScan(code.text);
            record(outcome);
            say((tr) => scanMessage(outcome, tr));
            setScanning(false);
            if (outcome.kind === 'found') openPatient(outcome.patient.id);
            return;
          }
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      if (!stopped) {
        setScanning(false);
        say((tr) => tr('camera.webcam.noCode'));
      }
    })();
    return () => {
      stopped = true;
    };
  }, [scanning, openPatient, record]);

  return (
    <div className="webcam">
      <div className="webcam__frame">
        <video ref={video} className="webcam__video" muted playsInline aria-label={t('camera.webcam.liveLabel', { label })} />
        {overlay}
      </div>
      <div className="webcam__bar">
        <span className="muted">{status(t)}</span>
        <button type="button" className="button" onClick={() => setScanning((s) => !s)} aria-pressed={scanning}>
          {scanning ? t('camera.webcam.stopScan') : t('camera.webcam.scan')}
        </button>
      </div>
    </div>
  );
});
