// The clinic's access settings: how long break-glass access lasts and how long an encounter keeps a
// photographer's care relationship. Administrators change them; the privacy officer sees them.
import { useEffect, useState, type FormEvent } from 'react';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';

export function AccessSettingsSection({ canEdit }: { readonly canEdit: boolean }) {
  const [minutes, setMinutes] = useState('');
  const [days, setDays] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    void call((api) => api.access.getSettings({})).then((r) => {
      if (!r.ok) return setError(r.error);
      setMinutes(String(r.value.breakGlassMinutes));
      setDays(String(r.value.careWindowDays));
    });
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const result = await call((api) => api.access.updateSettings({ breakGlassMinutes: Number(minutes), careWindowDays: Number(days) }));
    if (!result.ok) return setError(result.error);
    setError(null);
    setDone('Access settings saved.');
  }

  const fields = fieldErrors(error);
  return (
    <section className="access-section" aria-labelledby="access-settings-heading">
      <h2 id="access-settings-heading">Settings</h2>
      <form className="access-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Access settings">
        <Field label="Break-glass access lasts (minutes)" error={sentence('Duration', fields.breakGlassMinutes)}>
          {(props) => <input {...props} type="number" min={5} max={720} value={minutes} onChange={(e) => setMinutes(e.target.value)} disabled={!canEdit} />}
        </Field>
        <Field label="Care relationship lasts (days after an encounter)" error={sentence('Care window', fields.careWindowDays)}>
          {(props) => <input {...props} type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} disabled={!canEdit} />}
        </Field>
        {canEdit ? (
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Save settings
            </button>
          </div>
        ) : null}
      </form>
      <ErrorMessage>{error && !error.fields ? messageFor(error) : null}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
    </section>
  );
}
