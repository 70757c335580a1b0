// The signed consent PDF's fixed words in the signing's language: the language of the form the
// patient signed (the template's), not the staff member's screen language. Labels come from the
// catalogue's `pdf` area (shared/i18n/messages/pdf/); dates and times from Intl for that locale.
// A form in a language the product does not ship (a clinic's own Chinese form) gets English labels.
import { translator } from '../../../shared/i18n/intl';
import { DEFAULT_LOCALE, intlTag, negotiateLocale, textDirection, type Locale } from '../../../shared/i18n/locales';
import type en from '../../../shared/i18n/messages/pdf/en.json';

export type PdfKey = keyof typeof en;

export interface PdfText {
  readonly locale: Locale;
  readonly direction: 'ltr' | 'rtl';
  t(key: PdfKey, values?: Record<string, string | number>): string;
  /** A calendar date (YYYY-MM-DD) with the month as a word: "14. März 1988"; no time zone involved. */
  date(isoDate: string): string;
  /** An instant in the locale's words, in UTC as the audit log's times are, with the ISO value after it. */
  dateTime(iso: string): string;
}

export function pdfText(language: string): PdfText {
  const locale = negotiateLocale([language]) ?? DEFAULT_LOCALE;
  const { t } = translator(locale);
  // The record's own tag (Arabic with Western digits, as the rest of the product writes it).
  const tag = intlTag(locale);
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
  const instant = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC', hourCycle: 'h23' });
  return {
    locale,
    direction: textDirection(locale),
    t: (key, values) => t(`pdf.${key}`, values),
    date: (isoDate) => day.format(new Date(`${isoDate}T00:00:00Z`)),
    dateTime: (iso) => `${instant.format(new Date(iso))} (${new Date(iso).toISOString().replace(/\.\d+Z$/, 'Z')})`,
  };
}
