// Moving a photo taken under the wrong patient: find the right one, optionally one of their
// visits, give the reason. The core asks the consent gate again before anything is re-sent.
import { useState, type FormEvent } from 'react';
import type { PhotoCorrectionResult } from '../../../shared/channels/corrections';
import type { Patient, Photo } from '../../../shared/domain';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { CorrectionOutcome } from './CorrectionOutcome';
import { PatientPicker } from './PatientPicker';
import { ReasonField, reasonOk } from './ReasonField';

export function MovePhotoDialog({ photo, onClose, onMoved }: { readonly photo: Photo; readonly onClose: () => void; readonly onMoved: () => void }) {
  const t = useT();
  const f = useFormat();
  const [target, setTarget] = useState<Patient | null>(null);
  const [encounterId, setEncounterId] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [result, setResult] = useState<PhotoCorrectionResult | null>(null);
  const submit = useSubmit();
  const visits = useQuery(target ? ['encounters.list', target.id] : null, (api) => api.encounters.list({ patientId: target!.id }));

  async function move(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!target || !reasonOk(reason)) return;
    const r = await submit.run((api) => api.corrections.movePhoto({ photoId: photo.id, patientId: target.id, encounterId: encounterId === '' ? null : encounterId, reason }));
    if (r?.ok) setResult(r.value);
  }

  return (
    <Dialog title={t('corrections.photo.moveTitle')} onClose={result ? onMoved : onClose} className="dialog--form">
      {result ? (
        <CorrectionOutcome result={result} onClose={onMoved} />
      ) : (
        <form onSubmit={move} noValidate aria-busy={submit.pending}>
          <p>{t('corrections.photo.moveIntro')}</p>
          <CallError error={submit.error} />
          {target ? (
            <>
              <p className="corrections-chosen">
                {t('corrections.photo.moveChosen', { name: f.personName(target), mrn: target.mrn, birthDate: f.date(target.birthDate) })}{' '}
                <button type="button" className="button button--ghost" onClick={() => setTarget(null)}>
                  {t('common.cancel')}
                </button>
              </p>
              <Field label={t('corrections.photo.moveEncounter')}>
                {(p) => (
                  <select {...p} name="encounter" value={encounterId} onChange={(e) => setEncounterId(e.target.value)}>
                    <option value="">{t('corrections.photo.noEncounter')}</option>
                    {(visits.data ?? []).map((e) => (
                      <option key={e.id} value={e.id}>
                        {e.reason ? `${f.dateTime(e.startedAt)} — ${e.reason}` : f.dateTime(e.startedAt)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          ) : (
            <PatientPicker label={t('corrections.photo.moveSearch')} excludeId={photo.patientId} chooseLabel={t('corrections.photo.moveTo')} onChoose={setTarget} />
          )}
          <ReasonField value={reason} onChange={setReason} showError={tried} />
          <div className="form-actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--danger" disabled={submit.pending || !target}>
              {t('corrections.photo.moveConfirm')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
