// The renderer's language: the locale in force (the user's choice, else the workstation's, else the
// system's languages, else English), react-intl over the shared catalogue, Intl formatters, and the
// document's lang and dir. Components use `useT()` and `useFormat()`; code outside React (error
// sentences, store actions) uses `t()` and `format()`, which follow the same locale.
import { createContext, useContext, useLayoutEffect, type ReactNode } from 'react';
import { createIntl, createIntlCache, RawIntlProvider, type IntlShape } from 'react-intl';
import { hasMessage, messagesFor, type MessageId } from '../../../shared/i18n/catalog';
import { formatters, type Formatters } from '../../../shared/i18n/format';
import type { MessageValues, Translate } from '../../../shared/i18n/intl';
import { intlTag, LOCALE_NAMES, resolveLocale, textDirection, type Locale } from '../../../shared/i18n/locales';
import { useAppStore } from '../app/store';

export type { MessageId, Locale };
export { hasMessage, LOCALE_NAMES };

export type { MessageValues, Translate };

interface RendererTranslator {
  readonly locale: Locale;
  readonly intl: IntlShape;
  readonly t: Translate;
  readonly f: Formatters;
}

const cache = createIntlCache();
const made = new Map<Locale, RendererTranslator>();
const reported = new Set<string>();

function translatorFor(locale: Locale): RendererTranslator {
  let tr = made.get(locale);
  if (!tr) {
    const intl = createIntl(
      {
        locale: intlTag(locale),
        messages: messagesFor(locale),
        defaultLocale: 'en-GB',
        // A missing id shows as the id; the catalogue test keeps that from shipping. Reported once.
        onError: (error) => {
          if (reported.has(error.message)) return;
          reported.add(error.message);
          console.warn(`i18n: ${error.code}`);
        },
      },
      cache,
    );
    const t: Translate = (id, values) => intl.formatMessage({ id }, values);
    tr = { locale, intl, t, f: formatters(locale, t) };
    made.set(locale, tr);
  }
  return tr;
}

/** The operating system's (or browser's) languages: the default when nobody has chosen. */
export const systemLanguages = (): readonly string[] => (typeof navigator === 'undefined' ? [] : navigator.languages);

let current = translatorFor(resolveLocale({ system: systemLanguages() }));

/** A message in the current locale, for code outside React. */
export const t: Translate = (id, values) => current.t(id, values);
/** The current locale's formatters, for code outside React. */
export const format = (): Formatters => current.f;
export const currentLocale = (): Locale => current.locale;

const TranslatorContext = createContext<RendererTranslator>(current);

/** The locale the settings resolve to right now (user, workstation, system). */
export function useResolvedLocale(): Locale {
  const user = useAppStore((s) => s.session?.locale ?? null);
  const workstation = useAppStore((s) => s.workstationLocale);
  return resolveLocale({ user, workstation, system: systemLanguages() });
}

export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const locale = useResolvedLocale();
  const tr = translatorFor(locale);
  current = tr;
  useLayoutEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = textDirection(locale);
  }, [locale]);
  // Keyed by locale: a change of language renders every screen again in the new one.
  return (
    <TranslatorContext.Provider value={tr} key={locale}>
      <RawIntlProvider value={tr.intl}>{children}</RawIntlProvider>
    </TranslatorContext.Provider>
  );
}

export const useT = (): Translate => useContext(TranslatorContext).t;
export const useFormat = (): Formatters => useContext(TranslatorContext).f;
export const useLocale = (): Locale => useContext(TranslatorContext).locale;

