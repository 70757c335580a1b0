// Register a new patient: MRN, name, date of birth and sex, with the core's field errors inline.
import { useState, type FormEvent } from 'react';
import { SEXES, SEX_LABELS, type Patient, type Sex } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { fieldErrors, messageFor } from '../app/errors';
import { formatAge, formatIsoDate, todayIso } from '../app/format';
import { Dialog } from '../components/Dialog';
import { Field, sentence } from '../components/Field';
import { ErrorMessage } from '../components/Notice';
import { focusFirstInvalid } from './SetupScreen';

interface Props {
  readonly onClose: () => void;
  readonly onRegistered: (patient: Patient) => void;
}

export function RegisterPatientDialog({ onClose, onRegistered }: Props) {
  const [mrn, setMrn] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [givenName, setGivenName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [sex, setSex] = useState<Sex | ''>('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = { ...fieldErrors(error), ...local };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!birthDate) problems.birthDate = 'is required';
    if (!sex) problems.sex = 'is required';
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0 || !sex) {
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

  const summary = error ? (error.code === 'VALIDATION_FAILED' ? 'Some fields need attention.' : messageFor(error)) : null;

  return (
    <Dialog title="Register patient" onClose={onClose} className="dialog--form">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorMessage>{summary}</ErrorMessage>
        <Field label="MRN" hint="Medical record number, as printed on the patient's record." error={sentence('MRN', fields.mrn)}>
          {(p) => <input {...p} name="mrn" autoComplete="off" spellCheck={false} value={mrn} onChange={(e) => setMrn(e.target.value)} autoFocus />}
        </Field>
        <div className="form-row">
          <Field label="Family name" error={sentence('Family name', fields.familyName)}>
            {(p) => <input {...p} name="familyName" autoComplete="off" value={familyName} onChange={(e) => setFamilyName(e.target.value)} />}
          </Field>
          <Field label="Given name" error={sentence('Given name', fields.givenName)}>
            {(p) => <input {...p} name="givenName" autoComplete="off" value={givenName} onChange={(e) => setGivenName(e.target.value)} />}
          </Field>
        </div>
        <div className="form-row">
          <Field label="Date of birth" hint={birthDate ? `${formatIsoDate(birthDate)} (age ${formatAge(birthDate)})` : undefined} error={sentence('Date of birth', fields.birthDate)}>
            {(p) => <input {...p} type="date" name="birthDate" min="1900-01-01" max={todayIso()} value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />}
          </Field>
          <Field label="Sex" error={sentence('Sex', fields.sex)}>
            {(p) => (
              <select {...p} name="sex" value={sex} onChange={(e) => setSex(e.target.value as Sex | '')}>
                <option value="" disabled>
                  Choose…
                </option>
                {SEXES.map((s) => (
                  <option key={s} value={s}>
                    {SEX_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Registering…' : 'Register patient'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
