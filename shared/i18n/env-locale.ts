// The command line's locale, as other Unix tools choose it (gettext's rules): LANGUAGE, a colon
// list of preferences, counts only when the locale is set to something other than C/POSIX; then
// LC_ALL, LC_MESSAGES and LANG in that order. C, POSIX or nothing set means English.
import { DEFAULT_LOCALE, negotiateLocale, type Locale } from './locales';

type Env = Readonly<Record<string, string | undefined>>;

const isPlain = (value: string): boolean => value === 'C' || value === 'POSIX' || value.startsWith('C.');

export function localeFromEnv(env: Env): Locale {
  const set = (name: string): string | undefined => (env[name] && env[name] !== '' ? env[name] : undefined);
  const messages = set('LC_ALL') ?? set('LC_MESSAGES') ?? set('LANG');
  if (!messages || isPlain(messages)) return DEFAULT_LOCALE;
  const language = set('LANGUAGE');
  const preferred = [...(language ? language.split(':') : []), messages];
  return negotiateLocale(preferred) ?? DEFAULT_LOCALE;
}
