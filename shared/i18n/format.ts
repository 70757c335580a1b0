// Dates, times, numbers, units and names for one locale, all through Intl (and the catalogue for
// what Intl has no unit for, such as mm²). Clinical dates are unambiguous: the month is a word.
import type { MessageId } from './catalog';
import { intlTag, type Locale } from './locales';

type Translate = (id: MessageId, values?: Record<string, string | number>) => string;

export interface Formatters {
  /** A calendar date (YYYY-MM-DD) as "14 Mar 1980" / "14. März 1980"; no time zone involved. */
  date(iso: string): string;
  /** A timestamp in local time, "25 Nov 2026, 14:03" (with seconds to tell a burst apart). */
  dateTime(timestamp: string, withSeconds?: boolean): string;
  time(timestamp: string, withSeconds?: boolean): string;
  number(value: number, fractionDigits?: number): string;
  /** Millimetres, "6.2 mm" / "6,2 mm". */
  mm(value: number, fractionDigits?: number): string;
  mm2(value: number, fractionDigits?: number): string;
  degrees(value: number, fractionDigits?: number): string;
  bytes(value: number): string;
  /** Completed years, or months/days for infants, as clinicians write it ("45 y", "45 J."). */
  age(birthDate: string, now?: Date): string;
  /** The interval from an earlier visit: "+84 days", "same day". */
  days(days: number): string;
  /** "Ångström, Zoë"; a mononymous patient is just the one name. */
  personName(name: { familyName: string; givenName: string }): string;
  list(items: readonly string[]): string;
  /** Sorting and matching by the locale's rules (case and accents ignored, numbers by value). */
  readonly collator: Intl.Collator;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function formatters(locale: Locale, t: Translate): Formatters {
  const tag = intlTag(locale);
  const dateFormat = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dateTimeSeconds = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const timeFormat = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const timeSeconds = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const unit = (name: string, value: number, fractionDigits: number, display: 'short' | 'narrow' = 'short') =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: name, unitDisplay: display, maximumFractionDigits: fractionDigits, minimumFractionDigits: 0 }).format(value);
  const number = (value: number, fractionDigits = 0) => new Intl.NumberFormat(tag, { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(value);
  const when = (timestamp: string, format: Intl.DateTimeFormat) => {
    const d = new Date(timestamp);
    return Number.isNaN(d.getTime()) ? timestamp : format.format(d);
  };
  return {
    date(iso) {
      const m = ISO_DATE.exec(iso);
      return m ? dateFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) : iso;
    },
    dateTime: (timestamp, withSeconds = false) => when(timestamp, withSeconds ? dateTimeSeconds : dateTimeFormat),
    time: (timestamp, withSeconds = false) => when(timestamp, withSeconds ? timeSeconds : timeFormat),
    number,
    mm: (value, fractionDigits = 1) => new Intl.NumberFormat(tag, { style: 'unit', unit: 'millimeter', unitDisplay: 'short', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value),
    mm2: (value, fractionDigits = 1) => t('format.squareMillimetres', { value: number(value, fractionDigits) }),
    degrees: (value, fractionDigits = 1) => unit('degree', value, fractionDigits, 'narrow'),
    bytes(value) {
      if (value < 1024) return unit('byte', value, 0);
      if (value < 1024 * 1024) return unit('kilobyte', value / 1024, 0);
      return unit('megabyte', value / (1024 * 1024), 1);
    },
    age(birthDate, now = new Date()) {
      const m = ISO_DATE.exec(birthDate);
      if (!m) return '';
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      let years = now.getFullYear() - y;
      let months = now.getMonth() + 1 - mo;
      if (now.getDate() < d) months -= 1;
      if (months < 0) {
        years -= 1;
        months += 12;
      }
      if (years >= 2) return unit('year', years, 0);
      const totalMonths = years * 12 + months;
      if (totalMonths >= 1) return unit('month', totalMonths, 0);
      return unit('day', Math.max(0, Math.floor((now.getTime() - new Date(y, mo - 1, d).getTime()) / 86_400_000)), 0);
    },
    days: (days) => (days >= 0 ? t('format.intervalDays', { days }) : t('format.daysBefore', { days: -days })),
    personName: ({ familyName, givenName }) => (givenName.trim() === '' ? familyName : familyName.trim() === '' ? givenName : t('format.personName', { family: familyName, given: givenName })),
    list: (items) => new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' }).format(items),
    collator: new Intl.Collator(tag, { sensitivity: 'base', numeric: true }),
  };
}
