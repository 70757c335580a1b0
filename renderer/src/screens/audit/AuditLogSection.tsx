// The audit log search: filters (staff member, patient MRN, action or area, outcome, dates), a
// paged table of records newest first, and the same result as a CSV download. Filters apply when
// the form is submitted, so the table and the export always describe the same query.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RequestOf } from '../../../../shared/contract';
import { describeError } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { downloadText } from './download';
import { useFormat, useT } from '../../i18n';
import { actionLabel, actionSuggestions, OUTCOMES, outcomeLabel, shortId } from './labels';
import { DateInput, stopAtUnreadableDate } from '../../components/DateInput';

export interface Filters {
  readonly username: string;
  readonly mrn: string;
  readonly action: string;
  readonly outcome: string;
  readonly from: string;
  readonly to: string;
}

const isOutcome = (s: string): s is 'success' | 'denied' | 'failure' => s === 'success' || s === 'denied' || s === 'failure';

export const NO_FILTERS: Filters = { username: '', mrn: '', action: '', outcome: '', from: '', to: '' };
const PAGE_SIZES = [25, 50, 100, 200] as const;

/** Only the filters that are set: the core refuses empty strings for usernames and MRNs. */
function request(f: Filters): RequestOf<'audit', 'exportCsv'> {
  const t = (s: string) => s.trim();
  return {
    ...(t(f.username) ? { username: t(f.username) } : {}),
    ...(t(f.mrn) ? { mrn: t(f.mrn) } : {}),
    ...(t(f.action) ? { action: t(f.action).toLowerCase() } : {}),
    ...(isOutcome(f.outcome) ? { outcome: f.outcome } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
  };
}

/** One search: the filters it was asked with, the page and its size. */
interface Asked {
  readonly filters: Filters;
  readonly page: number;
  readonly size: number;
}

export function AuditLogSection({ canExport, initial = NO_FILTERS }: { readonly canExport: boolean; readonly initial?: Filters }) {
  const t = useT();
  const f = useFormat();
  const [form, setForm] = useState<Filters>(initial);
  // The filters it opened with (everything, or an anomaly's user and days) are the first search:
  // the parent remounts the section (a new key) to open it with other filters.
  const [asked, setAsked] = useState<Asked>({ filters: initial, page: 0, size: 50 });
  const search = useQuery(asked, (api) => api.audit.search({ ...request(asked.filters), page: asked.page, pageSize: asked.size }));
  const exporting = useSubmit();
  const [exported, setExported] = useState<string | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focusStatus = useRef(false);
  const result = search.data;
  const busy = search.loading;
  const load = (filters: Filters, page: number, size: number) => setAsked({ filters, page, size });

  // After a page change the status line ("Records 51–100 of …") takes the focus.
  useEffect(() => {
    if (!focusStatus.current || !result) return;
    focusStatus.current = false;
    statusRef.current?.focus();
  }, [result]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stopAtUnreadableDate(event)) return;
    setExported(null);
    exporting.reset();
    load(form, 0, asked.size);
  }

  function clear() {
    setForm(NO_FILTERS);
    setExported(null);
    exporting.reset();
    load(NO_FILTERS, 0, asked.size);
  }

  function goTo(page: number) {
    focusStatus.current = true;
    load(asked.filters, page, asked.size);
  }

  async function exportCsv() {
    setExported(null);
    // The file holds what the form says: the table shows the same search.
    load(form, 0, asked.size);
    const r = await exporting.run((api) => api.audit.exportCsv(request(form)));
    if (!r?.ok) return;
    downloadText(r.value.fileName, r.value.csv, 'text/csv;charset=utf-8', true);
    setExported(
      t(r.value.truncated ? 'audit.log.exportedTruncated' : 'audit.log.exported', { fileName: r.value.fileName, count: r.value.rows }),
    );
  }

  const set = (key: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const shown = describeError(exporting.error ?? search.error);
  const fields = shown.fields;
  const records = result?.records ?? [];
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const first = result && result.total > 0 ? result.page * result.pageSize + 1 : 0;
  const last = result ? result.page * result.pageSize + records.length : 0;

  return (
    <section aria-label={t('audit.log.records')}>
      <form role="search" aria-label={t('audit.log.filters')} className="audit-filters" onSubmit={submit} noValidate>
        <Field label={t('audit.log.staffUsername')} error={sentence(t('audit.log.username'), fields.username)}>
          {(p) => <input {...p} autoComplete="off" spellCheck={false} value={form.username} onChange={(e) => set('username')(e.target.value)} />}
        </Field>
        <Field label={t('audit.log.patientMrn')} error={sentence(t('audit.log.mrn'), fields.mrn)}>
          {(p) => <input {...p} autoComplete="off" spellCheck={false} value={form.mrn} onChange={(e) => set('mrn')(e.target.value)} />}
        </Field>
        <Field label={t('audit.log.action')} hint={t('audit.log.actionHint')} error={sentence(t('audit.log.action'), fields.action)}>
          {(p) => <input {...p} list="audit-actions" autoComplete="off" spellCheck={false} value={form.action} onChange={(e) => set('action')(e.target.value)} />}
        </Field>
        <datalist id="audit-actions">
          {actionSuggestions(t).map((a) => (
            <option key={a.value} value={a.value} label={a.label} />
          ))}
        </datalist>
        <Field label={t('audit.log.outcome')} error={sentence(t('audit.log.outcome'), fields.outcome)}>
          {(p) => (
            <select {...p} value={form.outcome} onChange={(e) => set('outcome')(e.target.value)}>
              <option value="">{t('audit.log.anyOutcome')}</option>
              {OUTCOMES.map((value) => (
                <option key={value} value={value}>
                  {outcomeLabel(t, value)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('audit.range.from')} error={sentence(t('audit.range.startDate'), fields.from)}>
          {(p) => <DateInput {...p} value={form.from} onValue={set('from')} />}
        </Field>
        <Field label={t('audit.range.to')} error={sentence(t('audit.range.endDate'), fields.to)}>
          {(p) => <DateInput {...p} value={form.to} onValue={set('to')} />}
        </Field>
        <div className="form-actions audit-filters__actions">
          <button type="button" className="button button--ghost" onClick={clear}>
            {t('audit.log.clearFilters')}
          </button>
          {canExport ? (
            <button type="button" className="button button--secondary" onClick={() => void exportCsv()}>
              {t('audit.log.exportCsv')}
            </button>
          ) : null}
          <button type="submit" className="button button--primary">
            {t('audit.log.search')}
          </button>
        </div>
      </form>

      <ErrorMessage>{shown.message}</ErrorMessage>
      <InfoMessage>{exported}</InfoMessage>

      <p className="results-status" role="status" aria-live="polite" tabIndex={-1} ref={statusRef}>
        {!result
          ? busy
            ? t('audit.loading')
            : ''
          : result.total === 0
            ? t('audit.log.noMatch')
            : t('audit.log.range', { first, last, total: result.total })}
      </p>

      {records.length > 0 ? (
        // Wider than a 1024 px window: it scrolls in its own box, which the keyboard can reach.
        <div className="audit-table-wrap" role="region" aria-label={t('audit.log.scrollRegion')} tabIndex={0}>
          <table className="table table--audit" aria-label={t('audit.log.records')}>
            <thead>
              <tr>
                <th scope="col">{t('audit.log.col.seq')}</th>
                <th scope="col">{t('audit.log.col.time')}</th>
                <th scope="col">{t('audit.log.col.user')}</th>
                <th scope="col">{t('audit.log.col.action')}</th>
                <th scope="col">{t('audit.log.col.outcome')}</th>
                <th scope="col">{t('audit.log.col.patient')}</th>
                <th scope="col">{t('audit.log.col.photo')}</th>
                <th scope="col">{t('audit.log.col.workstation')}</th>
                <th scope="col">{t('audit.log.col.reason')}</th>
                <th scope="col">{t('audit.log.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.seq}>
                  <td className="mono">{r.seq}</td>
                  <td className="audit-time">{f.dateTime(r.at, true)}</td>
                  <th scope="row">{r.username ?? (r.userId ? <Id value={r.userId} /> : <span className="muted">{t('audit.unknownUser')}</span>)}</th>
                  <td title={r.action}>{actionLabel(t, r.action)}</td>
                  <td>
                    {/* Successes are the norm: only denials and failures stand out. */}
                    <span className={r.outcome === 'success' ? 'muted' : 'outcome outcome--problem'}>{outcomeLabel(t, r.outcome)}</span>
                  </td>
                  <td className="mono">{r.mrn ?? (r.patientId ? <Id value={r.patientId} /> : '')}</td>
                  <td>{r.photoId ? <Id value={r.photoId} /> : ''}</td>
                  <td>
                    <Id value={r.workstationId} />
                  </td>
                  <td className="audit-reason">{r.reason}</td>
                  <td className="mono audit-detail">{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {result && result.total > 0 ? (
        <nav className="pager" aria-label={t('audit.log.pages')}>
          <button type="button" className="button button--secondary" disabled={result.page === 0 || busy} onClick={() => goTo(result.page - 1)}>
            {t('audit.log.previousPage')}
          </button>
          <span>{t('audit.log.page', { page: result.page + 1, pages })}</span>
          <button type="button" className="button button--secondary" disabled={result.page + 1 >= pages || busy} onClick={() => goTo(result.page + 1)}>
            {t('audit.log.nextPage')}
          </button>
          <label className="pager__size">
            {t('audit.log.rowsPerPage')}{' '}
            <select
              value={asked.size}
              onChange={(e) => load(asked.filters, 0, Number(e.target.value))}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {f.number(n)}
                </option>
              ))}
            </select>
          </label>
        </nav>
      ) : null}
    </section>
  );
}

/**
 * A long id, shortened; the whole id is in its tooltip (and in the CSV). Left to right even in an
 * Arabic table, so the ellipsis stays after the digits it stands for.
 */
function Id({ value }: { readonly value: string }) {
  return (
    <abbr className="mono audit-id" title={value} dir="ltr">
      {shortId(value)}
    </abbr>
  );
}
