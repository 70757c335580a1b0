// Taking photos. Context first: the context bar shows patient, encounter, provider and photographer,
// and the shutter stays disabled (saying why) until all are set and unambiguous — an unresolved
// wristband scan blocks it too, and so does a patient without a photo consent in force when the
// clinic's policy asks for one (with a way to start signing right there), and so does a finished
// template. Cameras are the core's (simulated, tethered via gphoto2) plus the USB webcams Chromium
// sees; every photo, from any of them, goes through the core's ingest path.
//
// Layout (capture.css): the context on top; the template step or body site on one side; the live
// view (or the last shot) in the middle; the shutter, its state and the quality verdict on the
// other side; this encounter's filmstrip below. At 1280 × 800 in capture mode (full screen) all of
// it fits without scrolling. The shutter also answers Space/Enter and a foot pedal's key.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Camera, Encounter, Patient, Photo } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { useAppStore } from '../app/store';
import { ContextBar } from '../camera/ContextBar';
import { PedalSetting } from '../camera/PedalSetting';
import { scanMessage, useScanStore } from '../camera/scan';
import { firesShutter, readPedalKey } from '../camera/shutter-keys';
import { TetheredPanel } from '../camera/TetheredPanel';
import { listWebcams, type WebcamDevice } from '../camera/webcam';
import { WebcamPanel, type WebcamHandle } from '../camera/WebcamPanel';
import { Filmstrip } from '../capture/Filmstrip';
import { GuidesOverlay } from '../capture/GuidesOverlay';
import { QualityPrompt } from '../capture/QualityPrompt';
import { SitePicker } from '../capture/SitePicker';
import { StillPreview } from '../capture/StillPreview';
import { useCaptureContext, useCaptureStandards } from '../capture/store';
import { TemplateRunner } from '../capture/TemplateRunner';
import { useFullscreen } from '../capture/use-fullscreen';
import { ErrorMessage } from '../components/Notice';
import { useCaptureConsentReason } from '../consent/capture-consent';
import { PrepareSigningDialog } from '../consent/PrepareSigningDialog';
import { useQuery } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { useEhrBlockStore } from './ehr/ehr-block';
import '../capture/capture.css';

interface Props {
  readonly encounter: Encounter | null;
  readonly onCaptured: (photo: Photo) => void;
  /** A capture discarded at the retake prompt: counts that included it are withdrawn. */
  readonly onDiscarded?: (photo: Photo) => void;
  /** The patient on screen; the encounter must belong to them. */
  readonly patient?: Patient | null;
}

const WEBCAM_PREFIX = 'webcam:';

