// Who and what every capture is for, always in view on the capture screen: patient (name, MRN,
// date of birth), encounter, the encounter's provider (the clinician the photos are stored under)
// and the photographer (who is signed in and holds the camera). The provider shown is the one the
// core stores with each photo, never the signed-in user standing in for it.
import type { ReactNode } from 'react';
import type { Encounter, Patient } from '../../../shared/domain';
import { patientName } from '../app/format';
import { useFormat, useT } from '../i18n';

interface Props {
  readonly patient: Patient | null;
  readonly encounter: Encounter | null;
  /** The signed-in user: the photographer of every photo taken here. */
  readonly photographerName: string | null;
  /** Beside the facts (the full-screen switch). */
  readonly children?: ReactNode;
}

export function ContextBar({ patient, encounter, photographerName, children }: Props) {
  const t = useT();
  const f = useFormat();
  const missing = <span className="context-bar__missing">{t('camera.context.notSet')}</span>;
  return (
    <section className="context-bar" aria-label={t('camera.context.label')}>
      <dl className="context-bar__facts">
        <div>
          <dt>{t('camera.context.patient')}</dt>
          <dd>{patient ? patientName(patient) : missing}</dd>
        </div>
        <div>
          <dt>{t('camera.context.mrn')}</dt>
          <dd className="mono">{patient?.mrn ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('camera.context.birthDate')}</dt>
          <dd>{patient ? f.date(patient.birthDate) : '—'}</dd>
        </div>
        <div>
          <dt>{t('camera.context.encounter')}</dt>
          <dd>{encounter ? (encounter.reason ? t('camera.context.encounterWithReason', { when: f.dateTime(encounter.startedAt), reason: encounter.reason }) : f.dateTime(encounter.startedAt)) : missing}</dd>
        </div>
        <div>
          <dt>{t('camera.context.provider')}</dt>
          <dd>{encounter ? encounter.providerName : missing}</dd>
        </div>
        <div>
          <dt>{t('camera.context.photographer')}</dt>
          <dd>{photographerName ?? missing}</dd>
        </div>
      </dl>
      {children}
    </section>
  );
}
