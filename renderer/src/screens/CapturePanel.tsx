// Taking photos. Context first: the context bar shows patient, encounter and provider, and the
// shutter stays disabled (saying why) until all three are set and unambiguous — an unresolved
// wristband scan blocks it too, and so does a patient without a photo consent in force when the
// clinic's policy asks for one (with a way to start signing right there). Cameras are the core's (simulated, tethered via gphoto2) plus the
// USB webcams Chromium sees; every photo, from any of them, goes through the core's ingest path.
import { useEffect, useRef, useState } from 'react';
import type { Camera, Encounter, Patient, Photo } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useAppStore } from '../app/store';
import { ContextBar } from '../camera/ContextBar';
import { CaptureStandards } from '../capture/CaptureStandards';
import { GuidesOverlay } from '../capture/GuidesOverlay';
import { useCaptureContext, useCaptureStandards } from '../capture/store';
import { useEhrBlockStore } from './ehr/ehr-block';
import { scanMessage, useScanStore } from '../camera/scan';
import { TetheredPanel } from '../camera/TetheredPanel';
import { listWebcams, type WebcamDevice } from '../camera/webcam';
import { WebcamPanel, type WebcamHandle } from '../camera/WebcamPanel';
import { ErrorMessage } from '../components/Notice';
import { useCaptureConsentReason } from '../consent/capture-consent';
import { PrepareSigningDialog } from '../consent/PrepareSigningDialog';
import { useQuery } from '../data/hooks';

interface Props {
  readonly encounter: Encounter | null;
  readonly onCaptured: (photo: Photo) => void;
  /** The patient on screen; the encounter must belong to them. */
  readonly patient?: Patient | null;
}

const WEBCAM_PREFIX = 'webcam:';

