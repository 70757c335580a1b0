// Alerts for the privacy officer: every break-glass, every administrator granting access to
// themselves, and every account made a privacy officer. Acknowledging records who reviewed it and
// when; alerts are never deleted. Nobody acknowledges an alert about themselves or about a sponsor
// of their own account (./sponsors.ts).
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';
import { mayReview } from './sponsors';

export type AlertKind = 'break-glass' | 'self-grant' | 'privacy-officer';

export interface AlertRow {
  id: string;
  kind: AlertKind;
  raised_at: string;
  user_id: string;
  user_name: string;
  username: string;
  patient_id: string | null;
  mrn: string | null;
  family_name: string | null;
  given_name: string | null;
  category: string | null;
  reason: string | null;
  expires_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by_name: string | null;
  /** For a privacy-officer alert: the account that was made a privacy officer. */
  subject_username: string | null;
  subject_name: string | null;
}

// The reason and window come from the record the alert points at (break-glass or grant).
const SELECT = `
  SELECT a.id, a.kind, a.raised_at, a.user_id, u.display_name AS user_name, u.username, a.patient_id, p.mrn, p.family_name, p.given_name,
         coalesce(bg.category, CASE WHEN g.id IS NOT NULL THEN 'grant' END) AS category,
         coalesce(bg.reason, g.reason) AS reason, coalesce(bg.expires_at, g.expires_at) AS expires_at,
         a.acknowledged_at, k.display_name AS acknowledged_by_name, t.username AS subject_username, t.display_name AS subject_name
  FROM access_alerts a
  JOIN users u ON u.id = a.user_id
  LEFT JOIN patients p ON p.id = a.patient_id
  LEFT JOIN break_glass bg ON a.kind = 'break-glass' AND bg.id = a.ref_id
  LEFT JOIN access_grants g ON a.kind = 'self-grant' AND g.id = a.ref_id
  LEFT JOIN users k ON k.id = a.acknowledged_by
  LEFT JOIN users t ON a.kind = 'privacy-officer' AND t.id = a.ref_id`;

export function raiseAlert(db: Db, at: Date, alert: { kind: AlertKind; userId: string; patientId: string | null; refId: string }): string {
  const id = newId();
  db.prepare('INSERT INTO access_alerts (id, kind, raised_at, user_id, patient_id, ref_id) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    alert.kind,
    at.toISOString(),
    alert.userId,
    alert.patientId,
    alert.refId,
  );
  return id;
}

export function listAlerts(db: Db, includeAcknowledged: boolean): AlertRow[] {
  const where = includeAcknowledged ? '' : 'WHERE a.acknowledged_at IS NULL';
  return db.prepare(`${SELECT} ${where} ORDER BY a.raised_at DESC LIMIT 500`).all() as AlertRow[];
}

export function getAlert(db: Db, id: string): AlertRow {
  const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AlertRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such alert.');
  return row;
}

/** Acknowledges an alert; PERMISSION_DENIED when it is about the reviewer or a sponsor of theirs. */
export function acknowledgeAlert(db: Db, at: Date, by: string, id: string): AlertRow {
  const row = getAlert(db, id);
  if (!mayReview(db, by, row.user_id)) {
    throw new CoreError('PERMISSION_DENIED', 'This alert is about you or about the administrator who set up your account; another privacy officer must review it.');
  }
  if (row.acknowledged_at === null) db.prepare('UPDATE access_alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?').run(at.toISOString(), by, id);
  return db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AlertRow;
}
