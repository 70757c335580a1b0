// Adding or editing a delivery target. The secret field is write-only: the core says only whether
// one is set, and leaving it empty on an edit keeps the stored one. The purpose is what the consent
// gate checks each photo against before it goes to this target.
import { useState, type FormEvent } from 'react';
import { AUTH_KINDS, type DeliveryTarget, type TargetInput } from '../../../../shared/channels/delivery';
import { CONSENT_SCOPE_LABELS, CONSENT_SCOPES, type Purpose } from '../../../../shared/consent';
import { messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';
import { DimseFields } from './DimseFields';
import type { DimseTargetInput } from '../../../../shared/channels/dicom-ae';

const AUTH_LABELS: Record<(typeof AUTH_KINDS)[number], string> = { none: 'None', basic: 'User name and password (basic)', bearer: 'Bearer token' };

export function TargetForm({ target, onSaved, onCancel }: { readonly target: DeliveryTarget | null; readonly onSaved: () => void; readonly onCancel: () => void }) {
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
    <form className="panel target-form" onSubmit={(e) => void submit(e)} aria-label={target ? `Edit ${target.name}` : 'Add a delivery target'}>
      <h2>{target ? `Edit ${target.name}` : 'Add a delivery target'}</h2>
      <Field label="Name" error={sentence('Name', f.name)}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />}
      </Field>
      <Field label="Kind" error={sentence('Kind', f.kind)}>
        {(p) => (
          <select {...p} value={kind} disabled={target !== null} onChange={(e) => setKind(e.target.value as TargetInput['kind'])}>
            <option value="dicomweb">DICOMweb (PACS)</option>
            <option value="fhir">FHIR R4 (EMR)</option>
            <option value="dimse">DICOM C-STORE (PACS without DICOMweb)</option>
          </select>
        )}
      </Field>
      <Field
        label="Purpose"
        hint="What this target uses photos for. A photo goes only if the patient's consent allows this use."
        error={sentence('Purpose', f.purpose)}
      >
        {(p) => (
          <select {...p} value={purpose} onChange={(e) => setPurpose(e.target.value as Purpose)}>
            {CONSENT_SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {CONSENT_SCOPE_LABELS[scope]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={kind === 'dimse' ? 'Address' : 'Base URL'}
        hint={kind === 'dimse' ? 'dicom://host:port, for example dicom://pacs.example.org:11112' : kind === 'dicomweb' ? 'For example https://pacs.example.org/dicom-web' : 'For example https://emr.example.org/fhir'}
        error={error?.code === 'INSECURE_TARGET' ? messageFor(error) : sentence('Base URL', f.baseUrl)}
      >
        {(p) => <input {...p} type={kind === 'dimse' ? 'text' : 'url'} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required />}
      </Field>
      {kind === 'dimse' ? <DimseFields value={dimse} onChange={setDimse} errors={f} /> : null}
      {kind === 'dimse' ? null : (
      <Field label="Authentication" error={sentence('Authentication', f.authKind)}>
        {(p) => (
          <select {...p} value={authKind} onChange={(e) => setAuthKind(e.target.value as TargetInput['authKind'])}>
            {AUTH_KINDS.filter((a) => kind === 'dicomweb' || a !== 'basic').map((a) => (
              <option key={a} value={a}>
                {AUTH_LABELS[a]}
              </option>
            ))}
          </select>
        )}
      </Field>
      )}
      {authKind === 'basic' && kind !== 'dimse' ? (
        <Field label="User name" error={sentence('User name', f.username)}>
          {(p) => <input {...p} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />}
        </Field>
      ) : null}
      {authKind !== 'none' && kind !== 'dimse' ? (
        <Field
          label={authKind === 'basic' ? 'Password' : 'Token'}
          hint={target?.secretSet ? 'Set. Leave empty to keep it.' : 'Stored encrypted in the vault; it is never shown again.'}
          error={sentence(authKind === 'basic' ? 'Password' : 'Token', f.secret)}
        >
          {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />}
        </Field>
      ) : null}
      <Field
        label="Pinned CA certificate (PEM, optional)"
        hint={target?.pinnedCa ? 'A CA is pinned. Paste another to replace it.' : 'Only servers whose certificate this CA issued will be trusted. Certificates are always verified.'}
        error={sentence('The certificate', f.pinnedCaPem)}
      >
        {(p) => <textarea {...p} rows={4} value={pem} onChange={(e) => setPem(e.target.value)} spellCheck={false} />}
      </Field>
      {target?.pinnedCa ? (
        <label className="checkbox">
          <input type="checkbox" checked={removePin} onChange={(e) => setRemovePin(e.target.checked)} /> Remove the pinned CA (use the system's trusted CAs)
        </label>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Deliver new photos to this target
      </label>
      <ErrorMessage>{error && error.code !== 'VALIDATION_FAILED' && error.code !== 'INSECURE_TARGET' ? messageFor(error) : null}</ErrorMessage>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {target ? 'Save target' : 'Add target'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
