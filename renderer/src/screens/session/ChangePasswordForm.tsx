// Changing one's own password: the current one is checked by unwrapping the user's own key slot,
// the new one must meet the shared policy (explained here as the user types).
import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../../../shared/password-policy';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import type { SessionInfo } from '../../app/store';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';

interface Props {
  readonly username: string;
  readonly onChanged: (session: SessionInfo) => void;
  readonly currentLabel?: string;
}

export function ChangePasswordForm({ username, onChanged, currentLabel: currentLabelGiven }: Props) {
  const t = useT();
  const currentLabel = currentLabelGiven ?? t('session.currentPassword');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = { ...(error ? fieldErrors(error) : {}), ...local };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const weak = passwordProblem(next, username);
    if (weak) problems.newPassword = weak;
    if (confirm !== next) problems.confirm = t('session.newMismatch');
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const result = await call((api) => api.session.changePassword({ currentPassword: current, newPassword: next }));
    setBusy(false);
    if (result.ok) {
      setCurrent('');
      setNext('');
      setConfirm('');
      onChanged(result.value);
      return;
    }
    setError(result.error);
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={busy} aria-labelledby="change-password-title">
      <h2 id="change-password-title">{t('session.changePasswordTitle')}</h2>
      <ErrorMessage>{error && !error.fields ? messageFor(error) : null}</ErrorMessage>
      <Field label={currentLabel} error={sentence(currentLabel, fields.currentPassword)}>
        {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label={t('session.newPassword')} hint={t('session.newPasswordHint', { min: MIN_PASSWORD_LENGTH })} error={sentence(t('session.newPassword'), fields.newPassword)}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label={t('session.confirmNewPassword')} error={sentence(t('session.confirmNewPassword'), fields.confirm)}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('session.saving') : t('session.changePasswordButton')}
        </button>
      </div>
    </form>
  );
}
