// Words for the audit screens: the actions the core records (labels from shared/audit-actions.ts),
// outcomes, anomaly kinds, and how long identifiers are shortened for a table.
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditArea, isAuditAction } from '../../../../shared/audit-actions';
import type { Anomaly } from '../../../../shared/channels/audit';

/**
 * The action filter's suggestions: every action the core records (the shared list it is typed
 * against) with its label, and each area ("photo" matches photo.view, photo.capture, …).
 */
export const ACTION_SUGGESTIONS: ReadonlyArray<{ readonly value: string; readonly label: string }> = [
  ...[...new Set(AUDIT_ACTIONS.map(auditArea))].map((area) => ({ value: area, label: 'every action in this area' })),
  ...AUDIT_ACTIONS.map((action) => ({ value: action, label: AUDIT_ACTION_LABELS[action] })),
];

/** The words for a recorded action; an action this version does not know shows as recorded. */
export const actionLabel = (action: string): string => (isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action);

export const OUTCOME_LABELS: Readonly<Record<string, string>> = { success: 'Success', denied: 'Denied', failure: 'Failure' };

export const ANOMALY_LABELS: Readonly<Record<Anomaly['kind'], string>> = {
  'mass-view': 'Mass viewing',
  'mass-export': 'Mass export',
  'after-hours': 'After-hours access',
  'break-glass': 'Break-glass access',
  'failed-logins': 'Repeated failed sign-ins',
};

/** The local calendar day (YYYY-MM-DD) of an instant, as the date filters take it. */
export function localDay(timestamp: string): string {
  const d = new Date(timestamp);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The first 8 hex digits of a 128-bit id: enough to tell records apart on screen. */
export const shortId = (id: string): string => (id.length > 10 ? `${id.slice(0, 8)}…` : id);
