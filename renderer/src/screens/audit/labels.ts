// Words for the audit screens: the actions the core records (catalogue keys audit.action.*, with
// shared/audit-actions.ts's English label for an action added since the catalogue was written),
// outcomes, anomaly kinds, and how long identifiers are shortened for a table.
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditArea, isAuditAction } from '../../../../shared/audit-actions';
import type { Anomaly } from '../../../../shared/channels/audit';
import { hasMessage, type Translate } from '../../i18n';

type T = Translate;

/** The words for a recorded action; an action this version does not know shows as recorded. */
export function actionLabel(t: T, action: string): string {
  if (!isAuditAction(action)) return action;
  const id = `audit.action.${action}`;
  // An action another area added after this catalogue: its English label rather than a raw id.
  return hasMessage(id) ? t(id) : AUDIT_ACTION_LABELS[action];
}

/**
 * The action filter's suggestions: every action the core records (the shared list it is typed
 * against) with its label, and each area ("photo" matches photo.view, photo.capture, …).
 */
export const actionSuggestions = (t: T): ReadonlyArray<{ readonly value: string; readonly label: string }> => [
  ...[...new Set(AUDIT_ACTIONS.map(auditArea))].map((area) => ({ value: area, label: t('audit.log.everyActionInArea') })),
  ...AUDIT_ACTIONS.map((action) => ({ value: action, label: actionLabel(t, action) })),
];

export const OUTCOMES = ['success', 'denied', 'failure'] as const;

const isOutcome = (value: string): value is (typeof OUTCOMES)[number] => (OUTCOMES as readonly string[]).includes(value);

export const outcomeLabel = (t: T, outcome: string): string => (isOutcome(outcome) ? t(`audit.outcome.${outcome}`) : outcome);

export const anomalyLabel = (t: T, kind: Anomaly['kind']): string => t(`audit.anomaly.${kind}`);

/** The local calendar day (YYYY-MM-DD) of an instant, as the date filters take it. */
export function localDay(timestamp: string): string {
  const d = new Date(timestamp);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The first 8 hex digits of a 128-bit id: enough to tell records apart on screen. */
export const shortId = (id: string): string => (id.length > 10 ? `${id.slice(0, 8)}…` : id);
