// The patient search behind the one box (search-query.ts reads what was typed). Dates of birth use
// the birth_date index; MRN prefixes use the MRN index; name fragments and MRN endings scan a
// covering index (folded name keys, MRNs), never the table: about 1 MB at 5,000 patients, a few
// milliseconds (search.test.ts measures it), filtered in SQLite so only keys containing every typed
// word reach JavaScript. Each row of the answer carries what the list shows:
// last visit and photo count (age is the birth date's business, in the renderer's locale).
import type { PatientListEntry } from '../../../shared/domain';
import type { Db } from '../db/open';
import { photoCountsByPatient } from '../photos/patient-photo-counts';
import { ACTIVE, COLUMNS, toPatient, type PatientRow } from './patients';
import { DEFAULT_LOCALE, intlTag, type Locale } from '../../../shared/i18n/locales';
import { LETTER_FOLDS, nameRank, parseQuery, type DateOrder } from './search-query';

interface Candidate {
  readonly rowid: number;
  readonly rank: number;
  readonly key: string;
}

/** Keeps the best rank per row. */
function add(into: Map<number, Candidate>, c: Candidate): void {
  const had = into.get(c.rowid);
  if (!had || had.rank > c.rank) into.set(c.rowid, c);
}

/**
 * The stored key (foldName: lower-case, marks removed) with search-query's letter folds applied in
 * SQL, so it reads as foldForSearch reads it: ø, æ, ß... in a key written without those folds match
 * what people type. One replace() per fold, its pair bound as parameters (FOLD_PARAMS, in order);
 * only keys beyond ASCII (fewer characters than bytes) pay for them.
 */
const FOLDS = Object.entries(LETTER_FOLDS);
const FOLDED_KEY = FOLDS.reduce((sql) => `replace(${sql}, ?, ?)`, 'search_name');
const FOLD_PARAMS = FOLDS.flat();

/** LIKE pattern text with its wildcards escaped (backslash is the ESCAPE character below). */
const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function candidates(db: Db, query: string, order: DateOrder): Map<number, Candidate> {
  const parsed = parseQuery(query, order);
  const found = new Map<number, Candidate>();
  const [firstDate, ...otherDates] = parsed.birthDates;
  if (firstDate !== undefined) {
    if (otherDates.some((d) => d !== firstDate)) return found;
    const rows = db.prepare('SELECT rowid AS r, search_name AS k FROM patients WHERE birth_date = ?').all(firstDate) as Array<{ r: number; k: string }>;
    for (const { r, k } of rows) {
      const rank = nameRank(k, parsed.nameTokens);
      if (rank !== null) add(found, { rowid: r, rank, key: k });
    }
    return found;
  }
  if (parsed.mrn !== null) {
    const mrn = parsed.mrn;
    const byPrefix = db.prepare('SELECT rowid AS r, mrn AS k FROM patients WHERE mrn >= ? AND mrn < ?').all(mrn, `${mrn}\uffff`) as Array<{ r: number; k: string }>;
    for (const { r, k } of byPrefix) add(found, { rowid: r, rank: k.toLowerCase() === mrn.toLowerCase() ? -3 : -2, key: k });
    // The end of an MRN (the digits read off a label): two characters at least, or "7" matches a tenth of the clinic.
    if (mrn.length >= 2) {
      const bySuffix = db.prepare("SELECT rowid AS r, mrn AS k FROM patients WHERE mrn LIKE ? ESCAPE '\\'").all(`%${likeLiteral(mrn)}`) as Array<{ r: number; k: string }>;
      for (const { r, k } of bySuffix) add(found, { rowid: r, rank: -1, key: k });
    }
  }
  if (parsed.nameTokens.length > 0) {
    // SQLite's C keeps only the keys that contain every token (a word's start is inside the key);
    // nameRank then checks word starts and ranks the few left. An MRN typed into the box ("HD-0042"
    // reads as the words "hd", "0042") thus costs a pass over the index, not one JS object per patient.
    const tokensIn = parsed.nameTokens.map(() => `(instr(search_name, ?) > 0 OR (length(search_name) < octet_length(search_name) AND instr(${FOLDED_KEY}, ?) > 0))`).join(' AND ');
    const params = parsed.nameTokens.flatMap((t) => [t, ...FOLD_PARAMS, t]);
    const rows = db.prepare(`SELECT rowid AS r, search_name AS k FROM patients WHERE ${tokensIn}`).iterate(...params);
    for (const { r, k } of rows as Iterable<{ r: number; k: string }>) {
      const rank = nameRank(k, parsed.nameTokens);
      if (rank !== null) add(found, { rowid: r, rank, key: k });
    }
  }
  return found;
}

export interface PatientSearchResult {
  readonly patients: PatientListEntry[];
  readonly truncated: boolean;
}

/**
 * Patients matching the box's text, best first (exact MRN, MRN prefix, MRN ending, family name,
 * any other name), or the most recently registered when it is empty. `order` reads local dates;
 * matches equally good are sorted by names in `locale`'s collation (Intl.Collator).
 */
export function searchPatients(db: Db, query: string, limit: number, order: DateOrder = 'dmy', locale: Locale = DEFAULT_LOCALE): PatientSearchResult {
  let rows: PatientRow[];
  let truncated: boolean;
  if (query.trim() === '') {
    rows = db.prepare(`SELECT ${COLUMNS} FROM patients WHERE ${ACTIVE} ORDER BY created_at DESC LIMIT ?`).all(limit + 1) as PatientRow[];
    truncated = rows.length > limit;
    rows = rows.slice(0, limit);
  } else {
    const ranked = [...candidates(db, query, order).values()].sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    truncated = ranked.length > limit;
    const page = ranked.slice(0, limit);
    const byRowid = new Map(
      (db.prepare(`SELECT rowid AS _r, ${COLUMNS} FROM patients WHERE rowid IN (SELECT value FROM json_each(?)) AND ${ACTIVE}`).all(JSON.stringify(page.map((c) => c.rowid))) as Array<PatientRow & { _r: number }>).map(
        (r) => [r._r, r],
      ),
    );
    const collator = new Intl.Collator(intlTag(locale), { sensitivity: 'base', numeric: true });
    const byName = (a: PatientRow, b: PatientRow): number => collator.compare(a.family_name, b.family_name) || collator.compare(a.given_name, b.given_name);
    rows = page
      .flatMap((c) => {
        const row = byRowid.get(c.rowid);
        return row ? [{ row, rank: c.rank }] : [];
      })
      .sort((a, b) => a.rank - b.rank || byName(a.row, b.row))
      .map((r) => r.row);
  }
  return { patients: withListDetails(db, rows), truncated };
}

/** Last visit (latest encounter start) and photo count for each row of a page. */
function withListDetails(db: Db, rows: readonly PatientRow[]): PatientListEntry[] {
  const ids = rows.map((r) => r.id);
  const photos = photoCountsByPatient(db, ids);
  const visits = new Map(
    (
      db
        .prepare('SELECT patient_id AS id, max(started_at) AS at FROM encounters WHERE patient_id IN (SELECT value FROM json_each(?)) GROUP BY patient_id')
        .all(JSON.stringify(ids)) as Array<{ id: string; at: string }>
    ).map((r) => [r.id, r.at]),
  );
  return rows.map((r) => ({ ...toPatient(r), lastVisitAt: visits.get(r.id) ?? null, photoCount: photos.get(r.id) ?? 0 }));
}
