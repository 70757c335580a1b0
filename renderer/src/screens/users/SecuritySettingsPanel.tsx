// The clinic's session security settings: idle lock time, and which roles must use two-step
// verification (all roles = required clinic-wide).
import { useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/permissions';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';

export function SecuritySettingsPanel() {
  const [minutes, setMinutes] = useState('');
  const [required, setRequired] = useState<Role[]>([]);
  const [error, setError] = useState<BridgeError | null>(null);
  const [saved, setSaved] = useState(false);
  const fields = error ? fieldErrors(error) : {};

  useEffect(() => {
    void call((api) => api.users.getSettings({})).then((r) => {
      if (!r.ok) return setError(r.error);
      setMinutes(String(r.value.idleLockMinutes));
      setRequired(r.value.secondFactorRequiredFor);
    });
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const r = await call((api) => api.users.updateSettings({ idleLockMinutes: Number(minutes), secondFactorRequiredFor: required }));
    if (!r.ok) return setError(r.error);
    setSaved(true);
  }

  const toggle = (role: Role, on: boolean) => setRequired((current) => (on ? [...current, role] : current.filter((r) => r !== role)));

  return (
    <form className="panel" onSubmit={save} noValidate aria-labelledby="security-title">
      <h2 id="security-title">Session security</h2>
      <ErrorMessage>{error && error.code !== 'VALIDATION_FAILED' ? messageFor(error) : null}</ErrorMessage>
      <InfoMessage>{saved ? 'Settings saved. They apply from the next sign-in or unlock.' : null}</InfoMessage>
      <Field label="Lock after idle (minutes)" error={sentence('Idle time', fields.idleLockMinutes)}>
        {(p) => <input {...p} type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
      </Field>
      <fieldset className="fieldset">
        <legend>Two-step verification required for</legend>
        {ROLES.map((role) => (
          <label key={role} className="checkbox">
            <input type="checkbox" checked={required.includes(role)} onChange={(e) => toggle(role, e.target.checked)} /> {ROLE_LABELS[role]}
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          Save settings
        </button>
      </div>
    </form>
  );
}
