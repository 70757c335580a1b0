// The anomaly list, computed from the audit log over a date range with the officer's thresholds:
// bursts of viewing or exporting by one user, access to patients outside business hours (the
// workstation's local time), every break-glass access, and bursts of failed sign-ins. MRN look-ups
// count as views, whatever their outcome.
import { AuditThresholds, DEFAULT_AUDIT_THRESHOLDS, type Anomaly } from '../../../shared/channels/audit';
import type { Db } from '../db/open';

const THRESHOLDS = 'thresholds';

/** The stored thresholds, or the defaults when none were saved or the stored value is not valid. */
export function readThresholds(db: Db): AuditThresholds {
  const raw = db.prepare('SELECT value FROM audit_settings WHERE name = ?').pluck().get(THRESHOLDS) as string | undefined;
  if (raw === undefined) return DEFAULT_AUDIT_THRESHOLDS;
  try {
    const parsed = AuditThresholds.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_AUDIT_THRESHOLDS;
  } catch {
    return DEFAULT_AUDIT_THRESHOLDS;
  }
}

export function saveThresholds(db: Db, thresholds: AuditThresholds, at: Date, userId: string): AuditThresholds {
  const valid = AuditThresholds.parse(thresholds);
  db.prepare(
    `INSERT INTO audit_settings (name, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(THRESHOLDS, JSON.stringify(valid), at.toISOString(), userId);
  return valid;
}

const isView = (action: string) => action === 'patient.view' || action === 'photo.view' || action.endsWith('.view');
// An MRN look-up reveals whether someone is a patient here, so a run of them is a run of views; a
// miss or a refused look-up counts as well, since enumeration is mostly misses.
const isLookup = (action: string) => action === 'patient.lookup';
const isExport = (action: string) => /(^|\.)(export|share)($|[.-])/.test(action) || action.startsWith('export.') || action.startsWith('share.');
const isFailedLogin = (action: string, outcome: string) => outcome !== 'success' && /^session\.(sign-in|unlock|switch-user|second-factor|totp)/.test(action);
const isBreakGlass = (action: string) => action === 'access.break-glass' || action.startsWith('access.break-glass.');

interface Event {
  seq: number;
  at: string;
  user_id: string | null;
  username: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  reason: string;
}

/** At most this many anomalies are listed; the officer narrows the range for more. */
export const ANOMALY_LIMIT = 1000;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Groups of at least `count` events within `windowMinutes`, merged while the burst goes on, so one
 * spree is one anomaly rather than one per event.
 */
function bursts(events: readonly Event[], count: number, windowMinutes: number): Event[][] {
  const out: Event[][] = [];
  const windowMs = windowMinutes * 60_000;
  const t = events.map((e) => Date.parse(e.at));
  let i = count - 1;
  while (i < events.length) {
    if (t[i]! - t[i - count + 1]! <= windowMs) {
      const start = i - count + 1;
      let end = i;
      while (end + 1 < events.length && t[end + 1]! - t[end + 2 - count]! <= windowMs) end++;
      out.push(events.slice(start, end + 1));
      i = end + count;
    } else i++;
  }
  return out;
}

function push(groups: Map<string, Event[]>, key: string, e: Event): void {
  const list = groups.get(key);
  if (list) list.push(e);
  else groups.set(key, [e]);
}

export function findAnomalies(db: Db, fromAt: string, toAt: string, th: AuditThresholds): { anomalies: Anomaly[]; truncated: boolean } {
  const events = db
    .prepare(
      `SELECT a.seq, a.at, a.user_id, u.username, a.action, a.outcome, a.patient_id, a.reason
       FROM audit_events a LEFT JOIN users u ON u.id = a.user_id WHERE a.at >= ? AND a.at < ? ORDER BY a.seq`,
    )
    .all(fromAt, toAt) as Event[];
  const anomalies: Anomaly[] = [];
  const of = (kind: Anomaly['kind'], group: readonly Event[], extra: Partial<Anomaly> = {}): Anomaly => ({
    kind,
    userId: group[0]!.user_id,
    username: group[0]!.username,
    from: group[0]!.at,
    to: group.at(-1)!.at,
    count: group.length,
    firstSeq: group[0]!.seq,
    patientId: null,
    reason: '',
    ...extra,
  });
  const byUser = (pick: (e: Event) => boolean) => {
    const groups = new Map<string, Event[]>();
    for (const e of events) if (pick(e)) push(groups, e.user_id ?? '', e);
    return [...groups.values()];
  };

  for (const group of byUser((e) => (e.outcome === 'success' && isView(e.action)) || isLookup(e.action))) {
    for (const b of bursts(group, th.massView.count, th.massView.windowMinutes)) anomalies.push(of('mass-view', b));
  }
  for (const group of byUser((e) => e.outcome === 'success' && isExport(e.action))) {
    for (const b of bursts(group, th.massExport.count, th.massExport.windowMinutes)) anomalies.push(of('mass-export', b));
  }
  for (const group of byUser((e) => isFailedLogin(e.action, e.outcome))) {
    for (const b of bursts(group, th.failedLogins.count, th.failedLogins.windowMinutes)) anomalies.push(of('failed-logins', b));
  }
  for (const e of events) if (isBreakGlass(e.action)) anomalies.push(of('break-glass', [e], { patientId: e.patient_id, reason: e.reason }));

  // After hours: one anomaly per user and local day, for patient-related successes.
  const start = minutes(th.businessHours.start);
  const end = minutes(th.businessHours.end);
  const afterHours = new Map<string, Event[]>();
  for (const e of events) {
    if (e.outcome !== 'success' || e.user_id === null || e.patient_id === null) continue;
    const d = new Date(e.at);
    const m = d.getHours() * 60 + d.getMinutes();
    const weekend = d.getDay() === 0 || d.getDay() === 6;
    if (m >= start && m < end && !(weekend && th.businessHours.weekendsAreAfterHours)) continue;
    const key = `${e.user_id} ${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
    push(afterHours, key, e);
  }
  for (const group of afterHours.values()) anomalies.push(of('after-hours', group));

  anomalies.sort((a, b) => b.from.localeCompare(a.from) || a.firstSeq - b.firstSeq);
  return { anomalies: anomalies.slice(0, ANOMALY_LIMIT), truncated: anomalies.length > ANOMALY_LIMIT };
}
