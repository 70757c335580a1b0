// Register a new patient: MRN, name, date of birth and sex. An empty form flags every missing field
// at once; a date of birth in the future is refused here, before the core is asked; a person with
// one name (mononymous) leaves the given name empty. The core's own field errors show inline too.
import { useState, type FormEvent } from 'react';
import { SEXES, type Patient, type Sex } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { fieldErrors, messageFor } from '../app/errors';
import { todayIso } from '../app/format';
import { Dialog } from '../components/Dialog';
import { Field, sentence } from '../components/Field';
import { ErrorMessage } from '../components/Notice';
import { useFormat, useT } from '../i18n';
import { draftProblems } from './register-draft';
import { focusFirstInvalid } from './SetupScreen';
import { DateInput, stopAtUnreadableDate } from '../components/DateInput';

interface Props {
  readonly onClose: () => void;
  readonly onRegistered: (patient: Patient) => void;
}

const SEX_MESSAGE = { F: 'patients.sexF', M: 'patients.sexM', O: 'patients.sexO', U: 'patients.sexU' } as const;

export function RegisterPatientDialog({ onClose, onRegistered }: Props) {
  const t = useT();
  const f = useFormat();
  const [mrn, setMrn] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [givenName, setGivenName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [sex, setSex] = useState<Sex | ''>('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = { ...fieldErrors(error), ...local };
  const today = todayIso();
  const futureBirth = birthDate !== '' && birthDate > today;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stopAtUnreadableDate(event)) return;
    const problems = draftProblems({ mrn, familyName, birthDate, sex }, today);
    setLocal(Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, p === 'future' ? t('fields.futureDate') : t('fields.required')])));
    setError(null);
    if (Object.keys(problems).length > 0 || sex === '') {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await call((api) => api.patients.register({ mrn, familyName, givenName, birthDate, sex }));
    setBusy(false);
    if (result.ok) onRegistered(result.value);
    else {
      setError(result.error);
      focusFirstInvalid();
    }
  }

  const summary = error ? (error.code === 'VALIDATION_FAILED' ? t('patients.fieldsNeedAttention') : messageFor(error)) : Object.keys(local).length > 1 ? t('patients.fieldsNeedAttention') : null;

  return (
    <Dialog title={t('patients.registerTitle')} onClose={onClose} className="dialog--form">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorMessage>{summary}</ErrorMessage>
        <Field label={t('patients.mrnLabel')} hint={t('patients.mrnHint')} error={sentence(t('patients.mrnLabel'), fields.mrn)}>
          {(p) => <input {...p} name="mrn" autoComplete="off" spellCheck={false} value={mrn} onChange={(e) => setMrn(e.target.value)} autoFocus />}
        </Field>
        <div className="form-row">
          <Field label={t('patients.familyNameLabel')} hint={t('patients.familyNameHint')} error={sentence(t('patients.familyNameLabel'), fields.familyName)}>
            {(p) => <input {...p} name="familyName" autoComplete="off" dir="auto" value={familyName} onChange={(e) => setFamilyName(e.target.value)} />}
          </Field>
          <Field label={t('patients.givenNameLabel')} hint={t('patients.givenNameHint')} error={sentence(t('patients.givenNameLabel'), fields.givenName)}>
            {(p) => <input {...p} name="givenName" autoComplete="off" dir="auto" value={givenName} onChange={(e) => setGivenName(e.target.value)} />}
          </Field>
        </div>
        <div className="form-row">
          <Field
            label={t('patients.birthDateLabel')}
            hint={birthDate && !futureBirth ? t('patients.birthDateHint', { date: f.date(birthDate), age: f.age(birthDate) }) : undefined}
            error={sentence(t('patients.birthDateLabel'), futureBirth ? t('fields.futureDate') : fields.birthDate)}
          >
            {(p) => <DateInput {...p} name="birthDate" readBack="problems" value={birthDate} onValue={setBirthDate} />}
          </Field>
          <Field label={t('patients.sexLabel')} error={sentence(t('patients.sexLabel'), fields.sex)}>
            {(p) => (
              <select {...p} name="sex" value={sex} onChange={(e) => setSex(e.target.value as Sex | '')}>
                <option value="" disabled>
                  {t('patients.choose')}
                </option>
                {SEXES.map((s) => (
                  <option key={s} value={s}>
                    {t(SEX_MESSAGE[s])}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('patients.registering') : t('patients.register')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
