// The CLI's language: chosen from the environment as other Unix tools choose it (LANGUAGE, LC_ALL,
// LC_MESSAGES, LANG; C/POSIX or nothing means English), once per run, and every human-readable
// message formatted from the `cli` catalogue (shared/i18n/messages/cli/). Output meant for scripts
// (ids, tab-separated lines, JSON) never goes through here, so it never changes with the locale.
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { localeFromEnv } from '../../shared/i18n/env-locale';
import type { Locale } from '../../shared/i18n/locales';
import ar from '../../shared/i18n/messages/cli/ar.json';
import de from '../../shared/i18n/messages/cli/de.json';
import en from '../../shared/i18n/messages/cli/en.json';
import es from '../../shared/i18n/messages/cli/es.json';
import fr from '../../shared/i18n/messages/cli/fr.json';

export type CliKey = keyof typeof en;
type Values = Record<string, string | number>;

const CATALOGUE: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { en, de, fr, es, ar };

let intl: IntlShape<string> | null = null;
const cache = createIntlCache();

function build(locale: Locale): IntlShape<string> {
  return createIntl(
    {
      locale,
      defaultLocale: 'en',
      // A key missing in a locale falls back to English (the catalogue test keeps that from shipping).
      messages: { ...en, ...CATALOGUE[locale] },
      onError: (error) => {
        throw error;
      },
    },
    cache,
  );
}

/** Chooses the language for this run; the CLI's entry calls it with process.env before anything prints. */
export function setCliLocale(locale: Locale): void {
  intl = build(locale);
}

export function cliLocale(): Locale {
  return current().locale as Locale;
}

function current(): IntlShape<string> {
  // Whatever prints before the entry point chose (a module-level constant) follows the environment too.
  intl ??= build(localeFromEnv(process.env));
  return intl;
}

/** The message `key` in this run's language, with its placeholders filled. */
export function t(key: CliKey, values?: Values): string {
  return current().formatMessage({ id: key }, values, { ignoreTag: true });
}

/** A number in this run's language ("1.234" in German), for counts in sentences. */
export function n(value: number): string {
  return current().formatNumber(value);
}

/** True when messages are English, the language the core's own error sentences are written in. */
export const isEnglish = (): boolean => cliLocale() === 'en';
