// How the search box is read: folding of letters without a Unicode decomposition, local and ISO
// dates in each locale order, and which name words a fragment must start.
import { describe, expect, it } from 'vitest';
import { foldForSearch, nameRank, parseQuery, parseTypedDate } from './search-query';

describe('foldForSearch', () => {
  it.each([
    ['Søren Ærø', 'soren aero'],
    ['Œuvre', 'oeuvre'],
    ['Straße', 'strasse'],
    ['Łukasz', 'lukasz'],
    ['Đorđević', 'dordevic'],
    ['Þórunn', 'thorunn'],
    ['Müller', 'muller'],
    ['José', 'jose'],
  ])('%s → %s', (input, folded) => expect(foldForSearch(input)).toBe(folded));
});

describe('parseTypedDate', () => {
  it('reads ISO whatever the locale', () => {
    expect(parseTypedDate('1961-02-03', 'mdy')).toBe('1961-02-03');
    expect(parseTypedDate('1961-2-3', 'dmy')).toBe('1961-02-03');
  });
  it('reads day-first locales', () => {
    expect(parseTypedDate('03/02/1961', 'dmy')).toBe('1961-02-03');
    expect(parseTypedDate('3.2.1961', 'dmy')).toBe('1961-02-03');
    expect(parseTypedDate('3.2.1961.', 'dmy')).toBe('1961-02-03');
  });
  it('reads month-first locales', () => expect(parseTypedDate('03/02/1961', 'mdy')).toBe('1961-03-02'));
  it('refuses what is not a real date', () => {
    expect(parseTypedDate('31/02/1961', 'dmy')).toBeNull();
    expect(parseTypedDate('03/02/61', 'dmy')).toBeNull();
    expect(parseTypedDate('HD-0001', 'dmy')).toBeNull();
  });
});

describe('parseQuery', () => {
  it('splits names, dates and commas', () => {
    expect(parseQuery('García-López, María 3.2.1961', 'dmy')).toEqual({ birthDates: ['1961-02-03'], nameTokens: ['garcia', 'lopez', 'maria'], mrn: null });
  });
  it('offers a one-word query as an MRN too', () => expect(parseQuery(' 0042 ', 'dmy').mrn).toBe('0042'));
});

describe('nameRank', () => {
  const key = 'garcia lopez\u001fmaria jose';
  it('matches any word of either name by its start', () => {
    expect(nameRank(key, ['lop'])).toBe(1);
    expect(nameRank(key, ['jose'])).toBe(2);
    expect(nameRank(key, ['gar', 'mar'])).toBe(0);
    expect(nameRank(key, ['arcia'])).toBeNull();
    expect(nameRank(key, ['maria', 'smith'])).toBeNull();
  });
  it('folds a stored key written before the letter folds', () => expect(nameRank('ørsted\u001fhans', ['orsted'])).toBe(0));
});
