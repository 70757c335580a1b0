// The clinic's access settings: how long break-glass access lasts and how long an encounter keeps a
// photographer's care relationship. Administrators change them; the privacy officer sees them.
import { useEffect, useState, type FormEvent } from 'react';
import { describeError } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';

export function AccessSettingsSection({ canEdit }: { readonly canEdit: boolean }) {
  const t = useT();
  const [minutes, setMinutes] = useState('');
  const [days, setDays] = useState('');
  const settings = useQuery('access.getSettings', (api) => api.access.getSettings({}));
  const save = useSubmit();
  const [done, setDone] = useState<string | null>(null);

  // The form starts from the stored settings once they arrive.
  useEffect(() => {
    if (!settings.data) return;
    setMinutes(String(settings.data.breakGlassMinutes));
    setDays(String(settings.data.careWindowDays));
  }, [settings.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const result = await save.run((api) => api.access.updateSettings({ breakGlassMinutes: Number(minutes), careWindowDays: Number(days) }));
    if (!result?.ok) return;
    setDone(t('access.settings.saved'));
  }

  const shown = describeError(save.error ?? settings.error);
  const fields = shown.fields;
  return (
    <section className="access-section" aria-labelledby="access-settings-heading">
      <h2 id="access-settings-heading">{t('access.settings.title')}</h2>
      <form className="access-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('access.settings.form')}>
        <Field label={t('access.settings.breakGlassMinutes')} error={sentence(t('access.settings.duration'), fields.breakGlassMinutes)}>
          {(props) => <input {...props} type="number" min={5} max={720} value={minutes} onChange={(e) => setMinutes(e.target.value)} disabled={!canEdit} />}
        </Field>
        <Field label={t('access.settings.careWindowDays')} error={sentence(t('access.settings.careWindow'), fields.careWindowDays)}>
          {(props) => <input {...props} type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} disabled={!canEdit} />}
        </Field>
        {canEdit ? (
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              {t('access.settings.save')}
            </button>
          </div>
        ) : null}
      </form>
      <ErrorMessage>{shown.message}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
    </section>
  );
}
