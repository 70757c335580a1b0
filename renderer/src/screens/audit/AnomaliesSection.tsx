// The anomaly list over a date range (30 days unless chosen): bursts of viewing or exporting,
// after-hours access, break-glass with its reason, repeated failed sign-ins. The thresholds that
// define them are set below.
import { useEffect, useState, type FormEvent } from 'react';
import type { Anomaly } from '../../../../shared/channels/audit';
import { describeError } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useQuery } from '../../data/hooks';
import { NO_FILTERS, type Filters } from './AuditLogSection';
import { useFormat, useT } from '../../i18n';
import { anomalyLabel, localDay, shortId } from './labels';
import { ThresholdsForm } from './ThresholdsForm';
import { DateInput } from '../../components/DateInput';

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
  const t = useT();
  const f = useFormat();
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
      <section className="audit-section" aria-label={t('audit.anomalies.list')}>
        <form className="audit-range" onSubmit={submit} noValidate aria-label={t('audit.anomalies.range')}>
          <Field label={t('audit.range.from')} error={sentence(t('audit.range.startDate'), fields.from)}>
            {(p) => <DateInput {...p} value={from} onValue={setFrom} />}
          </Field>
          <Field label={t('audit.range.to')} error={sentence(t('audit.range.endDate'), fields.to)}>
            {(p) => <DateInput {...p} value={to} onValue={setTo} />}
          </Field>
          <button type="submit" className="button button--secondary">
            {t('audit.anomalies.show')}
          </button>
        </form>
        <ErrorMessage>{shown.message}</ErrorMessage>
        <p className="results-status" role="status" aria-live="polite">
          {!found
            ? t('audit.loading')
            : anomalies.length === 0
              ? t('audit.anomalies.none', { from: f.date(found.from), to: f.date(found.to) })
              : t(found.truncated ? 'audit.anomalies.countTruncated' : 'audit.anomalies.count', { count: anomalies.length, from: f.date(found.from), to: f.date(found.to) })}
        </p>
        {anomalies.length > 0 ? (
          <table className="table table--audit" aria-label={t('audit.section.anomalies')}>
            <thead>
              <tr>
                <th scope="col">{t('audit.anomalies.col.what')}</th>
                <th scope="col">{t('audit.anomalies.col.staff')}</th>
                <th scope="col">{t('audit.anomalies.col.when')}</th>
                <th scope="col">{t('audit.anomalies.col.events')}</th>
                <th scope="col">{t('audit.anomalies.col.patient')}</th>
                <th scope="col">{t('audit.anomalies.col.reason')}</th>
                <th scope="col">{t('audit.anomalies.col.records')}</th>
              </tr>
            </thead>
            <tbody>
              {anomalies.map((a) => (
                <tr key={`${a.kind}-${a.firstSeq}`}>
                  <th scope="row">
                    <span className={a.kind === 'break-glass' || a.kind === 'failed-logins' ? 'outcome outcome--problem' : 'outcome outcome--notice'}>{anomalyLabel(t, a.kind)}</span>
                  </th>
                  <td>{a.username ?? (a.userId ? shortId(a.userId) : <span className="muted">{t('audit.unknownUser')}</span>)}</td>
                  <td className="audit-time">{a.from === a.to ? f.dateTime(a.from, true) : t('audit.anomalies.period', { from: f.dateTime(a.from, true), to: f.dateTime(a.to, true) })}</td>
                  <td>{f.number(a.count)}</td>
                  <td className="mono">{a.patientId ? <abbr title={a.patientId} dir="ltr">{shortId(a.patientId)}</abbr> : ''}</td>
                  <td className="audit-reason">{a.reason}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onShowRecords(filtersFor(a))} aria-label={t(a.username ? 'audit.anomalies.showRecordsOf' : 'audit.anomalies.showRecords', { seq: String(a.firstSeq), kind: anomalyLabel(t, a.kind), username: a.username ?? '' })}>
                      {t('audit.anomalies.fromSeq', { seq: String(a.firstSeq) })}
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
