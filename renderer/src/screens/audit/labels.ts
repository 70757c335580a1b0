// Words for the audit screens: the actions the core records (for the action filter's suggestions),
// outcomes, anomaly kinds, and how long identifiers are shortened for a table.
import type { Anomaly } from '../../../../shared/channels/audit';

/** Area prefixes match every action in the area ("photo" → photo.view, photo.capture, …). */
export const KNOWN_ACTIONS: readonly string[] = [
  'session',
  'session.sign-in',
  'session.sign-out',
  'session.lock',
  'session.unlock',
  'session.lock-out',
  'session.expired',
  'patient',
  'patient.register',
  'patient.search',
  'patient.view',
  'encounter.start',
  'photo',
  'photo.capture',
  'photo.import',
  'photo.view',
  'photo.export',
  'photo.discard',
  'access',
  'access.break-glass',
  'access.restrict',
  'access.grant',
  'user',
  'user.create',
  'user.update',
  'user.password-change',
  'keys',
  'audit',
  'audit.search',
  'audit.export-csv',
  'audit.export-log',
  'audit.verify',
  'audit.thresholds-change',
  'audit.forwarding-change',
];

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
