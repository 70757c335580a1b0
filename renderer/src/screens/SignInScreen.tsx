// Sign-in: password, then the second factor when the user has one. A wrong username or password
// gets one calm, non-revealing message; a lock-out says how long to wait, for any username.
import { useRef, useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { fieldErrors, messageFor } from '../app/errors';
import { useAppStore } from '../app/store';
import { Field, sentence } from '../components/Field';
import { ErrorMessage, InfoMessage } from '../components/Notice';
import { SecondFactorForm } from './session/SecondFactorForm';

export function lockoutMessage(error: BridgeError): string {
  const seconds = Number(error.fields?.retryAfterSeconds);
  if (!Number.isFinite(seconds)) return messageFor(error);
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  return `Too many failed attempts. Try again in ${wait}.`;
}

export function SignInScreen() {
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
          <p className="auth__eyebrow">{clinicName ?? 'Clinic Photo'}</p>
          <h1 id="signin-title">Sign in</h1>
          <SecondFactorForm onSignedIn={signedIn} onCancel={() => setNeedsCode(false)} />
        </div>
      </main>
    );
  }

  return (
    <main className="auth" aria-labelledby="signin-title">
      <form className="auth__card" onSubmit={submit} noValidate aria-busy={busy}>
        <p className="auth__eyebrow">{clinicName ?? 'Clinic Photo'}</p>
        <h1 id="signin-title">Sign in</h1>
        {error ? null : <InfoMessage>{notice}</InfoMessage>}
        <ErrorMessage>{error ? (error.code === 'TOO_MANY_ATTEMPTS' ? lockoutMessage(error) : messageFor(error)) : null}</ErrorMessage>
        <Field label="Username" error={sentence('Username', fields.username)}>
          {(p) => (
            <input {...p} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
          )}
        </Field>
        <Field label="Password" error={sentence('Password', fields.password)}>
          {(p) => <input {...p} ref={passwordRef} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </main>
  );
}
