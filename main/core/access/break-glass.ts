// Break-glass: opening a patient outside one's normal rights by stating a reason. Time-limited
// (the clinic's setting, 60 minutes by default), recorded with its reason in the database, audited
// as 'access.break-glass', and raised as an alert for the privacy officer.
import type { BREAK_GLASS_CATEGORIES } from '../../../shared/channels/access';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

export type BreakGlassCategory = (typeof BREAK_GLASS_CATEGORIES)[number];

export interface BreakGlassRow {
  id: string;
  user_id: string;
  patient_id: string;
  category: BreakGlassCategory;
  reason: string;
  started_at: string;
  expires_at: string;
  ended_at: string | null;
}

export function beginBreakGlass(
  db: Db,
  at: Date,
  input: { userId: string; patientId: string; category: BreakGlassCategory; reason: string; minutes: number },
): BreakGlassRow {
  const id = newId();
  const expires = new Date(at.getTime() + input.minutes * 60_000);
  db.prepare(
    `INSERT INTO break_glass (id, user_id, patient_id, category, reason, started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.userId, input.patientId, input.category, input.reason, at.toISOString(), expires.toISOString());
  return db.prepare('SELECT * FROM break_glass WHERE id = ?').get(id) as BreakGlassRow;
}

/** Ends the user's live break-glass sessions on this patient; returns how many were ended. */
export function endBreakGlass(db: Db, at: Date, userId: string, patientId: string): number {
  const now = at.toISOString();
  return db
    .prepare('UPDATE break_glass SET ended_at = ? WHERE user_id = ? AND patient_id = ? AND ended_at IS NULL AND expires_at > ?')
    .run(now, userId, patientId, now).changes;
}
