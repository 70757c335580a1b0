// Marking a registration that should not exist: kept for the audit trail, hidden from every list.
import { useState, type FormEvent } from 'react';
import type { Patient } from '../../../shared/domain';
import { Dialog } from '../components/Dialog';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { ReasonField, reasonOk } from './ReasonField';

export function EnteredInErrorDialog({ patient, onClose, onMarked }: { readonly patient: Patient; readonly onClose: () => void; readonly onMarked: () => void }) {
  const t = useT();
  const f = useFormat();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const submit = useSubmit();

  async function mark(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!reasonOk(reason)) return;
    const r = await submit.run((api) => api.corrections.markEnteredInError({ patientId: patient.id, reason }));
    if (r?.ok) onMarked();
  }

  return (
    <Dialog title={t('corrections.error.title')} subtitle={<p className="dialog__subtitle">{`${f.personName(patient)} · ${patient.mrn}`}</p>} onClose={onClose} className="dialog--form">
      <form onSubmit={mark} noValidate aria-busy={submit.pending}>
        <p>{t('corrections.error.intro')}</p>
        <CallError error={submit.error} />
        <ReasonField value={reason} onChange={setReason} showError={tried} />
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--danger" disabled={submit.pending}>
            {t('corrections.error.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
