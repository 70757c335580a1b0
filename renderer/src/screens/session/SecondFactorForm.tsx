// The second step of a sign-in, unlock or switch of user: the 6-digit code from the authenticator
// app, or one of the recovery codes. The core remembers the correct password for a few minutes.
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import type { SessionInfo } from '../../app/store';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';

export type SignInStep = ResponseOf<'session', 'signIn'>;

interface Props {
  readonly onSignedIn: (session: SessionInfo) => void;
  readonly onCancel: () => void;
}

export function SecondFactorForm({ onSignedIn, onCancel }: Props) {
  const t = useT();
  const [code, setCode] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = error?.code === 'VALIDATION_FAILED' ? fieldErrors(error) : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call((api) => api.session.verifySecondFactor({ code }));
    setBusy(false);
    if (result.ok && result.value.step === 'signedIn') {
      onSignedIn(result.value.session);
      return;
    }
    setCode('');
    if (!result.ok) {
      if (result.error.code === 'NOT_SIGNED_IN') return onCancel();
      setError(result.error);
    }
  }

  const message =
    error?.code === 'INVALID_CREDENTIALS' ? t('session.codeInvalid') : error ? messageFor(error) : null;

  return (
    <form onSubmit={submit} noValidate aria-busy={busy} aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">{t('session.verificationTitle')}</h2>
      <p className="muted">{t('session.verificationLead')}</p>
      <ErrorMessage>{message}</ErrorMessage>
      <Field label={t('session.code')} error={sentence(t('session.code'), fields.code)}>
        {(p) => (
          <input {...p} name="one-time-code" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('session.checking') : t('session.verify')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
