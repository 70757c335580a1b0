// The CLI's language: chosen from the environment as other Unix tools choose it (LANGUAGE, LC_ALL,
// LC_MESSAGES, LANG; C/POSIX or nothing means English), once per run, and every human-readable
// message formatted from the catalogue's `cli` area (shared/i18n/messages/cli/). Output meant for
// scripts (ids, tab-separated lines, JSON) never goes through here, so it never changes with the locale.
import type { MessageId } from '../../shared/i18n/catalog';
import { localeFromEnv } from '../../shared/i18n/env-locale';
import { translator, type Translator } from '../../shared/i18n/intl';
import type { Locale } from '../../shared/i18n/locales';
import type en from '../../shared/i18n/messages/cli/en.json';

export type CliKey = keyof typeof en;
type Values = Record<string, string | number>;

let current: Translator | null = null;

/** Chooses the language for this run; the CLI's entry calls it with process.env before anything prints. */
export function setCliLocale(locale: Locale): void {
  current = translator(locale);
}

function active(): Translator {
  // Whatever prints before the entry point chose (a module-level constant) follows the environment too.
  current ??= translator(localeFromEnv(process.env));
  return current;
}

export const cliLocale = (): Locale => active().locale;

/** The message `cli.<key>` in this run's language, with its placeholders filled. */
export function t(key: CliKey, values?: Values): string {
  return active().t(`cli.${key}`, values);
}

/** Any catalogue message (an error code's, `errors.<CODE>`) in this run's language. */
export const tCatalogue = (id: MessageId, values?: Values): string => active().t(id, values);

/** True when messages are English, the language the core's own error sentences are written in. */
export const isEnglish = (): boolean => cliLocale() === 'en';
