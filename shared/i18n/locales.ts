// The locales the product ships, and how a list of preferred languages (the operating system's,
// a browser's, an administrator's or a user's choice) settles on one of them.

export const LOCALES = ['en', 'de', 'fr', 'es', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each locale's name in its own language, for the language pickers. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
};

const RTL: ReadonlySet<Locale> = new Set(['ar']);

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

export const textDirection = (locale: Locale): 'rtl' | 'ltr' => (RTL.has(locale) ? 'rtl' : 'ltr');

/**
 * The first shipped locale that matches a preference list, by language: "de-AT", "de_CH.UTF-8"
 * and "DE" all mean German. Null when none matches, so the caller's next source decides.
 */
export function negotiateLocale(preferred: readonly string[]): Locale | null {
  for (const tag of preferred) {
    const language = tag.trim().split(/[-_.@]/)[0]?.toLowerCase();
    if (isLocale(language)) return language;
  }
  return null;
}

/**
 * The locale in force, from the most specific choice down: the user's own, the workstation's (set
 * by an administrator), then the operating system's languages, then English.
 */
export function resolveLocale(choice: { user?: Locale | null; workstation?: Locale | null; system?: readonly string[] }): Locale {
  return choice.user ?? choice.workstation ?? negotiateLocale(choice.system ?? []) ?? DEFAULT_LOCALE;
}

/**
 * The BCP 47 tag Intl formats with. English is written the clinical way (day month year, 24-hour
 * clock: "14 Mar 1980 14:03", never 03/14); Arabic keeps Western digits, as MRNs, device values
 * and measurements are written in Arabic-language clinics and their systems.
 */
const INTL_TAGS: Readonly<Record<Locale, string>> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', ar: 'ar-u-nu-latn' };

export const intlTag = (locale: Locale): string => INTL_TAGS[locale];
