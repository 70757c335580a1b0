// First run on a new or wiped machine: "Restore this workstation" from its off-site archive. The
// core fetches the newest snapshot, checks every object and photo, and builds the data directory;
// afterwards staff sign in with their existing passwords. A partial or tampered bucket is listed
// object by object in the error, and nothing is left half-restored.
import { useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors } from '../../app/errors';
import { useAppStore } from '../../app/store';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';

export function RestoreScreen({ onCancel }: { readonly onCancel: () => void }) {
  const t = useT();
  const started = useAppStore((s) => s.started);
  const [endpoint, setEndpoint] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const [bucket, setBucket] = useState('');
  const [prefix, setPrefix] = useState('');
  const [pathStyle, setPathStyle] = useState(false);
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call((api) => api.archive.restore({ endpoint, region, bucket, prefix, pathStyle, accessKeyId, secretAccessKey: secret, recoveryCode }));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setSecret('');
    setRecoveryCode('');
    // Restored: the workstation now exists, so the sign-in screen follows with the clinic's name.
    const status = await call((api) => api.setup.status({}));
    if (status.ok) started(status.value, null);
  }

  return (
    <main className="auth" aria-labelledby="restore-title">
      <form className="auth__card auth__card--wide" onSubmit={submit} noValidate aria-busy={busy}>
        <p className="auth__eyebrow">{t('app.product')}</p>
        <h1 id="restore-title">{t('setup.restoreButton')}</h1>
        <p className="auth__lead">{t('setup.restoreLead')}</p>
        <ErrorMessage>{error ? error.message : null}</ErrorMessage>
        <Field label={t('setup.endpoint')} error={sentence(t('setup.endpoint'), fields.endpoint)}>
          {(p) => <input {...p} type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} required autoFocus />}
        </Field>
        <div className="form-row">
          <Field label={t('setup.region')} error={sentence(t('setup.region'), fields.region)}>
            {(p) => <input {...p} value={region} onChange={(e) => setRegion(e.target.value)} required />}
          </Field>
          <Field label={t('setup.bucket')} error={sentence(t('setup.bucket'), fields.bucket)}>
            {(p) => <input {...p} value={bucket} onChange={(e) => setBucket(e.target.value)} required />}
          </Field>
          <Field label={t('setup.prefixOptional')} error={sentence(t('setup.prefix'), fields.prefix)}>
            {(p) => <input {...p} value={prefix} onChange={(e) => setPrefix(e.target.value)} />}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} /> {t('setup.pathStyle')}
        </label>
        <div className="form-row">
          <Field label={t('setup.accessKeyId')} error={sentence(t('setup.accessKeyId'), fields.accessKeyId)}>
            {(p) => <input {...p} value={accessKeyId} onChange={(e) => setAccessKeyId(e.target.value)} required autoComplete="off" />}
          </Field>
          <Field label={t('setup.secretAccessKey')} error={sentence(t('setup.secretAccessKey'), fields.secretAccessKey)}>
            {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required autoComplete="off" />}
          </Field>
        </div>
        <Field label={t('setup.recoveryCodeLabel')} error={sentence(t('setup.recoveryCodeLabel'), fields.recoveryCode)}>
          {(p) => <input {...p} value={recoveryCode} onChange={(e) => setRecoveryCode(e.target.value)} required autoComplete="off" spellCheck={false} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('setup.restoring') : t('setup.restore')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            {t('session.back')}
          </button>
        </div>
      </form>
    </main>
  );
}
