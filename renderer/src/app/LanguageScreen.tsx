// Language and regional formats: the user's own language, and for administrators the
// workstation's (the default for everyone here, and the sign-in screen's). Changing either renders
// every screen again in the new language at once; photos and records are never affected.
import { useState, type ChangeEvent } from 'react';
import { LOCALES, isLocale, negotiateLocale, type Locale } from '../../../shared/i18n/locales';
import { ErrorMessage, InfoMessage } from '../components/Notice';
import { useSubmit } from '../data/hooks';
import { LOCALE_NAMES, systemLanguages, useT } from '../i18n';
import { describeError } from './errors';
import { useAppStore } from './store';

const choice = (e: ChangeEvent<HTMLSelectElement>): Locale | null => (isLocale(e.target.value) ? e.target.value : null);

export function LanguageScreen() {
  const t = useT();
  const session = useAppStore((s) => s.session);
  const workstation = useAppStore((s) => s.workstationLocale);
  const sessionUpdated = useAppStore((s) => s.sessionUpdated);
  const workstationLocaleChanged = useAppStore((s) => s.workstationLocaleChanged);
  const save = useSubmit();
  const [saved, setSaved] = useState<Locale | null>(null);
  if (!session) return null;
  const mayConfigure = session.permissions.includes('user.manage');
  const system = negotiateLocale(systemLanguages()) ?? 'en';
  const shown = describeError(save.error);

  async function setMine(locale: Locale | null) {
    setSaved(null);
    const r = await save.run((api) => api.preferences.setMyLocale({ locale }));
    if (!r?.ok || !session) return;
    sessionUpdated({ ...session, locale: r.value.locale });
    setSaved(r.value.locale ?? workstation ?? system);
  }

  async function setWorkstation(locale: Locale | null) {
    setSaved(null);
    const r = await save.run((api) => api.preferences.setWorkstationLocale({ locale }));
    if (!r?.ok) return;
    workstationLocaleChanged(r.value.locale);
    setSaved(session?.locale ?? r.value.locale ?? system);
  }

  return (
    <main className="page" aria-labelledby="language-title">
      <div className="page__head">
        <h1 id="language-title">{t('app.language.title')}</h1>
      </div>
      <section className="panel">
        <p className="muted">{t('app.language.intro')}</p>
        <ErrorMessage>{shown.message}</ErrorMessage>
        <InfoMessage>{saved ? t('app.language.saved', { language: LOCALE_NAMES[saved] }) : null}</InfoMessage>
        <div className="field">
          <label htmlFor="language-mine">{t('app.language.mine')}</label>
          <select id="language-mine" value={session.locale ?? ''} disabled={save.pending} onChange={(e) => void setMine(choice(e))}>
            <option value="">{t('app.language.followWorkstation', { language: LOCALE_NAMES[workstation ?? system] })}</option>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        {mayConfigure ? (
          <div className="field">
            <label htmlFor="language-workstation">{t('app.language.workstation')}</label>
            <select id="language-workstation" value={workstation ?? ''} disabled={save.pending} onChange={(e) => void setWorkstation(choice(e))}>
              <option value="">{t('app.language.followSystem', { language: LOCALE_NAMES[system] })}</option>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </section>
    </main>
  );
}
