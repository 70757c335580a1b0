// Locale choice (operating system, workstation, user; the CLI's environment), Intl formatting and
// dates typed the local way.
import { describe, expect, it } from 'vitest';
import { parseTypedDate, dateOrder } from './dates';
import { localeFromEnv } from './env-locale';
import { translator } from './intl';
import { negotiateLocale, resolveLocale, textDirection } from './locales';

describe('choosing the locale', () => {
  it('negotiates by language, whatever the region or encoding', () => {
    expect(negotiateLocale(['de-AT', 'en'])).toBe('de');
    expect(negotiateLocale(['pt-BR', 'fr_CA.UTF-8'])).toBe('fr');
    expect(negotiateLocale(['AR'])).toBe('ar');
    expect(negotiateLocale(['pt', 'ja'])).toBeNull();
  });
  it('prefers the user, then the workstation, then the system, then English', () => {
    expect(resolveLocale({ user: 'es', workstation: 'de', system: ['fr'] })).toBe('es');
    expect(resolveLocale({ user: null, workstation: 'de', system: ['fr'] })).toBe('de');
    expect(resolveLocale({ system: ['fr-FR'] })).toBe('fr');
    expect(resolveLocale({ system: ['ja-JP'] })).toBe('en');
  });
  it('the command line follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG as gettext does', () => {
    expect(localeFromEnv({})).toBe('en');
    expect(localeFromEnv({ LANG: 'C' })).toBe('en');
    expect(localeFromEnv({ LANG: 'C.UTF-8', LANGUAGE: 'de' })).toBe('en');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('de');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'fr_FR.UTF-8' })).toBe('fr');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'fr_FR.UTF-8', LC_ALL: 'es_ES.UTF-8' })).toBe('es');
    expect(localeFromEnv({ LANG: 'en_US.UTF-8', LANGUAGE: 'pt:ar:de' })).toBe('ar');
    expect(localeFromEnv({ LC_ALL: 'POSIX', LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LANG: 'ja_JP.UTF-8' })).toBe('en');
  });
  it('Arabic is written right to left, the others left to right', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('de')).toBe('ltr');
  });
});

describe('formatting through Intl', () => {
  const at = new Date(2026, 10, 25, 14, 3, 27).toISOString();
  it('writes dates with the month as a word, in each language', () => {
    expect(translator('en').f.date('1980-03-14')).toBe('14 Mar 1980');
    expect(translator('de').f.date('1980-03-14')).toBe('14. März 1980');
    expect(translator('fr').f.date('1980-03-14')).toBe('14 mars 1980');
    expect(translator('es').f.date('1980-03-14')).toBe('14 mar 1980');
    expect(translator('ar').f.date('1980-03-14')).toMatch(/14 مارس 1980/);
    expect(translator('en').f.date('not a date')).toBe('not a date');
  });
  it('writes times on the 24-hour clock', () => {
    expect(translator('en').f.dateTime(at)).toBe('25 Nov 2026, 14:03');
    expect(translator('de').f.dateTime(at, true)).toMatch(/^25\. Nov\. 2026, 14:03:27$/);
  });
  it('writes numbers and units the local way', () => {
    expect(translator('en').f.mm(6.24)).toBe('6.2 mm');
    expect(translator('de').f.mm(6.24)).toBe('6,2 mm');
    expect(translator('fr').f.mm2(1234.5)).toBe('1\u202f234,5 mm²');
    expect(translator('de').f.degrees(12.5)).toBe('12,5°');
    expect(translator('en').f.bytes(3 * 1024 * 1024)).toBe('3 MB');
  });
  it('writes ages and intervals with plurals', () => {
    const now = new Date(2026, 11, 6);
    expect(translator('en').f.age('1980-02-29', now)).toBe('46 yrs');
    expect(translator('de').f.age('1980-02-29', now)).toBe('46 J');
    expect(translator('en').f.age('2026-10-01', now)).toBe('2 mths');
    expect(translator('en').f.days(84)).toBe('+84 days');
    expect(translator('en').f.days(1)).toBe('+1 day');
    expect(translator('de').f.days(0)).toBe('am selben Tag');
    expect(translator('ar').f.days(3)).toBe('+3 أيام');
  });
  it('writes names, and a mononymous patient as the one name', () => {
    expect(translator('en').f.personName({ familyName: 'Ångström', givenName: 'Zoë' })).toBe('Ångström, Zoë');
    expect(translator('en').f.personName({ familyName: 'Suharto', givenName: '' })).toBe('Suharto');
  });
  it('sorts and matches by the locale: accents and case ignored', () => {
    const { collator } = translator('de').f;
    expect(['Zoë', 'Ärger', 'Abel', 'zander'].sort(collator.compare)).toEqual(['Abel', 'Ärger', 'zander', 'Zoë']);
    expect(collator.compare('Müller', 'muller')).toBe(0);
  });
});

describe('dates typed the local way', () => {
  it('reads the order from Intl', () => {
    expect(dateOrder('en')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('de')).toEqual(['day', 'month', 'year']);
  });
  it('accepts ISO and the locale order with any separator', () => {
    expect(parseTypedDate('1961-02-03', 'en')).toBe('1961-02-03');
    expect(parseTypedDate('03/02/1961', 'en')).toBe('1961-02-03');
    expect(parseTypedDate('3.2.1961', 'de')).toBe('1961-02-03');
    expect(parseTypedDate('3-2-1961', 'es')).toBe('1961-02-03');
    expect(parseTypedDate(' 03 02 1961 ', 'fr')).toBe('1961-02-03');
  });
  it('refuses what is not a real date or has a two-digit year', () => {
    expect(parseTypedDate('31/02/1961', 'en')).toBeNull();
    expect(parseTypedDate('3.2.61', 'de')).toBeNull();
    expect(parseTypedDate('1961-13-01', 'en')).toBeNull();
    expect(parseTypedDate('Smith', 'en')).toBeNull();
  });
});
