// An administrator's "Consent forms" screen (docs/consent.md, "Templates" and "Policy"): every
// template's versions with their hash, one version's exact stored text, "Copy and edit" into an
// editor that saves a NEW version (old versions never change: what a patient signed stays what they
// saw), and the clinic's consent policy.
import { useState } from 'react';
import type { ConsentTemplate } from '../../../../shared/consent';
import { CallError } from '../../data/CallError';
import { useQuery } from '../../data/hooks';
import { InfoMessage } from '../../components/Notice';
import { useFormat, useT } from '../../i18n';
import { PolicySection } from './PolicySection';
import { TemplateEditor } from './TemplateEditor';
import './consent-forms.css';

/** Versions grouped by template, in the core's order; a group is named by its newest version. */
function groupByTemplate(list: readonly ConsentTemplate[]): { id: string; name: string; versions: ConsentTemplate[] }[] {
  const groups = new Map<string, { id: string; name: string; versions: ConsentTemplate[] }>();
  for (const t of list) {
    const group = groups.get(t.id) ?? { id: t.id, name: t.name, versions: [] };
    group.versions.push(t);
    groups.set(t.id, group);
  }
  return [...groups.values()];
}

const same = (a: ConsentTemplate, b: { id: string; version: number } | null) => b !== null && a.id === b.id && a.version === b.version;

export function ConsentFormsScreen() {
  const t = useT();
  const f = useFormat();
  const templates = useQuery('consent.listTemplates', (api) => api.consent.listTemplates({}));
  const list = templates.data ?? [];
  const [chosen, setChosen] = useState<{ id: string; version: number } | null>(null);
  const [editing, setEditing] = useState<ConsentTemplate | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Until someone picks a version, the first template's current one is shown.
  const shown = list.find((t) => same(t, chosen)) ?? list.find((t) => t.current) ?? null;
  // One group per template, its versions newest first as the core lists them.
  const groups = groupByTemplate(list);
  const show = (t: ConsentTemplate) => {
    setChosen({ id: t.id, version: t.version });
    setEditing(null);
  };

  return (
    <main className="page consent-forms" aria-labelledby="consent-forms-title">
      <div className="page__head">
        <h1 id="consent-forms-title">{t('consent.forms.title')}</h1>
      </div>
      <div className="consent-forms__grid">
        <div className="consent-forms__side">
          <PolicySection />
          <section className="panel" aria-labelledby="consent-versions-title">
            <h2 id="consent-versions-title">{t('consent.forms.versions')}</h2>
            <CallError error={templates.error} />
            <table className="consent-versions">
              <thead>
                <tr>
                  <th scope="col">{t('consent.forms.col.version')}</th>
                  <th scope="col">{t('consent.forms.col.language')}</th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">{t('consent.forms.col.created')}</th>
                </tr>
              </thead>
              {groups.map(({ id, name, versions }) => (
                <tbody key={id}>
                  <tr>
                    <th scope="rowgroup" colSpan={4} className="consent-versions__form">
                      {name}
                    </th>
                  </tr>
                  {versions.map((v) => (
                    <tr key={v.version} className={shown && same(v, shown) ? 'consent-versions__row--shown' : undefined}>
                      <td>
                        <button type="button" className="link-button" onClick={() => show(v)} aria-label={t('consent.forms.showVersion', { name: v.name, version: v.version })}>
                          {t('consent.forms.version', { version: v.version })}
                        </button>
                        {v.current ? <span className="tag">{t('consent.forms.current')}</span> : null}
                      </td>
                      <td>{v.language}</td>
                      <td className="mono" title={v.sha256}>
                        {v.sha256.slice(0, 12)}
                      </td>
                      <td>
                        {f.dateTime(v.createdAt)} · {v.createdBy ?? t('consent.forms.shipped')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </section>
        </div>
        {editing ? (
          <TemplateEditor
            key={`${editing.id}/${editing.version}`}
            source={editing}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              setChosen({ id: saved.id, version: saved.version });
              setNotice(t('consent.forms.saved', { name: saved.name, version: saved.version }));
              void templates.reload();
            }}
          />
        ) : shown ? (
          <section className="panel consent-forms__text" aria-labelledby="consent-text-title">
            <div className="consent-forms__text-head">
              <h2 id="consent-text-title">{shown.name}</h2>
              <button type="button" className="button button--primary" onClick={() => { setNotice(null); setEditing(shown); }}>
                {t('consent.forms.copyEdit')}
              </button>
            </div>
            <InfoMessage>{notice}</InfoMessage>
            <p className="muted">
              {t(shown.current ? 'consent.forms.shownCurrent' : 'consent.forms.shown', { version: shown.version, language: shown.language })} · SHA-256{' '}
              <span className="mono" dir="ltr">{shown.sha256}</span>
            </p>
            <pre className="consent-forms__pre" aria-label={t('consent.forms.exactText')} lang={shown.language} dir="auto">
              {shown.text}
            </pre>
          </section>
        ) : null}
      </div>
    </main>
  );
}
