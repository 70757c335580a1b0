// One patient: identity banner, encounters, capture and the photo gallery.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Encounter, Patient, Photo } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { isToday, patientName } from '../app/format';
import { useAppStore } from '../app/store';
import { ErrorMessage } from '../components/Notice';
import { CapturePanel } from './CapturePanel';
import { EncounterPanel } from './EncounterPanel';
import { Gallery } from './Gallery';
import { PatientBanner } from './PatientBanner';
import { PatientAccessBanner } from './access/PatientAccessBanner';
import { useAccessGate } from './access/PatientAccessGate';
import { PhotoViewer } from './PhotoViewer';

const newestFirst = (a: Photo, b: Photo): number => b.capturedAt.localeCompare(a.capturedAt);

export function PatientScreen({ patientId }: { readonly patientId: string }) {
  const showPatients = useAppStore((s) => s.showPatients);
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const canCapture = permissions.includes('photo.capture');
  const gate = useAccessGate();
  // Photographers outside a care relationship: the access banner explains; no refused photo call.
  const canView = permissions.includes('photo.view') && gate.status?.photos !== 'none';
  const canStart = permissions.includes('encounter.write');

  const [patient, setPatient] = useState<Patient | null>(null);
  const [encounters, setEncounters] = useState<readonly Encounter[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [photos, setPhotos] = useState<readonly Photo[] | null>(null);
  const [viewing, setViewing] = useState<Photo | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const refreshing = useRef<Promise<void> | null>(null);

  const loadPhotos = useCallback((): Promise<void> => {
    // Single flight: many thumbnails failing at once (expired handles) cause one refresh.
    refreshing.current ??= call((api) => api.photos.list({ patientId }))
      .then((result) => {
        if (result.ok) setPhotos([...result.value].sort(newestFirst));
        else setError(result.error);
      })
      .finally(() => {
        refreshing.current = null;
      });
    return refreshing.current;
  }, [patientId]);

  useEffect(() => {
    let live = true;
    void (async () => {
      const [p, e] = await Promise.all([call((api) => api.patients.get({ patientId })), call((api) => api.encounters.list({ patientId }))]);
      if (!live) return;
      if (!p.ok) return setError(p.error);
      setPatient(p.value);
      if (e.ok) {
        const sorted = [...e.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
        setEncounters(sorted);
        // Only today's encounter is chosen for the user: photos must never land in an old visit by default.
        const current = sorted.find((x) => isToday(x.startedAt));
        setSelectedId(current?.id ?? null);
      } else setError(e.error);
      if (canView) await loadPhotos();
    })();
    return () => {
      live = false;
    };
  }, [patientId, canView, loadPhotos]);

  if (!patient) {
    return (
      <main className="page" aria-busy={!error}>
        <button type="button" className="button button--ghost" onClick={showPatients}>
          <span aria-hidden="true">←</span> Back to patients
        </button>
        {error ? <ErrorMessage>{messageFor(error)}</ErrorMessage> : <p className="muted">Loading patient…</p>}
      </main>
    );
  }

  const selected = encounters.find((e) => e.id === selectedId) ?? null;

  function captured(photo: Photo) {
    setPhotos((list) => [photo, ...(list ?? []).filter((p) => p.id !== photo.id)]);
    setEncounters((list) => list.map((e) => (e.id === photo.encounterId ? { ...e, photoCount: e.photoCount + 1 } : e)));
  }

  return (
    <main className="page page--patient" aria-labelledby="patient-title">
      <PatientBanner patient={patient} onBack={showPatients} />
      <PatientAccessBanner patientId={patientId} />
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
      <div className="patient-layout">
        <EncounterPanel
          patientId={patientId}
          encounters={encounters}
          selectedId={selectedId}
          canStart={canStart}
          onSelect={setSelectedId}
          onStarted={(e) => {
            setEncounters((list) => [e, ...list]);
            setSelectedId(e.id);
            // A new encounter can create the care relationship that shows the photos.
            if (gate.status?.photos === 'none') gate.recheck();
          }}
        />
        <div className="patient-layout__main">
          {canCapture ? <CapturePanel encounter={selected} onCaptured={captured} patient={patient} /> : null}
          {canView ? <Gallery photos={photos} onOpen={setViewing} onHandlesExpired={() => void loadPhotos()} /> : null}
        </div>
      </div>
      {viewing ? (
        <PhotoViewer
          photo={viewing}
          encounter={encounters.find((e) => e.id === viewing.encounterId)}
          patientLabel={`${patientName(patient)} · MRN ${patient.mrn}`}
          onClose={() => setViewing(null)}
        />
      ) : null}
    </main>
  );
}
