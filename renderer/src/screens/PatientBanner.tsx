// The patient's identity at the top of every patient screen, so every photo is taken with it in view.
import { useEffect, useRef, type ReactNode } from 'react';
import type { Patient } from '../../../shared/domain';
import { formatAge, formatIsoDate, patientName } from '../app/format';
import { useT } from '../i18n';

/** `children`: lines shown under the identity facts (the consent line). */
export function PatientBanner({ patient, onBack, children }: { readonly patient: Patient; readonly onBack: () => void; readonly children?: ReactNode }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a patient is a page change: put the keyboard and screen reader at the patient's name.
  useEffect(() => heading.current?.focus(), [patient.id]);
  return (
    <section className="patient-banner" aria-labelledby="patient-title">
      <button type="button" className="button button--ghost patient-banner__back" onClick={onBack}>
        <span aria-hidden="true" className="patient-banner__arrow">←</span> {t('patients.banner.back')}
      </button>
      <div className="patient-banner__identity">
        <h1 id="patient-title" ref={heading} tabIndex={-1}>{patientName(patient)}</h1>
        {patient.restricted ? <span className="tag tag--restricted">{t('patients.banner.restricted')}</span> : null}
        <dl className="patient-banner__facts">
          <div>
            <dt>{t('patients.banner.mrn')}</dt>
            <dd className="mono">{patient.mrn}</dd>
          </div>
          <div>
            <dt>{t('patients.banner.birthDate')}</dt>
            <dd>
              {formatIsoDate(patient.birthDate)} <span className="muted">({formatAge(patient.birthDate)})</span>
            </dd>
          </div>
          <div>
            <dt>{t('patients.banner.sex')}</dt>
            <dd>{t(`patients.sex${patient.sex}`)}</dd>
          </div>
        </dl>
        {children}
      </div>
    </section>
  );
}
