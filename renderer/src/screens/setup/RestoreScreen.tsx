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

export function RestoreScreen({ onCancel }: { readonly onCancel: () => void }) {
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
        <p className="auth__eyebrow">Clinic Photo</p>
        <h1 id="restore-title">Restore this workstation</h1>
        <p className="auth__lead">Rebuild a lost workstation from its off-site archive. You need the bucket's access key and the recovery code printed at setup.</p>
        <ErrorMessage>{error ? error.message : null}</ErrorMessage>
        <Field label="Endpoint" error={sentence('Endpoint', fields.endpoint)}>
          {(p) => <input {...p} type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} required autoFocus />}
        </Field>
        <div className="form-row">
          <Field label="Region" error={sentence('Region', fields.region)}>
            {(p) => <input {...p} value={region} onChange={(e) => setRegion(e.target.value)} required />}
          </Field>
          <Field label="Bucket" error={sentence('Bucket', fields.bucket)}>
            {(p) => <input {...p} value={bucket} onChange={(e) => setBucket(e.target.value)} required />}
          </Field>
          <Field label="Prefix (optional)" error={sentence('Prefix', fields.prefix)}>
            {(p) => <input {...p} value={prefix} onChange={(e) => setPrefix(e.target.value)} />}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} /> Path-style addressing
        </label>
        <div className="form-row">
          <Field label="Access key ID" error={sentence('Access key ID', fields.accessKeyId)}>
            {(p) => <input {...p} value={accessKeyId} onChange={(e) => setAccessKeyId(e.target.value)} required autoComplete="off" />}
          </Field>
          <Field label="Secret access key" error={sentence('Secret access key', fields.secretAccessKey)}>
            {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required autoComplete="off" />}
          </Field>
        </div>
        <Field label="Recovery code" error={sentence('Recovery code', fields.recoveryCode)}>
          {(p) => <input {...p} value={recoveryCode} onChange={(e) => setRecoveryCode(e.target.value)} required autoComplete="off" spellCheck={false} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Restoring and checking every photo…' : 'Restore'}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Back
          </button>
        </div>
      </form>
    </main>
  );
}
