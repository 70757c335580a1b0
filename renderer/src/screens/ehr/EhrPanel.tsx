// The Patients screen's EHR section: search the EHR's FHIR server by MRN, name and birth date,
// see today's appointments and encounters, or sign in to the EHR (SMART standalone launch). A
// patient opens only through the two-identifier confirmation; several matches or records that
// disagree are shown as such and cannot be opened from here.
import { useState, type FormEvent } from 'react';
import type { EhrPatient, EhrVisit } from '../../../../shared/channels/ehr';
import { formatDateTime, formatIsoDate } from '../../app/format';
import { CallError } from '../../data/CallError';
import { useSubmit } from '../../data/hooks';
import { InfoMessage } from '../../components/Notice';
import { ConfirmEhrPatient, matchLabel } from './ConfirmEhrPatient';

interface Found {
  readonly patients: readonly EhrPatient[];
  readonly ambiguous: boolean;
  readonly truncated: boolean;
}

export function EhrPanel() {
  const [identifier, setIdentifier] = useState('');
  const [family, setFamily] = useState('');
  const [given, setGiven] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [visits, setVisits] = useState<{ date: string; visits: readonly EhrVisit[] } | null>(null);
  const [confirming, setConfirming] = useState<EhrPatient | null>(null);
  const search = useSubmit();
  const today = useSubmit();
  const signIn = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const q = {
      ...(identifier.trim() ? { identifier: identifier.trim() } : {}),
      ...(family.trim() ? { family: family.trim() } : {}),
      ...(given.trim() ? { given: given.trim() } : {}),
      ...(birthDate ? { birthDate } : {}),
    };
    const r = await search.run((api) => api.ehr.searchPatients(q));
    if (r?.ok) setFound(r.value);
  }

  async function loadToday() {
    const r = await today.run((api) => api.ehr.today({}));
    if (r?.ok) setVisits(r.value);
  }

  return (
    <section className="panel" aria-labelledby="ehr-title">
      <div className="page__head">
        <h2 id="ehr-title">From the EHR</h2>
        <div className="form-actions">
          <button type="button" className="button button--secondary" disabled={today.pending} onClick={() => void loadToday()}>
            Today’s schedule
          </button>
          <button type="button" className="button button--secondary" disabled={signIn.pending} onClick={() => void signIn.run((api) => api.smart.begin({}))}>
            Sign in to the EHR
          </button>
        </div>
      </div>
      <CallError error={signIn.error} />
      <form role="search" aria-label="Search the EHR" className="search" onSubmit={(e) => void submit(e)}>
        <div className="search__row">
          <label>
            MRN <input value={identifier} onChange={(e) => setIdentifier(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            Family name <input value={family} onChange={(e) => setFamily(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            Given name <input value={given} onChange={(e) => setGiven(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            Date of birth <input type="date" value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />
          </label>
          <button type="submit" className="button button--secondary" disabled={search.pending}>
            Search the EHR
          </button>
        </div>
      </form>
      <CallError error={search.error} />
      {found ? (
        <>
          {found.ambiguous ? <InfoMessage>{found.patients.length} patients match in the EHR. Check the MRN and date of birth with the patient before opening one.</InfoMessage> : null}
          {found.patients.length === 0 ? <p className="muted">No patient in the EHR matches.</p> : <EhrPatientTable patients={found.patients} onOpen={setConfirming} label="EHR patients" />}
        </>
      ) : null}
      <CallError error={today.error} />
      {visits ? <VisitTable date={visits.date} visits={visits.visits} onOpen={setConfirming} /> : null}
      {confirming ? <ConfirmEhrPatient patient={confirming} onClose={() => setConfirming(null)} /> : null}
    </section>
  );
}

function EhrPatientTable({ patients, onOpen, label }: { readonly patients: readonly EhrPatient[]; readonly onOpen: (p: EhrPatient) => void; readonly label: string }) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">MRN</th>
          <th scope="col">Date of birth</th>
          <th scope="col">Here</th>
        </tr>
      </thead>
      <tbody>
        {patients.map((p) => {
          const { text, openable } = matchLabel(p);
          return (
            <tr key={p.fhirId}>
              <th scope="row">
                {openable ? (
                  <button type="button" className="link-button" onClick={() => onOpen(p)}>
                    {p.familyName}, {p.givenName}
                  </button>
                ) : (
                  `${p.familyName}, ${p.givenName}`
                )}
              </th>
              <td className="mono">{p.mrn ?? '—'}</td>
              <td>{p.birthDate ? formatIsoDate(p.birthDate) : '—'}</td>
              <td>{text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function VisitTable({ date, visits, onOpen }: { readonly date: string; readonly visits: readonly EhrVisit[]; readonly onOpen: (p: EhrPatient) => void }) {
  if (visits.length === 0) return <p className="muted">No appointments or encounters in the EHR for {formatIsoDate(date)}.</p>;
  return (
    <table className="table" aria-label={`EHR schedule for ${formatIsoDate(date)}`}>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Visit</th>
          <th scope="col">Patient</th>
          <th scope="col">Here</th>
        </tr>
      </thead>
      <tbody>
        {visits.map((v) => {
          const label = v.patient ? matchLabel(v.patient) : { text: 'No patient', openable: false };
          return (
            <tr key={`${v.kind}:${v.fhirId}`}>
              <td>{v.start ? formatDateTime(v.start) : '—'}</td>
              <td>
                {v.kind === 'appointment' ? 'Appointment' : 'Encounter'}
                {v.description ? `: ${v.description}` : ''} ({v.status})
              </td>
              <th scope="row">
                {v.patient && label.openable ? (
                  <button type="button" className="link-button" onClick={() => onOpen(v.patient!)}>
                    {v.patient.familyName}, {v.patient.givenName}
                  </button>
                ) : v.patient ? (
                  `${v.patient.familyName}, ${v.patient.givenName}`
                ) : (
                  '—'
                )}
              </th>
              <td>{label.text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
