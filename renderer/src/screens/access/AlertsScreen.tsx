// The privacy officer's access alerts: every break-glass (who, which patient, why, until when) and
// every administrator who granted themselves access or made an account a privacy officer.
// Acknowledging records the review; nothing is deleted. An alert about the reader, or about the
// administrator who set up the reader's account, waits for another privacy officer (the core
// refuses it; the screen says so instead of offering the button). The anomaly screens are separate.
import { useCallback, useEffect, useState } from 'react';
import type { AccessAlert } from '../../../../shared/channels/access';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { ErrorMessage } from '../../components/Notice';
import { useFormat, useT, type Translate } from '../../i18n';
import { breakGlassCategoryLabel } from './labels';

function categoryLabel(t: Translate, a: AccessAlert): string {
  if (a.kind === 'self-grant') return t('access.alerts.selfGrant');
  if (a.kind === 'privacy-officer') {
    return a.subject ? t('access.alerts.madePrivacyOfficer', { name: a.subject.displayName, username: a.subject.username }) : t('access.alerts.madeAccountPrivacyOfficer');
  }
  return breakGlassCategoryLabel(t, a.category ?? '');
}

export function AlertsScreen() {
  const t = useT();
  const f = useFormat();
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
        <h1 id="alerts-title">{t('access.alerts.title')}</h1>
        <label className="access-toggle">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> {t('access.alerts.showAcknowledged')}
        </label>
      </div>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
      <p role="status" className="results-status">
        {alerts === null ? t('access.loading') : alerts.length === 0 ? t('access.alerts.none') : t('access.alerts.count', { count: alerts.length })}
      </p>
      {alerts && alerts.length > 0 ? (
        <table className="table" aria-label={t('access.alerts.title')}>
          <thead>
            <tr>
              <th scope="col">{t('access.alerts.col.when')}</th>
              <th scope="col">{t('access.alerts.col.staff')}</th>
              <th scope="col">{t('access.alerts.col.patient')}</th>
              <th scope="col">{t('access.alerts.col.why')}</th>
              <th scope="col">{t('access.alerts.col.reason')}</th>
              <th scope="col">{t('access.alerts.col.until')}</th>
              <th scope="col">{t('access.alerts.col.review')}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id}>
                <td>{f.dateTime(a.raisedAt)}</td>
                <th scope="row">
                  {a.user.displayName} <span className="muted">({a.user.username})</span>
                </th>
                <td>{a.patient ? `${a.patient.name} (${a.patient.mrn})` : a.kind === 'privacy-officer' ? '' : t('access.everyPatient')}</td>
                <td>{categoryLabel(t, a)}</td>
                <td className="alert-reason">{a.reason}</td>
                <td>{a.expiresAt ? f.dateTime(a.expiresAt) : ''}</td>
                <td>
                  {a.acknowledgedAt ? (
                    <span className="muted">{t('access.alerts.reviewed', { when: f.dateTime(a.acknowledgedAt), by: a.acknowledgedBy ?? '' })}</span>
                  ) : a.mayAcknowledge ? (
                    <button type="button" className="button button--secondary" onClick={() => void acknowledge(a)} aria-label={t('access.alerts.acknowledgeFor', { username: a.user.username })}>
                      {t('access.alerts.acknowledge')}
                    </button>
                  ) : (
                    <span className="muted">{t('access.alerts.otherOfficer')}</span>
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
