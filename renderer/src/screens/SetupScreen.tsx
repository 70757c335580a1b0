// First run: name the clinic and create the administrator, who is signed in straight away; or
// restore a lost workstation from its off-site archive (setup/RestoreScreen.tsx).
import { useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { fieldErrors, messageFor } from '../app/errors';
import { useAppStore, type SessionInfo } from '../app/store';
import { Field, sentence } from '../components/Field';
import { ErrorMessage } from '../components/Notice';
import { useT } from '../i18n';
import { RecoveryCodeNotice } from './keys/RecoveryCodeNotice';
import { RestoreScreen } from './setup/RestoreScreen';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../../shared/password-policy';


export function SetupScreen() {
  const t = useT();
  const signedIn = useAppStore((s) => s.signedIn);
  const [clinicName, setClinicName] = useState('');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // The recovery code from setup: shown once, then dropped with this component's state.
  const [created, setCreated] = useState<{ session: SessionInfo; recoveryCode: string } | null>(null);
  const [restoring, setRestoring] = useState(false);

  const fields = { ...fieldErrors(error, 'admin.'), ...local };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const weak = password.length > 0 ? passwordProblem(password, username.trim()) : null;
    if (weak) problems.password = weak;
    if (confirm !== password) problems.confirm = t('setup.mismatch');
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await call((api) => api.setup.initialize({ clinicName, admin: { username, displayName, password } }));
    setBusy(false);
    if (result.ok) {
      const { recoveryCode, ...session } = result.value;
      setCreated({ session, recoveryCode });
    }
    else {
      setError(result.error);
      focusFirstInvalid();
    }
  }

  if (restoring) return <RestoreScreen onCancel={() => setRestoring(false)} />;

  if (created) {
    return (
      <main className="auth" aria-labelledby="setup-title">
        <div className="auth__card auth__card--wide">
          <p className="auth__eyebrow">{t('app.product')}</p>
          <h1 id="setup-title">{t('setup.doneTitle')}</h1>
          <RecoveryCodeNotice
            code={created.recoveryCode}
            onDone={() => {
              const { session } = created;
              setCreated(null);
              signedIn(session);
            }}
          />
        </div>
      </main>
    );
  }

  return (
    <main className="auth" aria-labelledby="setup-title">
      <form className="auth__card auth__card--wide" onSubmit={submit} noValidate aria-busy={busy}>
        <p className="auth__eyebrow">{t('app.product')}</p>
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p className="auth__lead">{t('setup.lead')}</p>
        <ErrorMessage>{error && !error.fields ? messageFor(error) : error ? t('errors.VALIDATION_FAILED') : null}</ErrorMessage>
        <Field label={t('setup.clinicName')} error={sentence(t('setup.clinicName'), fields.clinicName)}>
          {(p) => <input {...p} name="clinicName" autoComplete="organization" value={clinicName} onChange={(e) => setClinicName(e.target.value)} required autoFocus />}
        </Field>
        <div className="form-row">
          <Field label={t('setup.adminUsername')} hint={t('setup.usernameHint')} error={sentence(t('session.username'), fields.username)}>
            {(p) => <input {...p} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} required />}
          </Field>
          <Field label={t('setup.fullName')} error={sentence(t('setup.fullName'), fields.displayName)}>
            {(p) => <input {...p} name="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('session.password')} hint={t('setup.passwordHint', { min: MIN_PASSWORD_LENGTH })} error={sentence(t('session.password'), fields.password)}>
            {(p) => <input {...p} type="password" name="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
          </Field>
          <Field label={t('setup.confirmPassword')} error={sentence(t('setup.confirmation'), fields.confirm)}>
            {(p) => <input {...p} type="password" name="confirm" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('setup.settingUp') : t('setup.setUpButton')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setRestoring(true)} disabled={busy}>
            {t('setup.restoreButton')}
          </button>
        </div>
      </form>
    </main>
  );
}

/** After a failed submit, put the keyboard on the first field that needs attention. */
export function focusFirstInvalid() {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  });
}
