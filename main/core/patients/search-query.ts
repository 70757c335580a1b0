// How one search box is read: the front desk types a name in any order and any part of it, an MRN
// or the end of one, or a date of birth the way their locale writes it (3.2.1961, 03/02/1961) or as
// ISO 8601. Pure functions, no database: search.ts runs them.

/** The order of day, month and year in a locale's numeric dates (en-US: mdy, de/fr/es/ar: dmy). */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/**
 * Letters that Unicode does not decompose but that people type without: Nordic ø/æ, French œ,
 * German ß, Polish ł, Croatian đ, Icelandic þ/ð, Turkish dotless ı. Applied after NFKD and mark
 * removal, so "Øre", "Ore" and "ØRE" are one key.
 */
export const LETTER_FOLDS: Readonly<Record<string, string>> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', þ: 'th', ð: 'd', ı: 'i' };
/** Anything beyond ASCII: only such a name needs the Unicode work below. */
const isAscii = (s: string): boolean => [...s].every((c) => c.charCodeAt(0) < 0x80);
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

/** Lower-case, accents removed, the letters above folded: the comparison form of a name. */
export function foldForSearch(s: string): string {
  const lower = s.toLowerCase();
  if (isAscii(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(FOLDABLE, (c) => LETTER_FOLDS[c] ?? c);
}

/** Between family and given name in the stored key (patients.ts). */
const UNIT_SEPARATOR = String.fromCharCode(0x1f);

/** The words of a folded name: split on spaces, hyphens, apostrophes and dots ("smith-jones" → two). */
export const nameWords = (folded: string): string[] =>
  folded
    .replaceAll(UNIT_SEPARATOR, ' ')
    .split(/[\s\-'’.,]+/u)
    .filter((w) => w !== '');


const isRealDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1800 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const iso = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * A typed date as YYYY-MM-DD, or null when the text is not a real date. ISO (1961-02-03) is always
 * read as ISO; otherwise the three numbers (separated by / . - or space) are read in the locale's
 * order, with a four-digit year.
 */
export function parseTypedDate(text: string, order: DateOrder): string | null {
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (isoMatch) {
    const [y, m, d] = isoMatch.slice(1).map(Number) as [number, number, number];
    return isRealDate(y, m, d) ? iso(y, m, d) : null;
  }
  const parts = /^(\d{1,4})[/.\-\s](\d{1,2})[/.\-\s](\d{1,4})\.?$/.exec(text);
  if (!parts) return null;
  const [a, b, c] = parts.slice(1) as [string, string, string];
  const [y, m, d] = a.length === 4 ? [a, b, c] : order === 'mdy' ? [c, a, b] : order === 'ymd' ? [a, b, c] : [c, b, a];
  if (y.length !== 4) return null;
  return isRealDate(Number(y), Number(m), Number(d)) ? iso(Number(y), Number(m), Number(d)) : null;
}

export interface ParsedQuery {
  /** Dates of birth the query names (all must match). */
  readonly birthDates: string[];
  /** Folded name fragments: each must start a word of the family or given name. */
  readonly nameTokens: string[];
  /** The query as typed, trimmed, when it could be an MRN or the end of one (one word, MRN characters). */
  readonly mrn: string | null;
}

export function parseQuery(query: string, order: DateOrder): ParsedQuery {
  const q = query.trim();
  const whole = parseTypedDate(q, order);
  if (whole) return { birthDates: [whole], nameTokens: [], mrn: null };
  const birthDates: string[] = [];
  const nameTokens: string[] = [];
  for (const raw of q.split(/[\s,;]+/).filter((t) => t !== '')) {
    const date = parseTypedDate(raw, order);
    if (date) birthDates.push(date);
    else nameTokens.push(...nameWords(foldForSearch(raw)));
  }
  const mrn = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/.test(q) ? q : null;
  return { birthDates, nameTokens, mrn };
}

/**
 * How well a stored name key ("family\u001fgiven", folded) answers the tokens: null when some token
 * starts no word; 0 when the first token starts the family name, 1 when every token hits the
 * family name or the first token another family word, 2 otherwise. Lower sorts first.
 */
export function nameRank(storedKey: string, tokens: readonly string[]): number | null {
  if (tokens.length === 0) return 2;
  const key = foldForSearch(storedKey);
  const cut = key.indexOf('\u001f');
  const family = cut < 0 ? key : key.slice(0, cut);
  const familyWords = nameWords(family);
  const allWords = nameWords(key);
  for (const t of tokens) if (!allWords.some((w) => w.startsWith(t))) return null;
  const first = tokens[0] as string;
  if (family.startsWith(first)) return 0;
  return familyWords.some((w) => w.startsWith(first)) ? 1 : 2;
}
