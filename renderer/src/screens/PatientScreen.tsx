// One patient: identity banner, encounters, capture and the photo gallery.
import { useEffect, useRef, useState } from 'react';
import type { Encounter, Photo } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { isToday, patientName } from '../app/format';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { CapturePanel } from './CapturePanel';
import { EncounterPanel } from './EncounterPanel';
import { Gallery } from './Gallery';
import { PatientBanner } from './PatientBanner';
import { PatientAccessBanner } from './access/PatientAccessBanner';
import { useAccessGate } from './access/PatientAccessGate';
import { PhotoViewer } from './PhotoViewer';
import { CompareView } from '../compare/CompareView';
import { useT } from '../i18n';
import { useOnComparisonExported } from '../compare/exported';
import { ConsentHeaderLine } from '../consent/ConsentHeaderLine';
import { ConsentSection } from '../consent/ConsentSection';
import { PatientCorrections } from '../corrections/PatientCorrections';

export function PatientScreen({ patientId }: { readonly patientId: string }) {
  const t = useT();
  const showPatients = useAppStore((s) => s.showPatients);
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const canCapture = permissions.includes('photo.capture');
  const gate = useAccessGate();
  // Photographers outside a care relationship: the access banner explains; no refused photo call.
  const canView = permissions.includes('photo.view') && gate.status?.photos !== 'none';
  const canStart = permissions.includes('encounter.checkin');

  const patientQuery = useQuery(['patients.get', patientId], (api) => api.patients.get({ patientId }));
  const encountersQuery = useQuery(['encounters.list', patientId], async (api): Promise<Result<Encounter[]>> => {
    const r = await api.encounters.list({ patientId });
    return r.ok ? { ok: true, value: [...r.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt)) } : r;
  });
  const patient = patientQuery.data ?? null;
  const encounters: readonly Encounter[] = encountersQuery.data ?? [];
  const error = patientQuery.error ?? encountersQuery.error;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [viewing, setViewing] = useState<Photo | null>(null);
  // Bumped when a capture adds a photo: the gallery lays itself out again from the core.
  const [photosStamp, setPhotosStamp] = useState(0);
  const [comparing, setComparing] = useState<readonly Photo[] | null>(null);
  useOnComparisonExported(() => setPhotosStamp((n) => n + 1));

  // Only today's encounter is chosen for the user, once, when the list first arrives: photos must
  // never land in an old visit by default.
  const chosen = useRef(false);
  useEffect(() => {
    if (chosen.current || !encountersQuery.data) return;
    chosen.current = true;
    setSelectedId(encountersQuery.data.find((x) => isToday(x.startedAt))?.id ?? null);
  }, [encountersQuery.data]);

  if (!patient) {
    return (
      <main className="page" aria-busy={!error}>
        <button type="button" className="button button--ghost" onClick={showPatients}>
          <span aria-hidden="true" className="patient-banner__arrow">←</span> {t('patients.banner.back')}
        </button>
        {error ? <CallError error={error} /> : <p className="muted">{t('patients.banner.loading')}</p>}
      </main>
    );
  }

  const selected = encounters.find((e) => e.id === selectedId) ?? null;

  function captured(photo: Photo) {
    setPhotosStamp((n) => n + 1);
    encountersQuery.update((list) => (list ?? []).map((e) => (e.id === photo.encounterId ? { ...e, photoCount: e.photoCount + 1 } : e)));
    // A photographer's first photo of the patient creates the care relationship that shows the photos.
    if (gate.status?.photos === 'none') gate.recheck();
  }

  function discarded(photo: Photo) {
    setPhotosStamp((n) => n + 1);
    encountersQuery.update((list) => (list ?? []).map((e) => (e.id === photo.encounterId ? { ...e, photoCount: Math.max(0, e.photoCount - 1) } : e)));
  }

  return (
    <main className="page page--patient" aria-labelledby="patient-title">
      <PatientBanner patient={patient} onBack={showPatients}>
        {permissions.includes('consent.read') ? <ConsentHeaderLine patientId={patientId} /> : null}
      </PatientBanner>
      <PatientAccessBanner patientId={patientId} />
      <PatientCorrections
        patient={patient}
        onChanged={() => {
          void patientQuery.reload();
          void encountersQuery.reload();
          if (canView) setPhotosStamp((n) => n + 1);
        }}
      />
      <CallError error={error} />
      <div className="patient-layout">
        <EncounterPanel
          patientId={patientId}
          encounters={encounters}
          selectedId={selectedId}
          canStart={canStart}
          onSelect={setSelectedId}
          onStarted={(e) => {
            encountersQuery.update((list) => [e, ...(list ?? [])]);
            setSelectedId(e.id);
            // A new encounter can create the care relationship that shows the photos.
            if (gate.status?.photos === 'none') gate.recheck();
          }}
        />
        <div className="patient-layout__main">
          {/* The gallery comes first so its grid is on the first screen for every role that sees photos;
              a photographer works in capture mode, which covers the window (docs/cameras.md). */}
          {canView ? <Gallery patientId={patientId} encounters={encounters} onOpen={setViewing} onCompare={setComparing} reloadStamp={photosStamp} /> : null}
          {canCapture ? <CapturePanel encounter={selected} onCaptured={captured} onDiscarded={discarded} patient={patient} /> : null}
          {permissions.includes('consent.read') ? <ConsentSection patient={patient} /> : null}
        </div>
      </div>
      {comparing ? <CompareView photos={comparing} patientLabel={`${patientName(patient)} · MRN ${patient.mrn}`} onClose={() => setComparing(null)} /> : null}
      {viewing ? (
        <PhotoViewer
          photo={viewing}
          encounter={encounters.find((e) => e.id === viewing.encounterId)}
          patientLabel={`${patientName(patient)} · MRN ${patient.mrn}`}
          onClose={() => setViewing(null)}
          encounters={encounters}
          onCorrected={() => {
            setViewing(null);
            setPhotosStamp((n) => n + 1);
            void encountersQuery.reload();
          }}
        />
      ) : null}
    </main>
  );
}
