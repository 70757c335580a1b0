// The clinic's session security settings: idle lock time, and which roles must use two-step
// verification (all roles = required clinic-wide). A new idle time reaches every open session
// through its session watch (IdleLock), without a new sign-in.
import { useEffect, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../shared/permissions';
import { describeError } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { poller, useQuery, useSubmit } from '../../data/hooks';
import { SESSION_POLL_KEY } from '../session/IdleLock';
import { useT } from '../../i18n';

export function SecuritySettingsPanel() {
  const settings = useQuery('users.getSettings', (api) => api.users.getSettings({}));
  const save = useSubmit();
  const t = useT();
  const [minutes, setMinutes] = useState('');
  const [required, setRequired] = useState<Role[]>([]);
  const [saved, setSaved] = useState(false);
  const shown = describeError(save.error ?? settings.error);

  // The form starts from the stored settings once they arrive.
  useEffect(() => {
    if (!settings.data) return;
    setMinutes(String(settings.data.idleLockMinutes));
    setRequired(settings.data.secondFactorRequiredFor);
  }, [settings.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const r = await save.run((api) => api.users.updateSettings({ idleLockMinutes: Number(minutes), secondFactorRequiredFor: required }));
    if (!r?.ok) return;
    setSaved(true);
    // This window follows at once; other sessions at their next session check.
    void poller.refresh(SESSION_POLL_KEY);
  }

  const toggle = (role: Role, on: boolean) => setRequired((current) => (on ? [...current, role] : current.filter((r) => r !== role)));

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="security-title">
      <h2 id="security-title">{t('staff.security.title')}</h2>
      <ErrorMessage>{shown.message}</ErrorMessage>
      <InfoMessage>{saved ? t('staff.security.saved') : null}</InfoMessage>
      <Field label={t('staff.security.idleLock')} error={sentence(t('staff.security.idleTime'), shown.fields.idleLockMinutes)}>
        {(p) => <input {...p} type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
      </Field>
      <fieldset className="fieldset">
        <legend>{t('staff.security.twoStepFor')}</legend>
        {ROLES.map((role) => (
          <label key={role} className="checkbox">
            <input type="checkbox" checked={required.includes(role)} onChange={(e) => toggle(role, e.target.checked)} /> {t(`app.role.${role}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {t('staff.security.save')}
        </button>
      </div>
    </form>
  );
}
