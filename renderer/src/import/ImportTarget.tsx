// Where imported photos go: a patient (found with the same search as the patient list) and one of
// their encounters, a new encounter today, or none (filed under the patient by the day each photo
// was taken). The importer may start with the patient already chosen (from a patient's screen).
import { useState } from 'react';
import type { Patient } from '../../../shared/domain';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { useFormat, useLocale, useT } from '../i18n';
import { searchDateOrder } from '../screens/patients-search';

/** An encounter id, a new encounter started on import, or none. */
export type EncounterChoice = { readonly kind: 'existing'; readonly id: string } | { readonly kind: 'new' } | { readonly kind: 'none' };

interface Props {
  readonly patient: Patient | null;
  readonly onPatient: (p: Patient | null) => void;
  readonly encounter: EncounterChoice;
  readonly onEncounter: (e: EncounterChoice) => void;
  readonly canStartEncounter: boolean;
  readonly disabled: boolean;
  /** Changes when an encounter was started for the import, so the list is asked again. */
  readonly encountersVersion: number;
}

export function ImportTarget({ patient, onPatient, encounter, onEncounter, canStartEncounter, disabled, encountersVersion }: Props) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const [query, setQuery] = useState('');
  const asked = query.trim();
  const found = useQuery(patient || asked === '' ? null : ['import-patients', asked], (api) => api.patients.search({ query: asked, limit: 8, dateOrder: searchDateOrder(locale), locale }));
  const encounters = useQuery(patient ? ['import-encounters', patient.id, encountersVersion] : null, (api) => api.encounters.list({ patientId: patient!.id }));

  if (!patient) {
    return (
      <fieldset className="import-target" disabled={disabled}>
        <legend>{t('importer.patientLegend')}</legend>
        <label htmlFor="import-patient-search">{t('importer.findPatient')}</label>
        <input id="import-patient-search" type="search" autoComplete="off" spellCheck={false} value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('importer.findPatientPlaceholder')} />
        <CallError error={found.error} />
        {found.data && found.data.patients.length === 0 ? <p className="muted">{t('importer.noPatientMatches')}</p> : null}
        <ul className="import-target__matches" aria-label={t('importer.matchesLabel')}>
          {found.data?.patients.map((p) => (
            <li key={p.id}>
              <button type="button" className="link-button" onClick={() => onPatient(p)}>
                {f.personName(p)}
              </button>
              <span className="muted">
                {' '}
                {t('importer.patientFacts', { mrn: p.mrn, birthDate: f.date(p.birthDate) })}
              </span>
            </li>
          ))}
        </ul>
      </fieldset>
    );
  }

  const value = encounter.kind === 'existing' ? encounter.id : encounter.kind;
  return (
    <fieldset className="import-target" disabled={disabled}>
      <legend>{t('importer.patientLegend')}</legend>
      <p className="import-target__chosen">
        <strong>{f.personName(patient)}</strong> <span className="muted">{t('importer.patientFacts', { mrn: patient.mrn, birthDate: f.date(patient.birthDate) })}</span>{' '}
        <button type="button" className="button button--ghost" onClick={() => onPatient(null)}>
          {t('importer.changePatient')}
        </button>
      </p>
      <label htmlFor="import-encounter">{t('importer.encounterLabel')}</label>
      <select
        id="import-encounter"
        value={value}
        onChange={(e) => {
          const v = e.target.value;
          onEncounter(v === 'none' ? { kind: 'none' } : v === 'new' ? { kind: 'new' } : { kind: 'existing', id: v });
        }}
      >
        <option value="none">{t('importer.noEncounter')}</option>
        {canStartEncounter ? <option value="new">{t('importer.newEncounter')}</option> : null}
        {encounters.data?.map((e) => (
          <option key={e.id} value={e.id}>
            {e.reason ? `${f.dateTime(e.startedAt)} · ${e.reason}` : f.dateTime(e.startedAt)}
          </option>
        ))}
      </select>
      <CallError error={encounters.error} />
    </fieldset>
  );
}
