// Opening a patient that comes from the EHR: the user confirms two identifiers (MRN and birth date,
// asked of the patient or read from the wristband) before the local record opens, or before the
// patient is registered here. The core checks them again against the EHR and the local records.
import type { EhrPatient } from '../../../../shared/channels/ehr';
import { SEX_LABELS } from '../../../../shared/domain';
import { formatIsoDate } from '../../app/format';
import { useAppStore } from '../../app/store';
import { Dialog } from '../../components/Dialog';
import { CallError } from '../../data/CallError';
import { useSubmit } from '../../data/hooks';

export function ConfirmEhrPatient({ patient, onClose }: { readonly patient: EhrPatient; readonly onClose: () => void }) {
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
    <Dialog title={registering ? 'Register this patient from the EHR' : 'Confirm the patient'} onClose={onClose}>
      <p>Check two identifiers with the patient or their wristband before you continue.</p>
      <dl className="patient-banner__facts">
        <dt>Name</dt>
        <dd>
          {patient.familyName}, {patient.givenName}
        </dd>
        <dt>MRN</dt>
        <dd className="mono">{patient.mrn}</dd>
        <dt>Date of birth</dt>
        <dd>{patient.birthDate ? formatIsoDate(patient.birthDate) : '—'}</dd>
        <dt>Sex</dt>
        <dd>{SEX_LABELS[patient.sex]}</dd>
      </dl>
      <CallError error={submit.error} />
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" disabled={submit.pending} onClick={() => void confirm()}>
          {registering ? 'MRN and birth date confirmed: register' : 'MRN and birth date confirmed: open'}
        </button>
      </div>
    </Dialog>
  );
}

/** What the row says about the local match, and whether it may be opened at all. */
export function matchLabel(p: EhrPatient): { text: string; openable: boolean } {
  switch (p.match.status) {
    case 'confirmed':
      return { text: 'On this workstation', openable: true };
    case 'new':
      return { text: 'Not registered here yet', openable: true };
    case 'mismatch':
      return { text: `Blocked: ${p.match.reason ?? 'the records disagree'}`, openable: false };
    case 'unidentified':
      return { text: `Blocked: ${p.match.reason ?? 'cannot be confirmed'}`, openable: false };
  }
}
