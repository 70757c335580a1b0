// "My account": change one's own password and manage two-step verification.
import { useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { useAppStore } from '../../app/store';
import { Field } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TotpEnrollment } from './TotpEnrollment';

export function AccountScreen() {
  const session = useAppStore((s) => s.session);
  const sessionUpdated = useAppStore((s) => s.sessionUpdated);
  const [notice, setNotice] = useState<string | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [removePassword, setRemovePassword] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  if (!session) return null;

  async function removeTotp(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const r = await call((api) => api.session.removeTotp({ password: removePassword }));
    setRemovePassword('');
    if (!r.ok) return setError(r.error);
    sessionUpdated(r.value);
    setNotice('Two-step verification is off.');
  }

  return (
    <main className="page" aria-labelledby="account-title">
      <div className="page__head">
        <h1 id="account-title">My account</h1>
      </div>
      <InfoMessage>{notice}</InfoMessage>
      <div className="panel">
        <ChangePasswordForm
          username={session.user.username}
          onChanged={(next) => {
            sessionUpdated(next);
            setNotice('Your password was changed.');
          }}
        />
      </div>
      <div className="panel">
        {session.secondFactor ? (
          <form onSubmit={removeTotp} noValidate aria-labelledby="totp-on-title">
            <h2 id="totp-on-title">Two-step verification is on</h2>
            <ErrorMessage>{error ? (error.code === 'INVALID_CREDENTIALS' ? 'The password is incorrect.' : messageFor(error)) : null}</ErrorMessage>
            <Field label="Password to turn it off">
              {(p) => <input {...p} type="password" autoComplete="current-password" value={removePassword} onChange={(e) => setRemovePassword(e.target.value)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button button--secondary">
                Turn off two-step verification
              </button>
            </div>
          </form>
        ) : enrolling ? (
          <TotpEnrollment
            onDone={(next) => {
              sessionUpdated(next);
              setEnrolling(false);
              setNotice('Two-step verification is on.');
            }}
            onCancel={() => setEnrolling(false)}
          />
        ) : (
          <section aria-labelledby="totp-off-title">
            <h2 id="totp-off-title">Two-step verification is off</h2>
            <p className="muted">Add a code from your phone to every sign-in.</p>
            <button type="button" className="button button--primary" onClick={() => setEnrolling(true)}>
              Set up two-step verification
            </button>
          </section>
        )}
      </div>
    </main>
  );
}
