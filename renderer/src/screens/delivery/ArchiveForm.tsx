// Setting up the off-site archive (S3-compatible storage). The secret access key is write-only:
// the core says only that one is set, and leaving it empty on an edit keeps the stored one.
// Saving probes the bucket first; the findings come back with the saved settings.
import { useState, type FormEvent } from 'react';
import type { ArchiveInput, ArchiveSettings } from '../../../../shared/channels/archive';
import { messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';

export function ArchiveForm({ current, onSaved, onCancel }: { readonly current: ArchiveSettings | null; readonly onSaved: () => void; readonly onCancel: () => void }) {
  const [endpoint, setEndpoint] = useState(current?.endpoint ?? '');
  const [region, setRegion] = useState(current?.region ?? 'us-east-1');
  const [bucket, setBucket] = useState(current?.bucket ?? '');
  const [prefix, setPrefix] = useState(current?.prefix ?? '');
  const [pathStyle, setPathStyle] = useState(current?.pathStyle ?? false);
  const [accessKeyId, setAccessKeyId] = useState(current?.accessKeyId ?? '');
  const [secret, setSecret] = useState('');
  const [worm, setWorm] = useState(current?.worm ?? false);
  const save = useSubmit();
  const error = save.error;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const archive: ArchiveInput = { endpoint, region, bucket, prefix, pathStyle, accessKeyId, ...(secret ? { secretAccessKey: secret } : {}), worm };
    const result = await save.run((api) => api.archive.configure({ archive }));
    if (result?.ok) {
      setSecret('');
      onSaved();
    }
  }

  const f = error?.fields ?? {};
  return (
    <form className="panel target-form" onSubmit={(e) => void submit(e)} aria-label="Off-site archive settings">
      <h2>Off-site archive settings</h2>
      <Field label="Endpoint" hint="For example https://s3.eu-central-1.amazonaws.com" error={error?.code === 'INSECURE_TARGET' ? messageFor(error) : sentence('Endpoint', f.endpoint)}>
        {(p) => <input {...p} type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} required />}
      </Field>
      <Field label="Region" error={sentence('Region', f.region)}>
        {(p) => <input {...p} value={region} onChange={(e) => setRegion(e.target.value)} required maxLength={40} />}
      </Field>
      <Field label="Bucket" error={sentence('Bucket', f.bucket)}>
        {(p) => <input {...p} value={bucket} onChange={(e) => setBucket(e.target.value)} required maxLength={63} />}
      </Field>
      <Field label="Prefix (optional)" hint="A folder in the bucket for this workstation, for example clinic-a" error={sentence('Prefix', f.prefix)}>
        {(p) => <input {...p} value={prefix} onChange={(e) => setPrefix(e.target.value)} maxLength={200} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} /> Path-style addressing (for servers without bucket host names, such as Swift or Ceph)
      </label>
      <Field label="Access key ID" error={sentence('Access key ID', f.accessKeyId)}>
        {(p) => <input {...p} value={accessKeyId} onChange={(e) => setAccessKeyId(e.target.value)} required autoComplete="off" />}
      </Field>
      <Field
        label="Secret access key"
        hint={current?.secretSet ? 'Set. Leave empty to keep it.' : 'Stored encrypted in the vault; it is never shown again.'}
        error={sentence('Secret access key', f.secretAccessKey)}
      >
        {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={worm} onChange={(e) => setWorm(e.target.checked)} /> Immutable (WORM): lock every object with Object Lock (only where the bucket supports it)
      </label>
      <ErrorMessage>{error && (error.code !== 'VALIDATION_FAILED' || f.worm) && error.code !== 'INSECURE_TARGET' ? error.message : null}</ErrorMessage>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {save.pending ? 'Checking the bucket…' : 'Check and save'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
