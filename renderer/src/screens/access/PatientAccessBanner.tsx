// On the patient screen, under the identity banner: a flag for as long as break-glass access
// lasts (with its end time and a way to end it now), and for photographers outside a care
// relationship, why the photos are not shown and how to get them.
import { useEffect, useState } from 'react';
import { call } from '../../app/clinic';
import { useAppStore } from '../../app/store';
import { useFormat, useT } from '../../i18n';
import { BreakGlassDialog } from './BreakGlassDialog';
import { useAccessGate } from './PatientAccessGate';

export function PatientAccessBanner({ patientId }: { readonly patientId: string }) {
  const t = useT();
  const f = useFormat();
  const { status, recheck, setStatus } = useAccessGate();
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const [breaking, setBreaking] = useState(false);
  const expiresAt = status?.breakGlassExpiresAt ?? null;
  const emergency = status !== null && (status.record === 'break-glass' || status.photos === 'break-glass');

  // When the window closes, ask the core again: the gate then shows the blocked panel.
  useEffect(() => {
    if (!emergency || !expiresAt) return;
    const timer = setTimeout(recheck, Math.max(0, new Date(expiresAt).getTime() - Date.now()) + 500);
    return () => clearTimeout(timer);
  }, [emergency, expiresAt, recheck]);

  if (!status) return null;

  if (emergency && expiresAt) {
    return (
      <section className="break-glass-banner" role="region" aria-label={t('access.banner.emergency')}>
        <p>
          <strong>{t('access.banner.emergencyTitle')}</strong> {t('access.banner.emergencyUntil', { time: f.time(expiresAt) })}
        </p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void call((api) => api.access.endBreakGlass({ patientId })).then((r) => (r.ok ? setStatus(r.value) : recheck()))}
        >
          {t('access.banner.end')}
        </button>
      </section>
    );
  }

  const photosWithheld = permissions.includes('photo.view') && status.photos === 'none';
  if (!photosWithheld) return status.restricted ? <p className="access-note">{t(status.record === 'grant' ? 'access.banner.restrictedGrant' : 'access.banner.restrictedOwn')}</p> : null;
  return (
    <section className="access-note" aria-label={t('access.banner.photoAccess')}>
      <p>{t('access.banner.photosWithheld')}</p>
      {permissions.includes('patient.break-glass') ? (
        <button type="button" className="button button--secondary" onClick={() => setBreaking(true)}>
          {t('access.banner.seePhotos')}
        </button>
      ) : null}
      {breaking ? (
        <BreakGlassDialog
          patientId={patientId}
          minutes={status.breakGlassMinutes}
          onClose={() => setBreaking(false)}
          onOpened={(s) => {
            setBreaking(false);
            setStatus(s);
          }}
        />
      ) : null}
    </section>
  );
}
