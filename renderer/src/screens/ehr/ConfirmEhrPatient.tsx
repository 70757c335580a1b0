// Opening a patient that comes from the EHR: the user confirms two identifiers (MRN and birth date,
// asked of the patient or read from the wristband) before the local record opens, or before the
// patient is registered here. The core checks them again against the EHR and the local records.
import type { EhrPatient } from '../../../../shared/channels/ehr';
import { useAppStore } from '../../app/store';
import { Dialog } from '../../components/Dialog';
import { CallError } from '../../data/CallError';
import { useSubmit } from '../../data/hooks';
import { useFormat, useT, type Translate } from '../../i18n';

export function ConfirmEhrPatient({ patient, onClose }: { readonly patient: EhrPatient; readonly onClose: () => void }) {
  const t = useT();
  const f = useFormat();
  const openPatient = useAppStore((s) => s.openPatient);
  const submit = useSubmit();
  const registering = patient.match.status === 'new';

  async function confirm() {
    if (!patient.mrn || !patient.birthDate) return;
    const r = await submit.run((api) => api.ehr.openPatient({ fhirId: patient.fhirId, mrn: patient.mrn!, birthDate: patient.birthDate! }));
    if (r?.ok) {
      onClose();
      openPatient(r.value.patientId);
    }
  }

  return (
    <Dialog title={t(registering ? 'ehr.confirm.registerTitle' : 'ehr.confirm.title')} onClose={onClose}>
      <p>{t('ehr.confirm.lead')}</p>
      <dl className="patient-banner__facts">
        <dt>{t('ehr.name')}</dt>
        <dd>
          {patient.familyName}, {patient.givenName}
        </dd>
        <dt>{t('ehr.mrn')}</dt>
        <dd className="mono">{patient.mrn}</dd>
        <dt>{t('ehr.birthDate')}</dt>
        <dd>{patient.birthDate ? f.date(patient.birthDate) : '—'}</dd>
        <dt>{t('ehr.sex')}</dt>
        <dd>{t(`ehr.sex.${patient.sex}`)}</dd>
      </dl>
      <CallError error={submit.error} />
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('ehr.cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={submit.pending} onClick={() => void confirm()}>
          {t(registering ? 'ehr.confirm.register' : 'ehr.confirm.open')}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * What the row says about the local match, and whether it may be opened at all. The core's reason
 * for a block (which identifier disagrees) is its own sentence and follows as it came.
 */
export function matchLabel(t: Translate, p: EhrPatient): { text: string; openable: boolean } {
  switch (p.match.status) {
    case 'confirmed':
      return { text: t('ehr.match.confirmed'), openable: true };
    case 'new':
      return { text: t('ehr.match.new'), openable: true };
    case 'mismatch':
      return { text: t('ehr.match.blocked', { reason: p.match.reason ?? t('ehr.match.disagree') }), openable: false };
    case 'unidentified':
      return { text: t('ehr.match.blocked', { reason: p.match.reason ?? t('ehr.match.unconfirmable') }), openable: false };
  }
}
