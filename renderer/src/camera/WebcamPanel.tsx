// A USB webcam chosen in the capture panel: live view in a <video>, the shutter (full-resolution
// still where the camera supports it), and "Scan wristband", which sends a frame every few
// hundred milliseconds to the core's barcode decoder until a code is found.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type ReactNode } from 'react';
import { call } from '../app/clinic';
import { useAppStore } from '../app/store';
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
  const [status, setStatus] = useState('Starting webcam…');
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
        setStatus(settings?.width ? `Live: ${settings.width}×${settings.height}` : 'Live');
      },
      () => setStatus('The webcam could not be opened. Check that no other program is using it.'),
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
            setStatus(scanMessage(outcome));
            setScanning(false);
            if (outcome.kind === 'found') openPatient(outcome.patient.id);
            return;
          }
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      if (!stopped) {
        setScanning(false);
        setStatus('No wristband barcode was seen. Hold it closer to the camera and try again.');
      }
    })();
    return () => {
      stopped = true;
    };
  }, [scanning, openPatient, record]);

  return (
    <div className="webcam">
      <div className="webcam__frame">
        <video ref={video} className="webcam__video" muted playsInline aria-label={`Live view: ${label}`} />
        {overlay}
      </div>
      <div className="webcam__bar">
        <span className="muted">{status}</span>
        <button type="button" className="button" onClick={() => setScanning((s) => !s)} aria-pressed={scanning}>
          {scanning ? 'Stop scanning' : 'Scan wristband'}
        </button>
      </div>
    </div>
  );
});
