// Merging a duplicate record of the same person into the open one: find it, check it is the same
// person, give the reason, merge. Afterwards: what moved, and whether delivered copies need work.
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../shared/contract';
import type { Patient } from '../../../shared/domain';
import { Dialog } from '../components/Dialog';
import { InfoMessage } from '../components/Notice';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { PatientPicker } from './PatientPicker';
import { ReasonField, reasonOk } from './ReasonField';

type Merged = ResponseOf<'corrections', 'mergePatients'>;

export function MergePatientDialog({ patient, onClose, onMerged }: { readonly patient: Patient; readonly onClose: () => void; readonly onMerged: () => void }) {
  const t = useT();
  const f = useFormat();
  const [duplicate, setDuplicate] = useState<Patient | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [merged, setMerged] = useState<Merged | null>(null);
  const submit = useSubmit();

  async function merge(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!duplicate || !reasonOk(reason)) return;
    const r = await submit.run((api) => api.corrections.mergePatients({ fromPatientId: duplicate.id, intoPatientId: patient.id, reason }));
    if (r?.ok) setMerged(r.value);
  }

  const describe = (p: Patient) => ({ name: f.personName(p), mrn: p.mrn, birthDate: f.date(p.birthDate) });
  const flagged = merged ? merged.photos.filter((p) => p.remoteOutcome === 'flagged').length : 0;
  return (
    <Dialog title={t('corrections.merge.title')} subtitle={<p className="dialog__subtitle">{t('corrections.merge.candidate', describe(patient))}</p>} onClose={merged ? onMerged : onClose} className="dialog--form">
      {merged ? (
        <div>
          <InfoMessage>
            {t('corrections.merge.done', { photos: merged.moved.photoIds.length, encounters: merged.moved.encounterIds.length, consents: merged.moved.consentIds.length })}
          </InfoMessage>
          {flagged > 0 ? <p className="corrections-outcome__attention">{t('corrections.merge.flagged', { count: flagged })}</p> : null}
          <div className="form-actions">
            <button type="button" className="button button--primary" onClick={onMerged} autoFocus>
              {t('corrections.outcome.close')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={merge} noValidate aria-busy={submit.pending}>
          <p>{t('corrections.merge.intro')}</p>
          <CallError error={submit.error} />
          {duplicate ? (
            <p className="corrections-chosen">
              {t('corrections.merge.chosen', describe(duplicate))}{' '}
              <button type="button" className="button button--ghost" onClick={() => setDuplicate(null)}>
                {t('common.cancel')}
              </button>
            </p>
          ) : (
            <PatientPicker label={t('corrections.merge.search')} excludeId={patient.id} chooseLabel={t('corrections.merge.choose')} onChoose={setDuplicate} />
          )}
          <ReasonField value={reason} onChange={setReason} showError={tried} />
          <div className="form-actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--danger" disabled={submit.pending || !duplicate}>
              {t('corrections.merge.confirm')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
