// The timeline's intervals: whole calendar days between two photos in the workstation's time zone
// (a photo at 23:00 and one the next morning are one day apart), computed on calendar dates so a
// daylight-saving change never makes "+84 days" read as 83.

const calendarDay = (iso: string): number => {
  const d = new Date(iso);
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000;
};

/** Days from `earlier` to `later` (both ISO instants), by local calendar date. */
export const daysBetween = (earlier: string, later: string): number => calendarDay(later) - calendarDay(earlier);

/** For each entry, the days since the entry before it (null for the first). */
export const intervalsInDays = (instants: readonly string[]): Array<number | null> => instants.map((at, i) => (i === 0 ? null : daysBetween(instants[i - 1]!, at)));

/** The local calendar date (YYYY-MM-DD) of an instant, for the date formatter (visits and timeline). */
export const localDay = (iso: string): string => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
