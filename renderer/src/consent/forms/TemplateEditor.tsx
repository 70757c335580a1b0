// The editor behind "Copy and edit": name, language and text, saved as a NEW version of the form it
// was copied from (or as a separate form). Nothing here changes a saved version: the core refuses
// that too. The core's validation problems show under the field they concern.
import { useState, type FormEvent } from 'react';
import type { ConsentTemplate } from '../../../../shared/consent';
import { messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';

interface Props {
  readonly source: ConsentTemplate;
  readonly onSaved: (saved: ConsentTemplate) => void;
  readonly onCancel: () => void;
}

export function TemplateEditor({ source, onSaved, onCancel }: Props) {
  const t = useT();
  const [name, setName] = useState(source.name);
  const [language, setLanguage] = useState(source.language);
  const [text, setText] = useState(source.text);
  const [asNewForm, setAsNewForm] = useState(false);
  const save = useSubmit();
  const error = save.error;
  const f = error?.fields ?? {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await save.run((api) => api.consent.saveTemplate({ ...(asNewForm ? {} : { templateId: source.id }), name, language, text }));
    if (result?.ok) onSaved(result.value);
  }

  return (
    <form className="panel consent-editor" onSubmit={(e) => void submit(e)} aria-labelledby="consent-editor-title" noValidate>
      <h2 id="consent-editor-title">{t('consent.editor.title', { name: source.name, version: source.version })}</h2>
      <p className="consent-editor__rule">{t('consent.editor.rule')}</p>
      <div className="form-row">
        <Field label={t('consent.editor.name')} error={sentence(t('consent.editor.name'), f.name)}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />}
        </Field>
        <Field label={t('consent.editor.language')} hint={f.language ? undefined : t('consent.editor.languageHint')} error={sentence(t('consent.editor.language'), f.language)}>
          {(p) => <input {...p} dir="ltr" value={language} onChange={(e) => setLanguage(e.target.value)} className="consent-editor__language" />}
        </Field>
      </div>
      <Field
        label={t('consent.editor.text')}
        hint={t('consent.editor.textHint', { placeholder: '{{clinicName}}' })}
        error={sentence(t('consent.editor.text'), f.text)}
      >
        {(p) => <textarea {...p} lang={language} dir="auto" className="consent-editor__text" value={text} onChange={(e) => setText(e.target.value)} spellCheck />}
      </Field>
      <ErrorMessage>{error && error.code !== 'VALIDATION_FAILED' ? messageFor(error) : error && Object.keys(f).length === 0 ? messageFor(error) : null}</ErrorMessage>
      <div className="form-actions consent-editor__actions">
        <div className="field field--inline">
          <label htmlFor="consent-save-as">{t('consent.editor.saveAs')}</label>
          <select id="consent-save-as" value={asNewForm ? 'form' : 'version'} onChange={(e) => setAsNewForm(e.target.value === 'form')}>
            <option value="version">{t('consent.editor.newVersion')}</option>
            <option value="form">{t('consent.editor.separateForm')}</option>
          </select>
        </div>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('consent.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {t(asNewForm ? 'consent.editor.saveForm' : 'consent.editor.saveVersion')}
        </button>
      </div>
    </form>
  );
}
