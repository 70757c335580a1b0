// A translator for one locale, for code outside React (the CLI, generated documents, the core's
// PDF): FormatJS's ICU formatting over the catalogue. The renderer builds its own over the same
// catalogue with react-intl (renderer/src/i18n), so both sides read the same messages.
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { messagesFor, type MessageId } from './catalog';
import { formatters, type Formatters } from './format';
import { intlTag, type Locale } from './locales';

export type MessageValues = Record<string, string | number | Date | null | undefined>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

export interface Translator {
  readonly locale: Locale;
  readonly t: Translate;
  readonly f: Formatters;
  readonly intl: IntlShape<string>;
}

const cache = createIntlCache();
const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  let made = translators.get(locale);
  if (!made) {
    const intl = createIntl({ locale: intlTag(locale), messages: messagesFor(locale), defaultLocale: 'en-GB', onError: reportOnce }, cache);
    const t: Translate = (id, values) => intl.formatMessage({ id }, values as Record<string, string | number | Date | null | undefined>);
    made = { locale, t, f: formatters(locale, t), intl };
    translators.set(locale, made);
  }
  return made;
}

// A missing message or a bad ICU pattern is a defect the catalogue test catches; at run time the
// id is shown rather than a crash, and the defect is reported once, without the values (no PHI).
const reported = new Set<string>();
function reportOnce(error: { code?: string; message: string }): void {
  const key = `${error.code}:${error.message.slice(0, 120)}`;
  if (reported.has(key)) return;
  reported.add(key);
  console.warn(`i18n: ${key}`);
}
