// Separation of duties for the privacy officer. An account's sponsors are the administrators who
// created it, re-enabled it with an initial password they chose, or changed its role: each of them
// could have known its first password or made it a privacy officer. Nobody reviews alerts about
// themselves or about a sponsor of their own account (docs/access-control.md, Alerts).
import type { Db } from '../db/open';

export type SponsorKind = 'create' | 'enable' | 'role';

export function recordSponsor(db: Db, at: Date, userId: string, sponsorId: string, kind: SponsorKind): void {
  db.prepare('INSERT INTO account_sponsors (user_id, sponsor_id, kind, at) VALUES (?, ?, ?, ?)').run(userId, sponsorId, kind, at.toISOString());
}

/** Whether `reviewerId` may review an alert about `subjectId`: not themselves, not their sponsor. */
export function mayReview(db: Db, reviewerId: string, subjectId: string): boolean {
  if (reviewerId === subjectId) return false;
  return db.prepare('SELECT 1 FROM account_sponsors WHERE user_id = ? AND sponsor_id = ? LIMIT 1').get(reviewerId, subjectId) === undefined;
}

/** The ids of the reviewer's sponsors, for marking a whole alert list at once. */
export function sponsorsOf(db: Db, userId: string): Set<string> {
  return new Set(db.prepare('SELECT DISTINCT sponsor_id FROM account_sponsors WHERE user_id = ?').pluck().all(userId) as string[]);
}
