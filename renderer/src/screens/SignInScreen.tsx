// Sign-in: password, then the second factor when the user has one. A wrong username or password
// gets one calm, non-revealing message; a lock-out counts down how long to wait, for any username,
// with the button disabled until it ends.
import { useRef, useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { fieldErrors, messageFor } from '../app/errors';
import { useAppStore } from '../app/store';
import { Field, sentence } from '../components/Field';
import { ErrorMessage, InfoMessage } from '../components/Notice';
import { t as translate, useT } from '../i18n';
import { useLockoutSeconds } from './session/lockout';
import { SecondFactorForm } from './session/SecondFactorForm';

/** The lock-out notice with the seconds still to wait (counting down), or the plain message once it is over. */
export function lockoutMessage(secondsLeft: number): string {
  if (secondsLeft <= 0) return translate('session.lockoutOver');
  return secondsLeft >= 90 ? translate('session.lockoutMinutes', { count: Math.ceil(secondsLeft / 60) }) : translate('session.lockoutSeconds', { count: secondsLeft });
}

export function SignInScreen() {
  const t = useT();
  const clinicName = useAppStore((s) => s.clinicName);
  const notice = useAppStore((s) => s.signInNotice);
  const signedIn = useAppStore((s) => s.signedIn);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  const fields = error?.code === 'VALIDATION_FAILED' ? fieldErrors(error) : {};
  const lockedOutFor = useLockoutSeconds(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call((api) => api.session.signIn({ username, password }));
    setBusy(false);
    if (result.ok) {
      setPassword('');
      if (result.value.step === 'signedIn') signedIn(result.value.session);
      else setNeedsCode(true);
      return;
    }
    setError(result.error);
    if (result.error.code === 'INVALID_CREDENTIALS' || result.error.code === 'TOO_MANY_ATTEMPTS') {
      setPassword('');
      passwordRef.current?.focus();
    }
  }

  if (needsCode) {
    return (
      <main className="auth" aria-labelledby="signin-title">
        <div className="auth__card">
          <p className="auth__eyebrow">{clinicName ?? t('app.product')}</p>
          <h1 id="signin-title">{t('session.signInTitle')}</h1>
          <SecondFactorForm onSignedIn={signedIn} onCancel={() => setNeedsCode(false)} />
        </div>
      </main>
    );
  }

  return (
    <main className="auth" aria-labelledby="signin-title">
      <form className="auth__card" onSubmit={submit} noValidate aria-busy={busy}>
        <p className="auth__eyebrow">{clinicName ?? t('app.product')}</p>
        <h1 id="signin-title">{t('session.signInTitle')}</h1>
        {error ? null : <InfoMessage>{notice}</InfoMessage>}
        <ErrorMessage>{error ? (error.code === 'TOO_MANY_ATTEMPTS' ? lockoutMessage(lockedOutFor) : messageFor(error)) : null}</ErrorMessage>
        <Field label={t('session.username')} error={sentence(t('session.username'), fields.username)}>
          {(p) => (
            <input {...p} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
          )}
        </Field>
        <Field label={t('session.password')} error={sentence(t('session.password'), fields.password)}>
          {(p) => <input {...p} ref={passwordRef} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary button--block" disabled={busy || lockedOutFor > 0}>
            {busy ? t('session.signingIn') : t('session.signIn')}
          </button>
        </div>
      </form>
    </main>
  );
}
