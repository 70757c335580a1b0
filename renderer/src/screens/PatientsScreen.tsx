// Find a patient: one box for any part of a name, an MRN or its end, or a date of birth typed the
// local way, searched as you type; or register a new one; import photos; or find them in the EHR
// (EhrPanel). Right after setup an administrator sees what is left to set up (SetupChecklist)
// instead of an empty list.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PatientListEntry } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { todayIso } from '../app/format';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { useFormat, useLocale, useT } from '../i18n';
import { ImportDialog } from '../import/ImportDialog';
import { EhrPanel } from './ehr/EhrPanel';
import { searchDateOrder } from './patients-search';
import { RegisterPatientDialog } from './RegisterPatientDialog';
import { SetupChecklist } from './setup/SetupChecklist';
import { WorklistPanel } from './WorklistPanel';
import './patients.css';

const DEBOUNCE_MS = 250;

interface Results {
  readonly query: string;
  readonly patients: readonly PatientListEntry[];
  readonly truncated: boolean;
}

export function PatientsScreen() {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const query = useAppStore((s) => s.patientQuery);
  const setQuery = useAppStore((s) => s.setPatientQuery);
  const openPatient = useAppStore((s) => s.openPatient);
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const canRegister = permissions.includes('patient.write');
  const canReadPatients = permissions.includes('patient.read');
  const canImport = permissions.includes('photo.import');
  const isAdministrator = permissions.includes('user.manage');
  const [registering, setRegistering] = useState(false);
  const [importing, setImporting] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);
  // The text searched for: the box's text at once when nothing was asked for a moment (the first
  // keystroke, so the first list needs no wait), then once typing pauses, or at once on Enter.
  // A slower, older answer never replaces a newer one (useQuery drops it).
  const [asked, setAsked] = useState(query.trim());
  const lastAskedAt = useRef(0);
  const dateOrder = searchDateOrder(locale);
  const search = useQuery([asked, dateOrder], async (api): Promise<Result<Results>> => {
    const r = await api.patients.search({ query: asked, limit: 50, dateOrder, locale });
    return r.ok ? { ok: true, value: { query: asked, ...r.value } } : r;
  });
  const results = search.data ?? null;
  const searching = search.loading;

  useEffect(() => {
    const text = query.trim();
    if (text === asked) return;
    const ask = () => {
      lastAskedAt.current = Date.now();
      setAsked(text);
    };
    if (Date.now() - lastAskedAt.current > DEBOUNCE_MS) return ask();
    const timer = setTimeout(ask, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, asked]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (query.trim() === asked) void search.reload();
    else setAsked(query.trim());
  }

  function searchKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      const first = tableRef.current?.querySelector<HTMLButtonElement>('tbody button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  function rowKeyDown(event: KeyboardEvent<HTMLTableRowElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const row = event.currentTarget;
    const next = (event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
    const target = next?.querySelector<HTMLButtonElement>('button') ?? (event.key === 'ArrowUp' ? document.getElementById('patient-search') : null);
    if (target) {
      event.preventDefault();
      target.focus();
    }
  }

  const patients = results?.patients ?? [];
  const emptyClinic = results !== null && results.query === '' && patients.length === 0;

  return (
    <main className="page" aria-labelledby="patients-title">
      <div className="page__head">
        <h1 id="patients-title">{t('app.nav.patients')}</h1>
        <div className="patients__actions">
          {canImport ? (
            <button type="button" className="button button--secondary" onClick={() => setImporting(true)}>
              {t('patients.importPhotos')}
            </button>
          ) : null}
          {canRegister ? (
            <button type="button" className="button button--primary" onClick={() => setRegistering(true)}>
              {t('patients.register')}
            </button>
          ) : null}
        </div>
      </div>

      {emptyClinic && isAdministrator ? <SetupChecklist /> : null}

      {canReadPatients ? <WorklistPanel /> : null}

      <form role="search" className="search" onSubmit={submit}>
        <label htmlFor="patient-search" className="search__label">
          {t('patients.searchLabel')}
        </label>
        <div className="search__row">
          <input
            id="patient-search"
            type="search"
            className="search__input"
            placeholder={t('patients.searchPlaceholder')}
            aria-describedby="patient-search-hint"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={searchKeyDown}
            autoFocus
          />
          <button type="submit" className="button button--secondary">
            {t('patients.searchButton')}
          </button>
        </div>
        <p id="patient-search-hint" className="field__hint">
          {t('patients.searchHint', { typed: exampleTypedDate(dateOrder) })}
        </p>
      </form>

      <CallError error={search.error} />

      <p className="results-status" role="status" aria-live="polite">
        {searching && !results
          ? t('patients.searching')
          : results
            ? results.query === ''
              ? patients.length === 0
                ? isAdministrator
                  ? ''
                  : t('patients.noneYet')
                : t('patients.recent')
              : patients.length === 0
                ? t('patients.noMatches', { query: results.query })
                : t(results.truncated ? 'patients.matchesMore' : 'patients.matches', { count: patients.length, query: results.query })
            : ''}
      </p>

      {patients.length > 0 ? (
        <table className="table table--patients" ref={tableRef} aria-label={t('app.nav.patients')}>
          <thead>
            <tr>
              <th scope="col">{t('patients.colName')}</th>
              <th scope="col">{t('patients.colMrn')}</th>
              <th scope="col">{t('patients.colBirthDate')}</th>
              <th scope="col">{t('patients.colAge')}</th>
              <th scope="col">{t('patients.colSex')}</th>
              <th scope="col">{t('patients.colLastVisit')}</th>
              <th scope="col" className="table__number">
                {t('patients.colPhotos')}
              </th>
            </tr>
          </thead>
          <tbody>
            {patients.map((p) => (
              <tr key={p.id} onClick={() => openPatient(p.id)} onKeyDown={rowKeyDown}>
                <th scope="row">
                  <button type="button" className="link-button" dir="auto" onClick={(e) => (e.stopPropagation(), openPatient(p.id))}>
                    {f.personName(p)}
                  </button>
                  {p.restricted ? <span className="tag tag--restricted">{t('patients.restricted')}</span> : null}
                </th>
                <td className="mono">{p.mrn}</td>
                <td>{f.date(p.birthDate)}</td>
                <td>{f.age(p.birthDate)}</td>
                <td>{t(SEX_MESSAGE[p.sex])}</td>
                <td>{p.lastVisitAt ? f.date(todayIso(new Date(p.lastVisitAt))) : <span className="muted">{t('patients.noVisit')}</span>}</td>
                <td className="table__number">{f.number(p.photoCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {results?.truncated ? <p className="muted">{t('patients.truncated', { count: patients.length })}</p> : null}

      <EhrPanel />

      {registering ? (
        <RegisterPatientDialog
          onClose={() => setRegistering(false)}
          onRegistered={(p) => {
            setRegistering(false);
            openPatient(p.id);
          }}
        />
      ) : null}
      {importing ? <ImportDialog onClose={() => setImporting(false)} onImported={() => void search.reload()} /> : null}
    </main>
  );
}

const SEX_MESSAGE = { F: 'patients.sexF', M: 'patients.sexM', O: 'patients.sexO', U: 'patients.sexU' } as const;

/** 14 March 1980 as the user would type it: "14.3.1980", "3/14/1980". */
function exampleTypedDate(order: 'dmy' | 'mdy' | 'ymd'): string {
  return order === 'mdy' ? '3/14/1980' : order === 'ymd' ? '1980-03-14' : '14.3.1980';
}
