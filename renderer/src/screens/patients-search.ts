// How the patient search box reads a typed date: in the order the user's locale writes numeric
// dates (03/02/1961 is 3 February in German and French, 2 March in US English), told to the core
// with every search. ISO dates are read as ISO whatever the locale.
import { dateOrder } from '../../../shared/i18n/dates';
import type { Locale } from '../../../shared/i18n/locales';

export type SearchDateOrder = 'dmy' | 'mdy' | 'ymd';

export function searchDateOrder(locale: Locale): SearchDateOrder {
  const first = dateOrder(locale)[0];
  return first === 'year' ? 'ymd' : first === 'month' ? 'mdy' : 'dmy';
}
