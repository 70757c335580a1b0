// Dates typed by people: ISO (1961-02-03) everywhere, and the locale's own order with any of
// / . - or space between the parts (03/02/1961 in English and French is 3 February; 3.2.1961 in
// German). Only real calendar dates with four-digit years are accepted: a two-digit year is
// ambiguous for a birth date, so it is refused rather than guessed.
import { intlTag, type Locale } from './locales';

type Part = 'day' | 'month' | 'year';

const orders = new Map<Locale, readonly Part[]>();

/** The order the locale writes a numeric date in, read from Intl itself. */
export function dateOrder(locale: Locale): readonly Part[] {
  let order = orders.get(locale);
  if (!order) {
    const parts = new Intl.DateTimeFormat(intlTag(locale), { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2001, 10, 22)));
    order = parts.map((p) => p.type).filter((type): type is Part => type === 'day' || type === 'month' || type === 'year');
    orders.set(locale, order);
  }
  return order;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function calendarDate(year: number, month: number, day: number): string | null {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A typed date as YYYY-MM-DD, or null when it is not one (in ISO or the locale's order). */
export function parseTypedDate(text: string, locale: Locale): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const pieces = /^(\d{1,4})[/.\-\s]+(\d{1,2})[/.\-\s]+(\d{1,4})\.?$/.exec(trimmed);
  if (!pieces) return null;
  const values = [pieces[1]!, pieces[2]!, pieces[3]!];
  const order = dateOrder(locale);
  const value: Partial<Record<Part, string>> = {};
  order.forEach((part, i) => (value[part] = values[i]));
  if (!value.year || value.year.length !== 4 || !value.month || !value.day || value.day.length > 2) return null;
  return calendarDate(Number(value.year), Number(value.month), Number(value.day));
}