export function CapturePanel({ encounter, onCaptured, onDiscarded, patient = null }: Props) {
  const t = useT();
  const f = useFormat();
  const user = useAppStore((s) => s.session?.user ?? null);
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
  const [webcamNote, setWebcamNote] = useState<{ photoId: string; method: string; width: number; height: number } | null>(null);
  const captureContext = useCaptureContext();
  const run = useCaptureStandards((s) => s.run);
  const saved = useCaptureStandards((s) => s.saved);
  const noteCapture = useCaptureStandards((s) => s.noteCapture);
  const beginFor = useCaptureStandards((s) => s.beginFor);
  const webcam = useRef<WebcamHandle>(null);
  const root = useRef<HTMLElement>(null);
  const fullscreen = useFullscreen(root, user ? `capture.mode.user.${user.id}` : null);
  const [pedalKey, setPedalKey] = useState<string | null>(() => readPedalKey(window.localStorage, user?.id ?? null));

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

  const patientId = patient?.id ?? encounter?.patientId ?? null;
  // A different patient or user starts from nothing: no site, template, retake prompt or filmstrip
  // carries over. The same patient keeps it all, also when the screen remounts (an access recheck
  // after the first photo, a trip to the patient list and back).
  const owner = `${user?.id ?? ''}:${patientId ?? ''}`;
  useEffect(() => beginFor(owner), [owner, beginFor]);

  const selectedWebcam = cameraId.startsWith(WEBCAM_PREFIX) ? (webcams.find((w) => `${WEBCAM_PREFIX}${w.deviceId}` === cameraId) ?? null) : null;
  const selectedCamera = cameras?.find((c) => c.id === cameraId) ?? null;
  const consentBlocking = useCaptureConsentReason(patientId);

  const blockedReason = !patient && !encounter
    ? t('capture.blocked.noPatient')
    : !encounter
      ? t('capture.blocked.noEncounter')
      : patient && encounter.patientId !== patient.id
        ? t('capture.blocked.otherPatient')
        : !user
          ? t('capture.blocked.notSignedIn')
          : scanBlocking
            ? scanMessage(scanBlocking, t)
            : ehrBlocking
              ? ehrBlocking
              : consentBlocking
                ? consentBlocking
                : cameras && cameras.length === 0 && webcams.length === 0
                  ? t('capture.blocked.noCamera')
                  : run?.complete
                    ? t('capture.blocked.templateComplete')
                    : !captureContext
                      ? t('capture.blocked.noSite')
                      : null;

  const target = !blockedReason && encounter && captureContext ? { encounterId: encounter.id, patientId: encounter.patientId, context: captureContext } : null;
  const ready = !!target && !!cameraId && !capturing;

  const take = useCallback(async () => {
    if (!target || !cameraId) return;
    setCapturing(true);
    setError(null);
    let result;
    let note: { method: string; width: number; height: number } | null = null;
    if (selectedWebcam) {
      try {
        const still = await webcam.current!.still();
        note = { method: still.method, width: still.width, height: still.height };
        result = await call((api) => api.capture.ingestFrame({ ...target, imageBase64: still.base64, device: selectedWebcam.label.slice(0, 200) }));
      } catch {
        result = { ok: false as const, error: { code: 'CAPTURE_FAILED' as const, message: t('capture.webcamFailed') } };
      }
    } else {
      result = await call((api) => api.capture.take({ encounterId: target.encounterId, cameraId, context: target.context }));
    }
    setCapturing(false);
    if (result.ok) {
      setWebcamNote(note ? { photoId: result.value.id, ...note } : null);
      noteCapture(result.value);
      onCaptured(result.value);
    } else {
      setError(result.error);
    }
  }, [target, cameraId, selectedWebcam, noteCapture, onCaptured, t]);

  // Space/Enter where they operate nothing else, and the pedal's key anywhere but a text field;
  // never while a dialog (the photo viewer, consent signing) is open over the screen.
  const takeRef = useRef(take);
  takeRef.current = take;
  const readyRef = useRef(ready);
  readyRef.current = ready;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
      const el = e.target instanceof Element ? e.target : null;
      const press = {
        key: e.key,
        code: e.code,
        repeat: e.repeat,
        altKey: e.altKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        target: { tag: el?.tagName ?? 'BODY', role: el?.getAttribute('role') ?? null, type: el?.getAttribute('type') ?? null, editable: el instanceof HTMLElement && el.isContentEditable },
      };
      if (!firesShutter(press, pedalKey)) return;
      e.preventDefault();
      if (readyRef.current) void takeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pedalKey]);

  const savedHere = saved && saved.encounterId === encounter?.id ? saved : null;
  const status = capturing
    ? t('capture.capturing')
    : savedHere
      ? [
          t('capture.saved', { time: f.dateTime(savedHere.capturedAt) }),
          webcamNote?.photoId === savedHere.id ? t('capture.webcamStill', { method: webcamNote.method, width: webcamNote.width, height: webcamNote.height }) : '',
        ]
          .filter(Boolean)
          .join(' ')
      : '';

  return (
    <section ref={root} className={`panel capture-ws${fullscreen.active ? ' capture-ws--full' : ''}`} aria-labelledby="capture-title">
      <div className="capture-ws__head">
        <h2 id="capture-title">{t('capture.title')}</h2>
        <ContextBar patient={patient} encounter={encounter} photographerName={user?.displayName ?? null} />
        <button type="button" className="button capture-ws__full" aria-pressed={fullscreen.active} onClick={fullscreen.toggle}>
          {fullscreen.active ? t('capture.fullscreen.exit') : t('capture.fullscreen.enter')}
        </button>
      </div>
      <div className="capture-ws__setup">
        <TemplateRunner disabled={capturing} />
        <SitePicker disabled={capturing} />
      </div>
      <div className="capture-ws__stage" dir="ltr">
        {selectedWebcam ? (
          <WebcamPanel ref={webcam} deviceId={selectedWebcam.deviceId} label={selectedWebcam.label} overlay={<GuidesOverlay patientId={patientId} />} />
        ) : (
          <StillPreview patientId={patientId} />
        )}
        {selectedCamera?.kind === 'tethered' ? (
          <TetheredPanel
            cameraId={selectedCamera.id}
            target={target}
            onCaptured={(p) => {
              noteCapture(p);
              onCaptured(p);
            }}
          />
        ) : null}
      </div>
      <div className="capture-ws__action">
        <button
          type="button"
          className="button button--primary button--shutter capture-ws__shutter"
          onClick={() => void take()}
          disabled={!ready}
          aria-busy={capturing}
          aria-describedby="capture-blocked"
          aria-keyshortcuts={pedalKey ? `Space Enter ${pedalKey}` : 'Space Enter'}
        >
          {capturing ? (
            <>
              <span className="spinner" aria-hidden="true" /> {t('capture.capturing')}
            </>
          ) : (
            t('capture.shutter')
          )}
        </button>
        <p className="capture-ws__keys muted">{pedalKey ? t('capture.keysWithPedal', { key: pedalKey }) : t('capture.keys')}</p>
        <div className="capture-ws__blocked">
          <p id="capture-blocked" className="field__hint">
            {blockedReason ?? ''}
          </p>
          {blockedReason !== null && blockedReason === consentBlocking && patient && canSign ? (
            <button type="button" className="button button--secondary" onClick={() => setSigning(true)}>
              {t('capture.signConsent')}
            </button>
          ) : null}
        </div>
        {capturing ? <div className="progress" role="progressbar" aria-label={t('capture.capturingLabel')} /> : null}
        <p className="capture-ws__status" role="status">
          {status}
        </p>
        <QualityPrompt onDiscarded={onDiscarded} />
        <ErrorMessage>{error ? messageFor(error) : camerasQuery.error ? messageFor(camerasQuery.error) : null}</ErrorMessage>
        <div className="field">
          <label htmlFor="camera-select">{t('capture.camera')}</label>
          <select id="camera-select" value={cameraId} onChange={(e) => setCameraId(e.target.value)} disabled={!cameras || (cameras.length === 0 && webcams.length === 0) || capturing}>
            {!cameras ? <option value="">{t('capture.lookingForCameras')}</option> : null}
            {cameras?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.kind === 'tethered' ? t('capture.cameraTethered', { label: c.label }) : c.label}
              </option>
            ))}
            {webcams.map((w) => (
              <option key={w.deviceId} value={`${WEBCAM_PREFIX}${w.deviceId}`}>
                {t('capture.cameraWebcam', { label: w.label })}
              </option>
            ))}
          </select>
        </div>
        <PedalSetting userId={user?.id ?? null} onChange={setPedalKey} />
      </div>
      <Filmstrip encounterId={encounter?.id ?? null} />
      {signing && patient ? <PrepareSigningDialog patient={patient} onClose={() => setSigning(false)} /> : null}
    </section>
  );
}
