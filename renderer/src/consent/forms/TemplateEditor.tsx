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
        <Field label="Language" hint="A language tag such as en or fr-CA." error={sentence('Language', f.language)}>
          {(p) => <input {...p} value={language} onChange={(e) => setLanguage(e.target.value)} className="consent-editor__language" />}
        </Field>
      </div>
      <Field
        label="Text"
        hint="Write {{clinicName}} where the clinic's name should appear: it is filled in when the form is shown and signed. One paragraph per line."
        error={sentence('Text', f.text)}
      >
        {(p) => <textarea {...p} className="consent-editor__text" value={text} onChange={(e) => setText(e.target.value)} spellCheck />}
      </Field>
      <fieldset className="consent-editor__as">
        <legend>Save as</legend>
        <label className="checkbox">
          <input type="radio" name="save-as" checked={!asNewForm} onChange={() => setAsNewForm(false)} /> A new version of {source.name}
        </label>
        <label className="checkbox">
          <input type="radio" name="save-as" checked={asNewForm} onChange={() => setAsNewForm(true)} /> A separate form (version 1)
        </label>
      </fieldset>
      <ErrorMessage>{error && error.code !== 'VALIDATION_FAILED' ? messageFor(error) : error && Object.keys(f).length === 0 ? messageFor(error) : null}</ErrorMessage>
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={save.pending}>
          Save new version
        </button>
      </div>
    </form>
  );
}
