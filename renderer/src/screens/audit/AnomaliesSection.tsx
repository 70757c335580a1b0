// The anomaly list over a date range (30 days unless chosen): bursts of viewing or exporting,
// after-hours access, break-glass with its reason, repeated failed sign-ins. The thresholds that
// define them are set below.
import { useEffect, useState, type FormEvent } from 'react';
import type { Anomaly } from '../../../../shared/channels/audit';
import { describeError } from '../../app/errors';
import { formatDateTime, formatIsoDate } from '../../app/format';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useQuery } from '../../data/hooks';
import { NO_FILTERS, type Filters } from './AuditLogSection';
import { ANOMALY_LABELS, localDay, shortId } from './labels';
import { ThresholdsForm } from './ThresholdsForm';

/** The audit log filters that show the records behind an anomaly: its user, its days, its kind. */
function filtersFor(a: Anomaly): Filters {
  return {
    ...NO_FILTERS,
    username: a.username ?? '',
    action: a.kind === 'break-glass' ? 'access.break-glass' : a.kind === 'failed-logins' ? 'session' : '',
    from: localDay(a.from),
    to: localDay(a.to),
  };
}

interface Props {
  readonly canConfigure: boolean;
  readonly onShowRecords: (filters: Filters) => void;
}

export function AnomaliesSection({ canConfigure, onShowRecords }: Props) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The core picks the last 30 days when no range is asked for; the form then shows that range.
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const query = useQuery(range, (api) => api.audit.anomalies(range));
  const found = query.data;

  useEffect(() => {
    if (!found) return;
    setFrom(found.from);
    setTo(found.to);
  }, [found]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setRange({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  }

  const shown = describeError(query.error);
  const fields = shown.fields;
  const anomalies = found?.anomalies ?? [];
  return (
    <>
      <section className="audit-section" aria-label="Anomaly list">
        <form className="audit-range" onSubmit={submit} noValidate aria-label="Anomaly date range">
          <Field label="From" error={sentence('Start date', fields.from)}>
            {(p) => <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To (inclusive)" error={sentence('End date', fields.to)}>
            {(p) => <input {...p} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
          </Field>
          <button type="submit" className="button button--secondary">
            Show anomalies
          </button>
        </form>
        <ErrorMessage>{shown.message}</ErrorMessage>
        <p className="results-status" role="status" aria-live="polite">
          {!found
            ? 'Loading…'
            : anomalies.length === 0
              ? `No anomalies between ${formatIsoDate(found.from)} and ${formatIsoDate(found.to)}.`
              : `${anomalies.length}${found.truncated ? '+' : ''} ${anomalies.length === 1 ? 'anomaly' : 'anomalies'} between ${formatIsoDate(found.from)} and ${formatIsoDate(found.to)}`}
        </p>
        {anomalies.length > 0 ? (
          <table className="table table--audit" aria-label="Anomalies">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Staff member</th>
                <th scope="col">When</th>
                <th scope="col">Events</th>
                <th scope="col">Patient</th>
                <th scope="col">Reason given</th>
                <th scope="col">Records</th>
              </tr>
            </thead>
            <tbody>
              {anomalies.map((a) => (
                <tr key={`${a.kind}-${a.firstSeq}`}>
                  <th scope="row">
                    <span className={a.kind === 'break-glass' || a.kind === 'failed-logins' ? 'outcome outcome--problem' : 'outcome outcome--notice'}>{ANOMALY_LABELS[a.kind]}</span>
                  </th>
                  <td>{a.username ?? (a.userId ? shortId(a.userId) : <span className="muted">unknown</span>)}</td>
                  <td className="audit-time">{a.from === a.to ? formatDateTime(a.from, true) : `${formatDateTime(a.from, true)} – ${formatDateTime(a.to, true)}`}</td>
                  <td>{a.count}</td>
                  <td className="mono">{a.patientId ? <abbr title={a.patientId}>{shortId(a.patientId)}</abbr> : ''}</td>
                  <td className="audit-reason">{a.reason}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onShowRecords(filtersFor(a))} aria-label={`Show records from #${a.firstSeq}: ${ANOMALY_LABELS[a.kind]}${a.username ? `, ${a.username}` : ''}`}>
                      From #{a.firstSeq}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <ThresholdsForm canEdit={canConfigure} onSaved={() => void query.reload()} />
    </>
  );
}
