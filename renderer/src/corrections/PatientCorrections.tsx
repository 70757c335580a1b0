// The patient screen's corrections (docs/corrections.md): correct the details, merge a duplicate
// into this record, mark it entered in error, read its history, restore a deleted photo; each offered only to roles that
// may (docs/access-control.md, "Corrections"). A merged or erroneous record says so instead.
import { useState } from 'react';
import type { Patient } from '../../../shared/domain';
import { useAppStore } from '../app/store';
import { InfoMessage } from '../components/Notice';
import { useT } from '../i18n';
import { DeletedPhotosDialog } from './DeletedPhotosDialog';
import { EditPatientDialog } from './EditPatientDialog';
import { EnteredInErrorDialog } from './EnteredInErrorDialog';
import { MergePatientDialog } from './MergePatientDialog';
import { PatientHistoryDialog } from './PatientHistoryDialog';
import './corrections.css';

type Open = 'edit' | 'merge' | 'error' | 'history' | 'deleted' | null;

interface Props {
  readonly patient: Patient;
  /** The record changed (details, or photos and visits moved in): the screen reloads it. */
  readonly onChanged: () => void;
}

export function PatientCorrections({ patient, onChanged }: Props) {
  const t = useT();
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const openPatient = useAppStore((s) => s.openPatient);
  const showPatients = useAppStore((s) => s.showPatients);
  const [open, setOpen] = useState<Open>(null);
  const [saved, setSaved] = useState(false);
  const may = (p: string) => permissions.includes(p as (typeof permissions)[number]);

  if (patient.mergedInto) {
    const survivor = patient.mergedInto;
    return (
      <div className="corrections-bar corrections-bar--notice" role="status">
        <p>{t('corrections.patient.mergedNotice')}</p>
        <button type="button" className="button button--primary" onClick={() => openPatient(survivor)}>
          {t('corrections.patient.openSurvivor')}
        </button>
      </div>
    );
  }
  if (patient.enteredInError) {
    return (
      <div className="corrections-bar corrections-bar--notice" role="status">
        <p>{t('corrections.patient.enteredInErrorNotice')}</p>
      </div>
    );
  }
  return (
    <section className="corrections-bar" aria-label={t('corrections.patient.actions')}>
      <InfoMessage>{saved ? t('corrections.edit.saved') : null}</InfoMessage>
      <div className="corrections-bar__buttons">
        {may('patient.correct') ? (
          <button type="button" className="button button--secondary" onClick={() => setOpen('edit')}>
            {t('corrections.patient.edit')}
          </button>
        ) : null}
        {may('patient.merge') ? (
          <>
            <button type="button" className="button button--secondary" onClick={() => setOpen('merge')}>
              {t('corrections.patient.merge')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setOpen('error')}>
              {t('corrections.patient.enteredInError')}
            </button>
          </>
        ) : null}
        <button type="button" className="button button--ghost" onClick={() => setOpen('history')}>
          {t('corrections.patient.history')}
        </button>
        {may('photo.delete') ? (
          <button type="button" className="button button--ghost" onClick={() => setOpen('deleted')}>
            {t('corrections.deleted.button')}
          </button>
        ) : null}
      </div>
      {open === 'edit' ? (
        <EditPatientDialog
          patient={patient}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            setSaved(true);
            onChanged();
          }}
        />
      ) : null}
      {open === 'merge' ? (
        <MergePatientDialog
          patient={patient}
          onClose={() => setOpen(null)}
          onMerged={() => {
            setOpen(null);
            onChanged();
          }}
        />
      ) : null}
      {open === 'error' ? (
        <EnteredInErrorDialog
          patient={patient}
          onClose={() => setOpen(null)}
          onMarked={() => {
            setOpen(null);
            showPatients();
          }}
        />
      ) : null}
      {open === 'history' ? <PatientHistoryDialog patientId={patient.id} onClose={() => setOpen(null)} /> : null}
      {open === 'deleted' ? <DeletedPhotosDialog patientId={patient.id} onClose={() => setOpen(null)} onRestored={onChanged} /> : null}
    </section>
  );
}
