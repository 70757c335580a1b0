// Correcting a patient's demographics with a reason; only the changed fields are sent, and the
// core keeps the earlier values in the record's history.
import { useState, type FormEvent } from 'react';
import { SEXES, type Patient, type Sex } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { fieldErrors, messageFor } from '../app/errors';
import { Dialog } from '../components/Dialog';
import { Field, sentence } from '../components/Field';
import { ErrorMessage } from '../components/Notice';
import { useT } from '../i18n';
import { ReasonField, reasonOk } from './ReasonField';
import { DateInput, stopAtUnreadableDate } from '../components/DateInput';

interface Props {
  readonly patient: Patient;
  readonly onClose: () => void;
  readonly onSaved: (patient: Patient) => void;
}

export function EditPatientDialog({ patient, onClose, onSaved }: Props) {
  const t = useT();
  const [form, setForm] = useState({ mrn: patient.mrn, familyName: patient.familyName, givenName: patient.givenName, birthDate: patient.birthDate, sex: patient.sex });
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const [unchanged, setUnchanged] = useState(false);
  const fields = fieldErrors(error);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stopAtUnreadableDate(event)) return;
    setTried(true);
    if (!reasonOk(reason)) return;
    const changed = Object.fromEntries(Object.entries(form).filter(([k, v]) => v !== patient[k as keyof typeof form]));
    setUnchanged(Object.keys(changed).length === 0);
    if (Object.keys(changed).length === 0) return;
    setBusy(true);
    const r = await call((api) => api.corrections.editPatient({ patientId: patient.id, reason, ...changed }));
    setBusy(false);
    if (r.ok) onSaved(r.value);
    else setError(r.error);
  }

  const label = (key: 'mrn' | 'familyName' | 'givenName' | 'birthDate' | 'sex') => t(`corrections.field.${key}`);
  return (
    <Dialog title={t('corrections.edit.title')} onClose={onClose} className="dialog--form">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorMessage>{unchanged ? t('corrections.nothingChanged') : error && Object.keys(fields).length === 0 ? messageFor(error) : null}</ErrorMessage>
        <Field label={label('mrn')} error={sentence(label('mrn'), fields.mrn)}>
          {(p) => <input {...p} name="mrn" autoComplete="off" spellCheck={false} value={form.mrn} onChange={(e) => set('mrn')(e.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label={label('familyName')} error={sentence(label('familyName'), fields.familyName)}>
            {(p) => <input {...p} name="familyName" autoComplete="off" value={form.familyName} onChange={(e) => set('familyName')(e.target.value)} />}
          </Field>
          <Field label={label('givenName')} error={sentence(label('givenName'), fields.givenName)}>
            {(p) => <input {...p} name="givenName" autoComplete="off" value={form.givenName} onChange={(e) => set('givenName')(e.target.value)} />}
          </Field>
        </div>
        <div className="form-row">
          <Field label={label('birthDate')} error={sentence(label('birthDate'), fields.birthDate)}>
            {(p) => <DateInput {...p} name="birthDate" readBack="problems" value={form.birthDate} onValue={set('birthDate')} />}
          </Field>
          <Field label={label('sex')} error={sentence(label('sex'), fields.sex)}>
            {(p) => (
              <select {...p} name="sex" value={form.sex} onChange={(e) => set('sex')(e.target.value as Sex)}>
                {SEXES.map((s) => (
                  <option key={s} value={s}>
                    {t(`corrections.sex.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ReasonField value={reason} onChange={setReason} showError={tried} />
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('corrections.edit.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
