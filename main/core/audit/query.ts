// The privacy officer's search over the audit log (by user, patient, action and date range, with
// paging) and the same result as CSV. The CSV is built here in the core: the renderer has no file
// system, so it receives the text and offers it as a download; cells that a spreadsheet would
// run as a formula are defused.
import type { Db } from '../db/open';

export interface AuditQuery {
  readonly userId?: string | null;
  readonly patientId?: string | null;
  /** An exact action ("photo.view") or an area prefix ("photo" matches "photo.view", "photo.list"). */
  readonly action?: string | null;
  readonly outcome?: string | null;
  /** Inclusive lower and exclusive upper bounds, ISO instants. */
  readonly fromAt?: string | null;
  readonly toAt?: string | null;
}

export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly workstationId: string;
  readonly userId: string | null;
  readonly username: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly patientId: string | null;
  readonly mrn: string | null;
  readonly photoId: string | null;
  readonly reason: string;
  readonly detail: string;
}

function where(q: AuditQuery): { sql: string; args: unknown[] } {
  const clauses: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    clauses.push(clause);
    args.push(...values);
  };
  if (q.userId) add('a.user_id = ?', q.userId);
  if (q.patientId) add('a.patient_id = ?', q.patientId);
  if (q.action) {
    // Prefix by range rather than LIKE, so "_" and "%" in an action are not wildcards.
    add('(a.action = ? OR (a.action >= ? AND a.action < ?))', q.action, `${q.action}.`, `${q.action}/`);
  }
  if (q.outcome) add('a.outcome = ?', q.outcome);
  if (q.fromAt) add('a.at >= ?', q.fromAt);
  if (q.toAt) add('a.at < ?', q.toAt);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', args };
}

const SELECT = `SELECT a.seq, a.at, a.workstation_id, a.user_id, u.username, a.action, a.outcome, a.patient_id, p.mrn, a.photo_id, a.reason, a.detail
  FROM audit_events a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN patients p ON p.id = a.patient_id`;

interface Row {
  seq: number;
  at: string;
  workstation_id: string;
  user_id: string | null;
  username: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  mrn: string | null;
  photo_id: string | null;
  reason: string;
  detail: string;
}

const toRow = (r: Row): AuditRow => ({
  seq: r.seq,
  at: r.at,
  workstationId: r.workstation_id,
  userId: r.user_id,
  username: r.username,
  action: r.action,
  outcome: r.outcome,
  patientId: r.patient_id,
  mrn: r.mrn,
  photoId: r.photo_id,
  reason: r.reason,
  detail: r.detail,
});

export function searchAudit(db: Db, q: AuditQuery, page: number, pageSize: number): { rows: AuditRow[]; total: number } {
  const w = where(q);
  const total = db.prepare(`SELECT count(*) FROM audit_events a ${w.sql}`).pluck().get(...w.args) as number;
  const rows = db.prepare(`${SELECT} ${w.sql} ORDER BY a.seq DESC LIMIT ? OFFSET ?`).all(...w.args, pageSize, page * pageSize) as Row[];
  return { rows: rows.map(toRow), total };
}

/** At most this many rows go into one CSV; the officer narrows the search for more. */
export const CSV_ROW_LIMIT = 100_000;

const CSV_COLUMNS: ReadonlyArray<[string, (r: AuditRow) => string | number | null]> = [
  ['seq', (r) => r.seq],
  ['time_utc', (r) => r.at],
  ['workstation_id', (r) => r.workstationId],
  ['user_id', (r) => r.userId],
  ['username', (r) => r.username],
  ['action', (r) => r.action],
  ['outcome', (r) => r.outcome],
  ['patient_id', (r) => r.patientId],
  ['mrn', (r) => r.mrn],
  ['photo_id', (r) => r.photoId],
  ['reason', (r) => r.reason],
  ['detail', (r) => r.detail],
];

/**
 * A cell a spreadsheet may evaluate (OWASP CSV injection): one that begins with a tab, CR or LF, or
 * whose first character after any leading spaces (ASCII, no-break, ideographic, zero-width, BOM) is
 * a formula or DDE trigger, ASCII or full-width: = + - @ | and ＝ ＋ － ＠ ｜. Spreadsheets trim
 * leading spaces and fold full-width forms before parsing, so " =1+1" and "＝1+1" run too.
 */
const FORMULA_CELL = /^(?:[\t\r\n]|[\s\u200B-\u200D\u2060\uFEFF]*[=+\-@|\uFF1D\uFF0B\uFF0D\uFF20\uFF5C])/;

/** RFC 4180 quoting, plus a leading apostrophe on cells a spreadsheet would evaluate. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_CELL.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(db: Db, q: AuditQuery): { csv: string; rows: number; truncated: boolean } {
  const w = where(q);
  const rows = db.prepare(`${SELECT} ${w.sql} ORDER BY a.seq LIMIT ?`).all(...w.args, CSV_ROW_LIMIT + 1) as Row[];
  const truncated = rows.length > CSV_ROW_LIMIT;
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows.slice(0, CSV_ROW_LIMIT)) {
    const r = toRow(row);
    lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(r))).join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: Math.min(rows.length, CSV_ROW_LIMIT), truncated };
}
