// Find a patient: one box for name, MRN or date of birth, searched as you type; or register a new one;
// or find them in the EHR (EhrPanel).
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { SEX_LABELS, type Patient } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { formatIsoDate, patientName } from '../app/format';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { EhrPanel } from './ehr/EhrPanel';
import { RegisterPatientDialog } from './RegisterPatientDialog';
import { WorklistPanel } from './WorklistPanel';

const DEBOUNCE_MS = 250;

interface Results {
  readonly query: string;
  readonly patients: readonly Patient[];
  readonly truncated: boolean;
}

export function PatientsScreen() {
  const query = useAppStore((s) => s.patientQuery);
  const setQuery = useAppStore((s) => s.setPatientQuery);
  const openPatient = useAppStore((s) => s.openPatient);
  const canRegister = useAppStore((s) => s.session?.permissions.includes('patient.write') ?? false);
  const canReadPatients = useAppStore((s) => s.session?.permissions.includes('patient.read') ?? false);
  const [registering, setRegistering] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);
  // The text searched for: the box's text once typing pauses, or at once on Enter. A slower, older
  // answer never replaces a newer one (useQuery drops it).
  const [asked, setAsked] = useState(query.trim());
  const search = useQuery(asked, async (api): Promise<Result<Results>> => {
    const r = await api.patients.search({ query: asked, limit: 50 });
    return r.ok ? { ok: true, value: { query: asked, ...r.value } } : r;
  });
  const results = search.data ?? null;
  const searching = search.loading;

  useEffect(() => {
    const timer = setTimeout(() => setAsked(query.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

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

  return (
    <main className="page" aria-labelledby="patients-title">
      <div className="page__head">
        <h1 id="patients-title">Patients</h1>
        {canRegister ? (
          <button type="button" className="button button--primary" onClick={() => setRegistering(true)}>
            Register patient
          </button>
        ) : null}
      </div>

      {canReadPatients ? <WorklistPanel /> : null}

      <form role="search" className="search" onSubmit={submit}>
        <label htmlFor="patient-search" className="search__label">
          Search patients
        </label>
        <div className="search__row">
          <input
            id="patient-search"
            type="search"
            className="search__input"
            placeholder="Name, MRN or date of birth (YYYY-MM-DD)"
            aria-describedby="patient-search-hint"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={searchKeyDown}
            autoFocus
          />
          <button type="submit" className="button button--secondary">
            Search
          </button>
        </div>
        <p id="patient-search-hint" className="field__hint">
          For example “Smith”, “Smith, Anna”, an MRN, or 1980-03-14.
        </p>
      </form>

      <CallError error={search.error} />

      <p className="results-status" role="status" aria-live="polite">
        {searching && !results
          ? 'Searching…'
          : results
            ? results.query === ''
              ? patients.length === 0
                ? 'No patients registered yet.'
                : 'Recently registered patients'
              : patients.length === 0
                ? `No patients match “${results.query}”.`
                : `${patients.length}${results.truncated ? '+' : ''} ${patients.length === 1 ? 'patient matches' : 'patients match'} “${results.query}”.`
            : ''}
      </p>

      {patients.length > 0 ? (
        <table className="table table--patients" ref={tableRef} aria-label="Patients">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">MRN</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Sex</th>
            </tr>
          </thead>
          <tbody>
            {patients.map((p) => (
              <tr key={p.id} onClick={() => openPatient(p.id)} onKeyDown={rowKeyDown}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={(e) => (e.stopPropagation(), openPatient(p.id))}>
                    {patientName(p)}
                  </button>
                  {p.restricted ? <span className="tag tag--restricted">Restricted</span> : null}
                </th>
                <td className="mono">{p.mrn}</td>
                <td>{formatIsoDate(p.birthDate)}</td>
                <td>{SEX_LABELS[p.sex]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {results?.truncated ? <p className="muted">Showing the first {patients.length}. Refine the search to narrow it down.</p> : null}

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
    </main>
  );
}
