// Audit records: who did what to which patient or photo, when, and with what outcome. Records hold
// identifiers only, never names or free text about a patient. (The hash chain and signed
// checkpoints that make this tamper-evident build on this table.)
import type { Db } from '../db/open';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEvent {
  readonly userId: string | null;
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly patientId?: string | null;
  readonly photoId?: string | null;
  /** Codes and identifiers only (e.g. an error code); never PHI. */
  readonly detail?: string;
}

export function recordAudit(db: Db, at: Date, event: AuditEvent): void {
  db.prepare(
    `INSERT INTO audit_events (at, user_id, action, outcome, patient_id, photo_id, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(at.toISOString(), event.userId, event.action, event.outcome, event.patientId ?? null, event.photoId ?? null, event.detail ?? '');
}
