// Setting up the TOTP second factor: the core makes a secret and its QR code (a PNG shown through a
// blob: URL, which the CSP allows); the user proves the app works with one code; the ten recovery
// codes are shown exactly once.
import { useEffect, useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import type { SessionInfo } from '../../app/store';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';

type Enrollment = ResponseOf<'session', 'beginTotpEnrollment'>;

function pngUrl(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
}

export function TotpEnrollment({ onDone, onCancel }: { readonly onDone: (session: SessionInfo) => void; readonly onCancel?: () => void }) {
  const t = useT();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [qrUrl, setQrUrl] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ recoveryCodes: string[]; session: SessionInfo } | null>(null);
  const fields = error?.code === 'VALIDATION_FAILED' ? fieldErrors(error) : {};

  useEffect(() => () => {
    if (qrUrl) URL.revokeObjectURL(qrUrl);
  }, [qrUrl]);

  async function begin() {
    setBusy(true);
    setError(null);
    const r = await call((api) => api.session.beginTotpEnrollment({}));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setEnrollment(r.value);
    setQrUrl(pngUrl(r.value.qrPngBase64));
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const r = await call((api) => api.session.confirmTotpEnrollment({ code }));
    setBusy(false);
    if (!r.ok) {
      setCode('');
      return setError(r.error);
    }
    setResult(r.value);
  }

  if (result) {
    return (
      <section aria-labelledby="recovery-title">
        <h2 id="recovery-title">{t('session.recoveryCodesTitle')}</h2>
        <p>{t('session.recoveryCodesLead')}</p>
        <ol className="recovery-codes" aria-label={t('session.recoveryCodesTitle')}>
          {result.recoveryCodes.map((c) => (
            <li key={c} className="mono">
              {c}
            </li>
          ))}
        </ol>
        <div className="form-actions">
          <button type="button" className="button button--primary" onClick={() => onDone(result.session)}>
            {t('session.recoveryCodesSaved')}
          </button>
        </div>
      </section>
    );
  }

  if (!enrollment) {
    return (
      <section aria-labelledby="totp-title">
        <h2 id="totp-title">{t('session.totpTitle')}</h2>
        <p>{t('session.totpLead')}</p>
        <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
        <div className="form-actions">
          <button type="button" className="button button--primary" onClick={() => void begin()} disabled={busy}>
            {t('session.setUpApp')}
          </button>
          {onCancel ? (
            <button type="button" className="button button--ghost" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          ) : null}
        </div>
      </section>
    );
  }

  return (
    <form onSubmit={confirm} noValidate aria-busy={busy} aria-labelledby="totp-title">
      <h2 id="totp-title">{t('session.totpTitle')}</h2>
      <p>{t('session.scanLead')}</p>
      {qrUrl ? <img className="totp__qr" src={qrUrl} alt={t('session.qrAlt')} width={200} height={200} /> : null}
      <p>
        {t('session.keyLabel')}{' '}
        <code className="mono totp__secret" aria-label={t('session.secretKey')} dir="ltr">
          {enrollment.secretBase32.replace(/(.{4})/g, '$1 ').trim()}
        </code>
      </p>
      <ErrorMessage>{error && error.code !== 'VALIDATION_FAILED' ? messageFor(error) : null}</ErrorMessage>
      <Field label={t('session.codeFromApp')} error={sentence(t('session.code'), fields.code)}>
        {(p) => <input {...p} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('session.turnOn')}
        </button>
        {onCancel ? (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