export function CapturePanel({ encounter, onCaptured, patient = null }: Props) {
  const providerName = useAppStore((s) => s.session?.user.displayName ?? null);
  const canSign = useAppStore((s) => s.session?.permissions.includes('consent.record') ?? false);
  const [signing, setSigning] = useState(false);
  const scanBlocking = useScanStore((s) => s.blocking);
  const ehrBlocking = useEhrBlockStore((s) => s.blocking);
  const camerasQuery = useQuery('cameras.list', (api) => api.cameras.list({}));
  const cameras: readonly Camera[] | null = camerasQuery.data ?? null;
  const [webcams, setWebcams] = useState<readonly WebcamDevice[]>([]);
  const [cameraId, setCameraId] = useState('');
  const [capturing, setCapturing] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const [status, setStatus] = useState('');
  const captureContext = useCaptureContext();
  const noteCapture = useCaptureStandards((s) => s.noteCapture);
  const webcam = useRef<WebcamHandle>(null);

  // The default camera is chosen once the list arrives, unless the user already chose one.
  useEffect(() => {
    if (cameras) setCameraId((current) => current || (cameras.find((c) => c.isDefault) ?? cameras[0])?.id || '');
  }, [cameras]);

  // Webcams come from the browser's media devices, not from the core.
  useEffect(() => {
    let live = true;
    void listWebcams().then((list) => {
      if (live) setWebcams(list);
    });
    return () => {
      live = false;
    };
  }, []);

  const selectedWebcam = cameraId.startsWith(WEBCAM_PREFIX) ? webcams.find((w) => `${WEBCAM_PREFIX}${w.deviceId}` === cameraId) ?? null : null;
  const selectedCamera = cameras?.find((c) => c.id === cameraId) ?? null;
  const patientId = patient?.id ?? encounter?.patientId ?? null;
  const consentBlocking = useCaptureConsentReason(patientId);

  const blockedReason = !patient && !encounter
    ? 'Choose a patient to take photos.'
    : !encounter
      ? 'Start or choose an encounter to take photos.'
      : patient && encounter.patientId !== patient.id
        ? 'The selected encounter belongs to another patient. Choose this patient’s encounter.'
        : !providerName
          ? 'No provider is signed in.'
          : scanBlocking
            ? scanMessage(scanBlocking)
            : ehrBlocking
              ? ehrBlocking
              : consentBlocking
                ? consentBlocking
                : cameras && cameras.length === 0 && webcams.length === 0
                ? 'No camera is connected.'
                : !captureContext
                  ? 'Choose the body site, side and view, or start a capture template.'
                  : null;

  const target = !blockedReason && encounter && captureContext ? { encounterId: encounter.id, patientId: encounter.patientId, context: captureContext } : null;

  async function take() {
    if (!target || !cameraId) return;
    setCapturing(true);
    setError(null);
    setStatus('Capturing…');
    let result;
    let how = '';
    if (selectedWebcam) {
      try {
        const still = await webcam.current!.still();
        how = ` Webcam still by ${still.method}, ${still.width}×${still.height}.`;
        result = await call((api) => api.capture.ingestFrame({ ...target, imageBase64: still.base64, device: selectedWebcam.label.slice(0, 200) }));
      } catch {
        result = { ok: false as const, error: { code: 'CAPTURE_FAILED' as const, message: 'The webcam did not deliver a photo.' } };
      }
    } else {
      result = await call((api) => api.capture.take({ encounterId: target.encounterId, cameraId, context: target.context }));
    }
    setCapturing(false);
    if (result.ok) {
      setStatus(`Photo saved at ${formatDateTime(result.value.capturedAt)}.${how}`);
      noteCapture(result.value);
      onCaptured(result.value);
    } else {
      setStatus('');
      setError(result.error);
    }
  }

  return (
    <section className="panel capture" aria-labelledby="capture-title">
      <div className="capture__head">
        <h2 id="capture-title">Capture</h2>
      </div>
      <ContextBar patient={patient} encounter={encounter} providerName={providerName} />
      <CaptureStandards patientId={patientId} showStillPreview={!selectedWebcam} disabled={capturing} />
      <div className="capture__controls">
        <div className="field field--inline">
          <label htmlFor="camera-select">Camera</label>
          <select id="camera-select" value={cameraId} onChange={(e) => setCameraId(e.target.value)} disabled={!cameras || (cameras.length === 0 && webcams.length === 0) || capturing}>
            {!cameras ? <option value="">Looking for cameras…</option> : null}
            {cameras?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.kind === 'tethered' ? `${c.label} (tethered)` : c.label}
              </option>
            ))}
            {webcams.map((w) => (
              <option key={w.deviceId} value={`${WEBCAM_PREFIX}${w.deviceId}`}>
                {`${w.label} (webcam)`}
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
      <div className="capture__blocked">
        <p id="capture-blocked" className="field__hint">
          {blockedReason ?? ''}
        </p>
        {blockedReason !== null && blockedReason === consentBlocking && patient && canSign ? (
          <button type="button" className="button button--secondary" onClick={() => setSigning(true)}>
            Sign consent
          </button>
        ) : null}
      </div>
      {signing && patient ? <PrepareSigningDialog patient={patient} onClose={() => setSigning(false)} /> : null}
      {selectedWebcam ? (
        <WebcamPanel ref={webcam} deviceId={selectedWebcam.deviceId} label={selectedWebcam.label} overlay={<GuidesOverlay patientId={patientId} />} />
      ) : null}
      {selectedCamera?.kind === 'tethered' ? <TetheredPanel cameraId={selectedCamera.id} target={target} onCaptured={(p) => {
            noteCapture(p);
            onCaptured(p);
          }} /> : null}
      {capturing ? <div className="progress" role="progressbar" aria-label="Capturing photo" /> : null}
      <p className="capture__status" role="status">
        {status}
      </p>
      <ErrorMessage>{error ? messageFor(error) : camerasQuery.error ? messageFor(camerasQuery.error) : null}</ErrorMessage>
    </section>
  );
}
