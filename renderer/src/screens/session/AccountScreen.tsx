// "My account": change one's own password and manage two-step verification.
import { useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { useAppStore } from '../../app/store';
import { Field } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useT } from '../../i18n';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TotpEnrollment } from './TotpEnrollment';

export function AccountScreen() {
  const t = useT();
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
    setNotice(t('session.totpOffNotice'));
  }

  return (
    <main className="page" aria-labelledby="account-title">
      <div className="page__head">
        <h1 id="account-title">{t('app.myAccount')}</h1>
      </div>
      <InfoMessage>{notice}</InfoMessage>
      <div className="panel">
        <ChangePasswordForm
          username={session.user.username}
          onChanged={(next) => {
            sessionUpdated(next);
            setNotice(t('session.passwordChanged'));
          }}
        />
      </div>
      <div className="panel">
        {session.secondFactor ? (
          <form onSubmit={removeTotp} noValidate aria-labelledby="totp-on-title">
            <h2 id="totp-on-title">{t('session.totpOnTitle')}</h2>
            <ErrorMessage>{error ? (error.code === 'INVALID_CREDENTIALS' ? t('session.passwordIncorrect') : messageFor(error)) : null}</ErrorMessage>
            <Field label={t('session.passwordToTurnOff')}>
              {(p) => <input {...p} type="password" autoComplete="current-password" value={removePassword} onChange={(e) => setRemovePassword(e.target.value)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button button--secondary">
                {t('session.turnOffTotp')}
              </button>
            </div>
          </form>
        ) : enrolling ? (
          <TotpEnrollment
            onDone={(next) => {
              sessionUpdated(next);
              setEnrolling(false);
              setNotice(t('session.totpOnNotice'));
            }}
            onCancel={() => setEnrolling(false)}
          />
        ) : (
          <section aria-labelledby="totp-off-title">
            <h2 id="totp-off-title">{t('session.totpOffTitle')}</h2>
            <p className="muted">{t('session.totpOffLead')}</p>
            <button type="button" className="button button--primary" onClick={() => setEnrolling(true)}>
              {t('session.setUpTotpTitle')}
            </button>
          </section>
        )}
      </div>
    </main>
  );
}
