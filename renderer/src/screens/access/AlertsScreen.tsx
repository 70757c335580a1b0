// The privacy officer's access alerts: every break-glass (who, which patient, why, until when) and
// every administrator who granted themselves access or made an account a privacy officer.
// Acknowledging records the review; nothing is deleted. An alert about the reader, or about the
// administrator who set up the reader's account, waits for another privacy officer (the core
// refuses it; the screen says so instead of offering the button). The anomaly screens are separate.
import { useCallback, useEffect, useState } from 'react';
import { BREAK_GLASS_CATEGORY_LABELS, type AccessAlert } from '../../../../shared/channels/access';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorMessage } from '../../components/Notice';

function categoryLabel(a: AccessAlert): string {
  if (a.kind === 'self-grant') return 'Administrator granted access to themselves';
  if (a.kind === 'privacy-officer') return `Made ${a.subject ? `${a.subject.displayName} (${a.subject.username})` : 'an account'} a privacy officer`;
  return (BREAK_GLASS_CATEGORY_LABELS as Record<string, string>)[a.category ?? ''] ?? a.category ?? '';
}

export function AlertsScreen() {
  const [alerts, setAlerts] = useState<readonly AccessAlert[] | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);

  const load = useCallback(async () => {
    const result = await call((api) => api.access.listAlerts({ includeAcknowledged: showAll }));
    if (result.ok) setAlerts(result.value);
    else setError(result.error);
  }, [showAll]);
  useEffect(() => void load(), [load]);

  async function acknowledge(alert: AccessAlert) {
    const result = await call((api) => api.access.acknowledgeAlert({ alertId: alert.id }));
    if (!result.ok) return setError(result.error);
    await load();
  }

  return (
    <main className="page" aria-labelledby="alerts-title">
      <div className="page__head">
        <h1 id="alerts-title">Access alerts</h1>
        <label className="access-toggle">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show acknowledged
        </label>
      </div>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
      <p role="status" className="results-status">
        {alerts === null ? 'Loading…' : alerts.length === 0 ? 'No alerts to review.' : `${alerts.length} ${alerts.length === 1 ? 'alert' : 'alerts'}`}
      </p>
      {alerts && alerts.length > 0 ? (
        <table className="table" aria-label="Access alerts">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Staff member</th>
              <th scope="col">Patient</th>
              <th scope="col">Why</th>
              <th scope="col">Reason given</th>
              <th scope="col">Access until</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id}>
                <td>{formatDateTime(a.raisedAt)}</td>
                <th scope="row">
                  {a.user.displayName} <span className="muted">({a.user.username})</span>
                </th>
                <td>{a.patient ? `${a.patient.name} (${a.patient.mrn})` : a.kind === 'privacy-officer' ? '' : 'Every patient'}</td>
                <td>{categoryLabel(a)}</td>
                <td className="alert-reason">{a.reason}</td>
                <td>{a.expiresAt ? formatDateTime(a.expiresAt) : ''}</td>
                <td>
                  {a.acknowledgedAt ? (
                    <span className="muted">
                      Reviewed {formatDateTime(a.acknowledgedAt)} by {a.acknowledgedBy}
                    </span>
                  ) : a.mayAcknowledge ? (
                    <button type="button" className="button button--secondary" onClick={() => void acknowledge(a)} aria-label={`Acknowledge alert for ${a.user.username}`}>
                      Acknowledge
                    </button>
                  ) : (
                    <span className="muted">Another privacy officer must review this: it concerns you or whoever set up your account.</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
