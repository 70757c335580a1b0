// The signed consent PDF's fixed words in the signing's language: the language of the form the
// patient signed (the template's), not the staff member's screen language. Labels come from the
// `pdf` catalogue (shared/i18n/messages/pdf/); dates and times from Intl for that locale. A form in
// a language the product does not ship (a clinic's own Chinese template) gets English labels.
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { DEFAULT_LOCALE, negotiateLocale, textDirection, type Locale } from '../../../shared/i18n/locales';
import ar from '../../../shared/i18n/messages/pdf/ar.json';
import de from '../../../shared/i18n/messages/pdf/de.json';
import en from '../../../shared/i18n/messages/pdf/en.json';
import es from '../../../shared/i18n/messages/pdf/es.json';
import fr from '../../../shared/i18n/messages/pdf/fr.json';

export type PdfKey = keyof typeof en;

const CATALOGUE: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { en, de, fr, es, ar };
const cache = createIntlCache();

export interface PdfText {
  readonly locale: Locale;
  readonly direction: 'ltr' | 'rtl';
  t(key: PdfKey, values?: Record<string, string | number>): string;
  /** A calendar date (YYYY-MM-DD) in the locale's long form: "6. Dezember 2026". */
  date(isoDate: string): string;
  /** An instant in the locale's form, in UTC as the audit log's times are, with the ISO value after it. */
  dateTime(iso: string): string;
}

export function pdfText(language: string): PdfText {
  const locale = negotiateLocale([language]) ?? DEFAULT_LOCALE;
  const intl: IntlShape<string> = createIntl(
    {
      locale,
      messages: { ...en, ...CATALOGUE[locale] },
      onError: (error) => {
        throw error;
      },
    },
    cache,
  );
  // Western digits in Arabic too: dates and ids sit in runs laid out left to right, and a record's
  // numbers read the same as the ISO values printed beside them.
  const intlLocale = locale === 'ar' ? 'ar-u-nu-latn' : locale;
  const day = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeZone: 'UTC' });
  const instant = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC', hourCycle: 'h23' });
  return {
    locale,
    direction: textDirection(locale),
    t: (key, values) => intl.formatMessage({ id: key }, values),
    date: (isoDate) => day.format(new Date(`${isoDate}T00:00:00Z`)),
    dateTime: (iso) => `${instant.format(new Date(iso))} (${new Date(iso).toISOString().replace(/\.\d+Z$/, 'Z')})`,
  };
}
