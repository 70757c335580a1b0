// The editor behind "Copy and edit": name, language and text, saved as a NEW version of the form it
// was copied from (or as a separate form). Nothing here changes a saved version: the core refuses
// that too. The core's validation problems show under the field they concern.
import { useState, type FormEvent } from 'react';
import type { ConsentTemplate } from '../../../../shared/consent';
import { messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';

interface Props {
  readonly source: ConsentTemplate;
  readonly onSaved: (saved: ConsentTemplate) => void;
  readonly onCancel: () => void;
}

export function TemplateEditor({ source, onSaved, onCancel }: Props) {
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
      <h2 id="consent-editor-title">Edit a copy of {source.name} · version {source.version}</h2>
      <p className="consent-editor__rule">
        Saving creates a new version. Saved versions are never changed: every signed consent keeps the exact text the patient saw.
      </p>
      <div className="form-row">
        <Field label="Name" error={sentence('Name', f.name)}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />}
        </Field>
        <Field label="Language" hint={f.language ? undefined : 'For example en or fr-CA.'} error={sentence('Language', f.language)}>
          {(p) => <input {...p} value={language} onChange={(e) => setLanguage(e.target.value)} className="consent-editor__language" />}
        </Field>
      </div>
      <Field
        label="Text"
        hint="{{clinicName}} becomes the clinic's name when the form is shown. One paragraph per line."
        error={sentence('Text', f.text)}
      >
        {(p) => <textarea {...p} className="consent-editor__text" value={text} onChange={(e) => setText(e.target.value)} spellCheck />}
      </Field>
      <ErrorMessage>{error && error.code !== 'VALIDATION_FAILED' ? messageFor(error) : error && Object.keys(f).length === 0 ? messageFor(error) : null}</ErrorMessage>
      <div className="form-actions consent-editor__actions">
        <div className="field field--inline">
          <label htmlFor="consent-save-as">Save as</label>
          <select id="consent-save-as" value={asNewForm ? 'form' : 'version'} onChange={(e) => setAsNewForm(e.target.value === 'form')}>
            <option value="version">New version</option>
            <option value="form">Separate form</option>
          </select>
        </div>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {asNewForm ? 'Save new form' : 'Save new version'}
        </button>
      </div>
    </form>
  );
}
