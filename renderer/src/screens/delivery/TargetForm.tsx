// Adding or editing a delivery target. The secret field is write-only: the core says only whether
// one is set, and leaving it empty on an edit keeps the stored one. The purpose is what the consent
// gate checks each photo against before it goes to this target.
import { useState, type FormEvent } from 'react';
import { AUTH_KINDS, type DeliveryTarget, type TargetInput } from '../../../../shared/channels/delivery';
import { CONSENT_SCOPES, type Purpose } from '../../../../shared/consent';
import { messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';
import { scopeLabel } from '../../consent/scope-labels';
import { useT } from '../../i18n';
import { DimseFields } from './DimseFields';
import type { DimseTargetInput } from '../../../../shared/channels/dicom-ae';

export function TargetForm({ target, onSaved, onCancel }: { readonly target: DeliveryTarget | null; readonly onSaved: () => void; readonly onCancel: () => void }) {
  const t = useT();
  const [name, setName] = useState(target?.name ?? '');
  const [kind, setKind] = useState<TargetInput['kind']>(target?.kind ?? 'dicomweb');
  const [baseUrl, setBaseUrl] = useState(target?.baseUrl ?? '');
  const [authKind, setAuthKind] = useState<TargetInput['authKind']>(target?.authKind ?? 'basic');
  const [username, setUsername] = useState(target?.username ?? '');
  const [secret, setSecret] = useState('');
  const [pem, setPem] = useState('');
  const [removePin, setRemovePin] = useState(false);
  const [enabled, setEnabled] = useState(target?.enabled ?? true);
  const [dimse, setDimse] = useState<DimseTargetInput>(target?.dimse ?? { calledAe: '', callingAe: '', verification: 'find' });
  const [purpose, setPurpose] = useState<Purpose>(target?.purpose ?? 'clinical');
  const save = useSubmit();
  const error = save.error;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input: TargetInput = {
      name,
      kind,
      baseUrl,
      authKind: kind === 'dimse' ? 'none' : authKind,
      ...(kind === 'dimse' ? { dimse: { calledAe: dimse.calledAe, callingAe: dimse.callingAe, verification: dimse.verification, commitmentPort: dimse.commitmentPort ?? null } } : {}),
      ...(authKind === 'basic' && kind !== 'dimse' ? { username } : {}),
      ...(secret ? { secret } : {}),
      ...(pem.trim() ? { pinnedCaPem: pem.trim() } : removePin ? { pinnedCaPem: null } : {}),
      enabled,
      purpose,
    };
    const result = await save.run((api) => (target ? api.delivery.updateTarget({ targetId: target.id, target: input }) : api.delivery.createTarget({ target: input })));
    if (result?.ok) {
      setSecret('');
      onSaved();
    }
  }

  const f = error?.fields ?? {};
  return (
    <form className="panel target-form" onSubmit={(e) => void submit(e)} aria-label={target ? t('delivery.targets.editFor', { name: target.name }) : t('delivery.form.add')}>
      <h2>{target ? t('delivery.targets.editFor', { name: target.name }) : t('delivery.form.add')}</h2>
      <Field label={t('delivery.form.name')} error={sentence(t('delivery.form.name'), f.name)}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />}
      </Field>
      <Field label={t('delivery.form.kind')} error={sentence(t('delivery.form.kind'), f.kind)}>
        {(p) => (
          <select {...p} value={kind} disabled={target !== null} onChange={(e) => setKind(e.target.value as TargetInput['kind'])}>
            <option value="dicomweb">{t('delivery.form.kindDicomweb')}</option>
            <option value="fhir">{t('delivery.form.kindFhir')}</option>
            <option value="dimse">{t('delivery.form.kindDimse')}</option>
          </select>
        )}
      </Field>
      <Field
        label={t('delivery.form.purpose')}
        hint={t('delivery.form.purposeHint')}
        error={sentence(t('delivery.form.purpose'), f.purpose)}
      >
        {(p) => (
          <select {...p} value={purpose} onChange={(e) => setPurpose(e.target.value as Purpose)}>
            {CONSENT_SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {scopeLabel(t, scope)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t(kind === 'dimse' ? 'delivery.form.address' : 'delivery.form.baseUrl')}
        hint={kind === 'dimse' ? t('delivery.form.exampleDimse', { example: 'dicom://pacs.example.org:11112' }) : t('delivery.form.example', { example: kind === 'dicomweb' ? 'https://pacs.example.org/dicom-web' : 'https://emr.example.org/fhir' })}
        error={error?.code === 'INSECURE_TARGET' ? messageFor(error) : sentence(t('delivery.form.baseUrl'), f.baseUrl)}
      >
        {(p) => <input {...p} type={kind === 'dimse' ? 'text' : 'url'} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required />}
      </Field>
      {kind === 'dimse' ? <DimseFields value={dimse} onChange={setDimse} errors={f} /> : null}
      {kind === 'dimse' ? null : (
      <Field label={t('delivery.form.authentication')} error={sentence(t('delivery.form.authentication'), f.authKind)}>
        {(p) => (
          <select {...p} value={authKind} onChange={(e) => setAuthKind(e.target.value as TargetInput['authKind'])}>
            {AUTH_KINDS.filter((a) => kind === 'dicomweb' || a !== 'basic').map((a) => (
              <option key={a} value={a}>
                {t(`delivery.auth.${a}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      )}
      {authKind === 'basic' && kind !== 'dimse' ? (
        <Field label={t('delivery.form.username')} error={sentence(t('delivery.form.username'), f.username)}>
          {(p) => <input {...p} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />}
        </Field>
      ) : null}
      {authKind !== 'none' && kind !== 'dimse' ? (
        <Field
          label={t(authKind === 'basic' ? 'delivery.form.password' : 'delivery.form.token')}
          hint={t(target?.secretSet ? 'delivery.form.secretSet' : 'delivery.form.secretNew')}
          error={sentence(t(authKind === 'basic' ? 'delivery.form.password' : 'delivery.form.token'), f.secret)}
        >
          {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />}
        </Field>
      ) : null}
      <Field
        label={t('delivery.form.pinnedCa')}
        hint={t(target?.pinnedCa ? 'delivery.form.pinnedCaSet' : 'delivery.form.pinnedCaHint')}
        error={sentence(t('delivery.form.theCertificate'), f.pinnedCaPem)}
      >
        {(p) => <textarea {...p} rows={4} value={pem} onChange={(e) => setPem(e.target.value)} spellCheck={false} />}
      </Field>
      {target?.pinnedCa ? (
        <label className="checkbox">
          <input type="checkbox" checked={removePin} onChange={(e) => setRemovePin(e.target.checked)} /> {t('delivery.form.removePin')}
        </label>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('delivery.form.enabled')}
      </label>
      <ErrorMessage>{error && error.code !== 'VALIDATION_FAILED' && error.code !== 'INSECURE_TARGET' ? messageFor(error) : null}</ErrorMessage>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {t(target ? 'delivery.form.save' : 'delivery.form.create')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('delivery.cancel')}
        </button>
      </div>
    </form>
  );
}
