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
import { lockoutMessage } from '../SignInScreen';
import { SecondFactorForm } from './SecondFactorForm';

type Mode = 'unlock' | 'switch' | 'code';

export function LockScreen() {
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

  const errorText = error ? (error.code === 'TOO_MANY_ATTEMPTS' ? lockoutMessage(error) : error.code === 'INVALID_CREDENTIALS' && mode === 'unlock' ? 'The password is incorrect.' : messageFor(error)) : null;

  return (
    <main className="auth lock-screen" aria-labelledby="lock-title">
      <div className="auth__card">
        <p className="auth__eyebrow">{clinicName ?? 'Clinic Photo'}</p>
        <h1 id="lock-title">Session locked</h1>
        {mode === 'code' ? (
          <SecondFactorForm onSignedIn={(next) => done(codeFor, next)} onCancel={() => setMode('unlock')} />
        ) : (
          <form onSubmit={submit} noValidate aria-busy={busy}>
            {mode === 'unlock' ? (
              <p className="auth__lead">
                Locked by <strong>{session.user.displayName}</strong> ({session.user.username}). Enter your password to continue.
              </p>
            ) : (
              <p className="auth__lead">Sign in as another user. The locked session will be closed.</p>
            )}
            <ErrorMessage>{errorText}</ErrorMessage>
            {mode === 'switch' ? (
              <Field label="Username" error={sentence('Username', fields.username)}>
                {(p) => <input {...p} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />}
              </Field>
            ) : null}
            <Field label="Password" error={sentence('Password', fields.password)}>
              {(p) => (
                <input {...p} ref={passwordRef} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={mode === 'unlock'} />
              )}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {mode === 'switch' ? 'Switch user' : 'Unlock'}
              </button>
              {mode === 'unlock' ? (
                <button type="button" className="button button--secondary" onClick={() => { setError(null); setMode('switch'); }}>
                  Switch user…
                </button>
              ) : (
                <button type="button" className="button button--ghost" onClick={() => { setError(null); setMode('unlock'); }}>
                  Back
                </button>
              )}
              <button type="button" className="button button--ghost" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
