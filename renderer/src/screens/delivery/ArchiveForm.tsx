// Setting up the off-site archive (S3-compatible storage). The secret access key is write-only:
// the core says only that one is set, and leaving it empty on an edit keeps the stored one.
// Saving probes the bucket first; the findings come back with the saved settings.
import { useState, type FormEvent } from 'react';
import type { ArchiveInput, ArchiveSettings } from '../../../../shared/channels/archive';
import { messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';

export function ArchiveForm({ current, onSaved, onCancel }: { readonly current: ArchiveSettings | null; readonly onSaved: () => void; readonly onCancel: () => void }) {
  const t = useT();
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
    <form className="panel target-form" onSubmit={(e) => void submit(e)} aria-label={t('delivery.archive.settings')}>
      <h2>{t('delivery.archive.settings')}</h2>
      <Field label={t('delivery.archive.endpoint')} hint={t('delivery.form.example', { example: 'https://s3.eu-central-1.amazonaws.com' })} error={error?.code === 'INSECURE_TARGET' ? messageFor(error) : sentence(t('delivery.archive.endpoint'), f.endpoint)}>
        {(p) => <input {...p} type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} required />}
      </Field>
      <Field label={t('delivery.archive.region')} error={sentence(t('delivery.archive.region'), f.region)}>
        {(p) => <input {...p} value={region} onChange={(e) => setRegion(e.target.value)} required maxLength={40} />}
      </Field>
      <Field label={t('delivery.archive.bucket')} error={sentence(t('delivery.archive.bucket'), f.bucket)}>
        {(p) => <input {...p} value={bucket} onChange={(e) => setBucket(e.target.value)} required maxLength={63} />}
      </Field>
      <Field label={t('delivery.archive.prefixOptional')} hint={t('delivery.archive.prefixHint', { example: 'clinic-a' })} error={sentence(t('delivery.archive.prefix'), f.prefix)}>
        {(p) => <input {...p} value={prefix} onChange={(e) => setPrefix(e.target.value)} maxLength={200} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} /> {t('delivery.archive.pathStyleOption')}
      </label>
      <Field label={t('delivery.archive.accessKeyId')} error={sentence(t('delivery.archive.accessKeyId'), f.accessKeyId)}>
        {(p) => <input {...p} value={accessKeyId} onChange={(e) => setAccessKeyId(e.target.value)} required autoComplete="off" />}
      </Field>
      <Field
        label={t('delivery.archive.secret')}
        hint={t(current?.secretSet ? 'delivery.form.secretSet' : 'delivery.form.secretNew')}
        error={sentence(t('delivery.archive.secret'), f.secretAccessKey)}
      >
        {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={worm} onChange={(e) => setWorm(e.target.checked)} /> {t('delivery.archive.wormOption')}
      </label>
      <ErrorMessage>{error && (error.code !== 'VALIDATION_FAILED' || f.worm) && error.code !== 'INSECURE_TARGET' ? error.message : null}</ErrorMessage>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {t(save.pending ? 'delivery.archive.checking' : 'delivery.archive.checkAndSave')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('delivery.cancel')}
        </button>
      </div>
    </form>
  );
}
