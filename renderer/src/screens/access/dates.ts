// Calendar dates typed by administrators ("until 30 June") as instants the core compares: a grant
// or an account runs from the start of its first local day to the end of its last local day.
export const startOfLocalDay = (date: string): string => new Date(`${date}T00:00:00`).toISOString();

export function endOfLocalDay(date: string): string {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** The local calendar day an end-of-day instant belongs to (the inverse of endOfLocalDay). */
export function lastLocalDay(timestamp: string): string {
  const d = new Date(new Date(timestamp).getTime() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
