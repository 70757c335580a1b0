// One area of the message catalogue: the English source and every other shipped locale, each of
// which must carry every English key (the compiler checks it here; catalog.test.ts checks extra
// keys, placeholders and untranslated copies).
import type { Locale } from './locales';

export type Messages = Readonly<Record<string, string>>;
export type AreaMessages<T extends Messages> = Readonly<Record<Locale, Readonly<Record<keyof T, string>>>>;

export function area<T extends Messages>(en: T, others: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<keyof T, string>>>>): AreaMessages<T> {
  return { en, ...others };
}
