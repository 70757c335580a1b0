// The anomaly thresholds: how many views or exports in how many minutes count as a burst, how many
// failed sign-ins, and the clinic's business hours. Numbers are checked here for shape (whole
// numbers) and by the core for range; the core's field errors show next to each field.
import { useEffect, useState, type FormEvent } from 'react';
import type { AuditThresholds } from '../../../../shared/channels/audit';
import { fieldErrors, messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';

type BurstKey = 'massView' | 'massExport' | 'failedLogins';
const BURSTS: readonly BurstKey[] = ['massView', 'massExport', 'failedLogins'];

type Form = Record<`${BurstKey}.${'count' | 'windowMinutes'}`, string> & { start: string; end: string; weekends: boolean };

const toForm = (t: AuditThresholds): Form => ({
  'massView.count': String(t.massView.count),
  'massView.windowMinutes': String(t.massView.windowMinutes),
  'massExport.count': String(t.massExport.count),
  'massExport.windowMinutes': String(t.massExport.windowMinutes),
  'failedLogins.count': String(t.failedLogins.count),
  'failedLogins.windowMinutes': String(t.failedLogins.windowMinutes),
  start: t.businessHours.start,
  end: t.businessHours.end,
  weekends: t.businessHours.weekendsAreAfterHours,
});

export function ThresholdsForm({ canEdit, onSaved }: { readonly canEdit: boolean; readonly onSaved: () => void }) {
  const t = useT();
  const [form, setForm] = useState<Form | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const settings = useQuery('audit.settings', (api) => api.audit.settings({}));
  const save = useSubmit();
  const error = save.error ?? settings.error;

  // The form starts from the stored thresholds once they arrive.
  useEffect(() => {
    if (settings.data) setForm(toForm(settings.data.thresholds));
  }, [settings.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setDone(null);
    // Whole numbers only; anything else would reach the core as NaN and read as a type error.
    const wrong: Record<string, string> = {};
    const num = (key: keyof Form) => {
      const text = String(form[key]).trim();
      if (!/^\d+$/.test(text)) wrong[key] = t('audit.thresholds.wholeNumber');
      return Number(text);
    };
    const burst = (key: BurstKey) => ({ count: num(`${key}.count`), windowMinutes: num(`${key}.windowMinutes`) });
    const thresholds = {
      massView: burst('massView'),
      massExport: burst('massExport'),
      failedLogins: burst('failedLogins'),
      businessHours: { start: form.start, end: form.end, weekendsAreAfterHours: form.weekends },
    };
    setLocal(wrong);
    if (Object.keys(wrong).length > 0) return save.reset();
    const r = await save.run((api) => api.audit.saveThresholds({ thresholds }));
    if (!r?.ok) return;
    setForm(toForm(r.value));
    setDone(t('audit.thresholds.saved'));
    onSaved();
  }

  const core = fieldErrors(error, 'thresholds.');
  const problem = (key: string) => local[key] ?? core[key];
  const set = (key: keyof Form, value: string | boolean) => setForm((f) => (f ? { ...f, [key]: value } : f));

  return (
    <section className="audit-section" aria-labelledby="thresholds-heading">
      <h2 id="thresholds-heading">{t('audit.thresholds.title')}</h2>
      {form ? (
        <form className="thresholds" onSubmit={(e) => void submit(e)} noValidate aria-label={t('audit.thresholds.form')}>
          {BURSTS.map((key) => (
            <fieldset key={key} className="fieldset thresholds__group">
              <legend>{t(`audit.thresholds.${key}.title`)}</legend>
              <div className="form-row">
                <Field label={t(`audit.thresholds.${key}.count`)} error={sentence(t('audit.thresholds.count'), problem(`${key}.count`))}>
                  {(p) => <input {...p} type="number" inputMode="numeric" min={2} value={form[`${key}.count`]} onChange={(e) => set(`${key}.count`, e.target.value)} disabled={!canEdit} />}
                </Field>
                <Field label={t('audit.thresholds.within')} error={sentence(t('audit.thresholds.window'), problem(`${key}.windowMinutes`))}>
                  {(p) => (
                    <input {...p} type="number" inputMode="numeric" min={1} max={1440} value={form[`${key}.windowMinutes`]} onChange={(e) => set(`${key}.windowMinutes`, e.target.value)} disabled={!canEdit} />
                  )}
                </Field>
              </div>
            </fieldset>
          ))}
          <fieldset className="fieldset thresholds__group">
            <legend>{t('audit.thresholds.businessHours')}</legend>
            <div className="form-row">
              <Field label={t('audit.thresholds.opensAt')} error={sentence(t('audit.thresholds.openingTime'), problem('businessHours.start'))}>
                {(p) => <input {...p} type="time" value={form.start} onChange={(e) => set('start', e.target.value)} disabled={!canEdit} />}
              </Field>
              <Field label={t('audit.thresholds.closesAt')} error={sentence(t('audit.thresholds.closingTime'), problem('businessHours.end'))}>
                {(p) => <input {...p} type="time" value={form.end} onChange={(e) => set('end', e.target.value)} disabled={!canEdit} />}
              </Field>
            </div>
            <label className="access-toggle">
              <input type="checkbox" checked={form.weekends} onChange={(e) => set('weekends', e.target.checked)} disabled={!canEdit} /> {t('audit.thresholds.weekends')}
            </label>
          </fieldset>
          {canEdit ? (
            <div className="form-actions">
              <button type="submit" className="button button--primary">
                {t('audit.thresholds.save')}
              </button>
            </div>
          ) : null}
        </form>
      ) : null}
      <ErrorMessage>{error && !error.fields ? messageFor(error) : error ? t('audit.thresholds.attention') : null}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
    </section>
  );
}
