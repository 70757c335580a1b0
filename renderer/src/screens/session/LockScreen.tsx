// The lock screen. It replaces the whole app, so nothing of the previous screen (no patient name,
// no photo) stays in the DOM; it names only the clinic and the staff member whose session it is.
// Unlock with that user's password (and code), or switch user, which ends their session.
import { useRef, useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import { useAppStore, type SessionInfo } from '../../app/store';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';
import { lockoutMessage } from '../SignInScreen';
import { useLockoutSeconds } from './lockout';
import { SecondFactorForm } from './SecondFactorForm';
import './session.css';

type Mode = 'unlock' | 'switch' | 'code';

export function LockScreen() {
  const t = useT();
  const session = useAppStore((s) => s.session);
  const clinicName = useAppStore((s) => s.clinicName);
  const sessionUpdated = useAppStore((s) => s.sessionUpdated);
  const signedIn = useAppStore((s) => s.signedIn);
  const signedOut = useAppStore((s) => s.signedOut);
  const [mode, setMode] = useState<Mode>('unlock');
  const [codeFor, setCodeFor] = useState<'unlock' | 'switch'>('unlock');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const lockedOutFor = useLockoutSeconds(error);
  if (!session) return null;
  const fields = error?.code === 'VALIDATION_FAILED' ? fieldErrors(error) : {};

  const done = (purpose: 'unlock' | 'switch', next: SessionInfo) => {
    if (purpose === 'unlock') sessionUpdated(next);
    else signedIn(next);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const purpose = mode === 'switch' ? 'switch' : 'unlock';
    const result = await call((api) => (purpose === 'switch' ? api.session.switchUser({ username, password }) : api.session.unlock({ password })));
    setBusy(false);
    setPassword('');
    if (result.ok) {
      if (result.value.step === 'signedIn') return done(purpose, result.value.session);
      setCodeFor(purpose);
      setMode('code');
      return;
    }
    setError(result.error);
    passwordRef.current?.focus();
  }

  async function signOut() {
    await call((api) => api.session.signOut({}));
    signedOut();
  }

  const errorText = error ? (error.code === 'TOO_MANY_ATTEMPTS' ? lockoutMessage(lockedOutFor) : error.code === 'INVALID_CREDENTIALS' && mode === 'unlock' ? t('session.passwordIncorrect') : messageFor(error)) : null;

  return (
    <main className="auth lock-screen" aria-labelledby="lock-title">
      <div className="auth__card">
        <p className="auth__eyebrow">{clinicName ?? t('app.product')}</p>
        <h1 id="lock-title">{t('session.lockedTitle')}</h1>
        {mode === 'code' ? (
          <SecondFactorForm onSignedIn={(next) => done(codeFor, next)} onCancel={() => setMode('unlock')} />
        ) : (
          <form onSubmit={submit} noValidate aria-busy={busy}>
            {mode === 'unlock' ? (
              <p className="auth__lead">{t('session.lockedBy', { name: session.user.displayName, username: session.user.username })}</p>
            ) : (
              <p className="auth__lead">{t('session.switchLead')}</p>
            )}
            <ErrorMessage>{errorText}</ErrorMessage>
            {mode === 'switch' ? (
              <Field label={t('session.username')} error={sentence(t('session.username'), fields.username)}>
                {(p) => <input {...p} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />}
              </Field>
            ) : null}
            <Field label={t('session.password')} error={sentence(t('session.password'), fields.password)}>
              {(p) => (
                <input {...p} ref={passwordRef} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={mode === 'unlock'} />
              )}
            </Field>
            <div className="form-actions lock-screen__actions">
              <button type="submit" className="button button--primary" disabled={busy || lockedOutFor > 0}>
                {mode === 'switch' ? t('session.switchUser') : t('session.unlock')}
              </button>
              {mode === 'unlock' ? (
                <button type="button" className="button button--secondary" onClick={() => { setError(null); setMode('switch'); }}>
                  {t('session.switchUserEllipsis')}
                </button>
              ) : (
                <button type="button" className="button button--ghost" onClick={() => { setError(null); setMode('unlock'); }}>
                  {t('session.back')}
                </button>
              )}
              <button type="button" className="button button--ghost" onClick={() => void signOut()}>
                {t('session.signOut')}
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
