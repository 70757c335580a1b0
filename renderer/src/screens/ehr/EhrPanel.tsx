// The Patients screen's EHR section: search the EHR's FHIR server by MRN, name and birth date,
// see today's appointments and encounters, or sign in to the EHR (SMART standalone launch). A
// patient opens only through the two-identifier confirmation; several matches or records that
// disagree are shown as such and cannot be opened from here.
import { useState, type FormEvent } from 'react';
import type { EhrPatient, EhrVisit } from '../../../../shared/channels/ehr';
import { CallError } from '../../data/CallError';
import { useSubmit } from '../../data/hooks';
import { InfoMessage } from '../../components/Notice';
import { useFormat, useT } from '../../i18n';
import { ConfirmEhrPatient, matchLabel } from './ConfirmEhrPatient';
import { DateInput } from '../../components/DateInput';

interface Found {
  readonly patients: readonly EhrPatient[];
  readonly ambiguous: boolean;
  readonly truncated: boolean;
}

export function EhrPanel() {
  const t = useT();
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
        <h2 id="ehr-title">{t('ehr.title')}</h2>
        <div className="form-actions">
          <button type="button" className="button button--secondary" disabled={today.pending} onClick={() => void loadToday()}>
            {t('ehr.today')}
          </button>
          <button type="button" className="button button--secondary" disabled={signIn.pending} onClick={() => void signIn.run((api) => api.smart.begin({}))}>
            {t('ehr.signIn')}
          </button>
        </div>
      </div>
      <CallError error={signIn.error} />
      <form role="search" aria-label={t('ehr.search')} className="search" onSubmit={(e) => void submit(e)}>
        <div className="search__row">
          <label>
            {t('ehr.mrn')} <input value={identifier} onChange={(e) => setIdentifier(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            {t('ehr.familyName')} <input value={family} onChange={(e) => setFamily(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            {t('ehr.givenName')} <input value={given} onChange={(e) => setGiven(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            {t('ehr.birthDate')} <DateInput value={birthDate} onValue={setBirthDate} />
          </label>
          <button type="submit" className="button button--secondary" disabled={search.pending}>
            {t('ehr.search')}
          </button>
        </div>
      </form>
      <CallError error={search.error} />
      {found ? (
        <>
          {found.ambiguous ? <InfoMessage>{t('ehr.ambiguous', { count: found.patients.length })}</InfoMessage> : null}
          {found.patients.length === 0 ? <p className="muted">{t('ehr.noMatch')}</p> : <EhrPatientTable patients={found.patients} onOpen={setConfirming} label={t('ehr.patients')} />}
        </>
      ) : null}
      <CallError error={today.error} />
      {visits ? <VisitTable date={visits.date} visits={visits.visits} onOpen={setConfirming} /> : null}
      {confirming ? <ConfirmEhrPatient patient={confirming} onClose={() => setConfirming(null)} /> : null}
    </section>
  );
}

function EhrPatientTable({ patients, onOpen, label }: { readonly patients: readonly EhrPatient[]; readonly onOpen: (p: EhrPatient) => void; readonly label: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('ehr.name')}</th>
          <th scope="col">{t('ehr.mrn')}</th>
          <th scope="col">{t('ehr.birthDate')}</th>
          <th scope="col">{t('ehr.here')}</th>
        </tr>
      </thead>
      <tbody>
        {patients.map((p) => {
          const { text, openable } = matchLabel(t, p);
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
              <td>{p.birthDate ? f.date(p.birthDate) : '—'}</td>
              <td>{text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function VisitTable({ date, visits, onOpen }: { readonly date: string; readonly visits: readonly EhrVisit[]; readonly onOpen: (p: EhrPatient) => void }) {
  const t = useT();
  const f = useFormat();
  if (visits.length === 0) return <p className="muted">{t('ehr.visits.none', { date: f.date(date) })}</p>;
  return (
    <table className="table" aria-label={t('ehr.visits.label', { date: f.date(date) })}>
      <thead>
        <tr>
          <th scope="col">{t('ehr.visits.time')}</th>
          <th scope="col">{t('ehr.visits.visit')}</th>
          <th scope="col">{t('ehr.visits.patient')}</th>
          <th scope="col">{t('ehr.here')}</th>
        </tr>
      </thead>
      <tbody>
        {visits.map((v) => {
          const label = v.patient ? matchLabel(t, v.patient) : { text: t('ehr.visits.noPatient'), openable: false };
          return (
            <tr key={`${v.kind}:${v.fhirId}`}>
              <td>{v.start ? f.dateTime(v.start) : '—'}</td>
              <td>
                {t(v.kind === 'appointment' ? 'ehr.visits.appointment' : 'ehr.visits.encounter')}
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
