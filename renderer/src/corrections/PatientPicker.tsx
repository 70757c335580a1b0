// Finding the other patient of a merge or a photo move: the same search as the patient list
// (the core hides records merged or entered in error), one choice, the current record left out.
import { useState } from 'react';
import type { Patient } from '../../../shared/domain';
import { Field } from '../components/Field';
import { useQuery } from '../data/hooks';
import { CallError } from '../data/CallError';
import { useFormat, useT } from '../i18n';

interface Props {
  readonly label: string;
  readonly excludeId: string;
  readonly chooseLabel: string;
  readonly onChoose: (patient: Patient) => void;
}

export function PatientPicker({ label, excludeId, chooseLabel, onChoose }: Props) {
  const t = useT();
  const f = useFormat();
  const [query, setQuery] = useState('');
  const trimmed = query.trim();
  const found = useQuery(trimmed.length >= 2 ? ['patients.search', trimmed] : null, (api) => api.patients.search({ query: trimmed, limit: 8 }));
  const candidates = (found.data?.patients ?? []).filter((p) => p.id !== excludeId);
  return (
    <div className="corrections-picker">
      <Field label={label} hint={t('corrections.merge.searchHint')}>
        {(p) => <input {...p} type="search" autoComplete="off" spellCheck={false} value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />}
      </Field>
      <CallError error={found.error} />
      {trimmed.length >= 2 && found.data ? (
        candidates.length === 0 ? (
          <p className="muted">{t('corrections.merge.noResults')}</p>
        ) : (
          <ul className="corrections-picker__list">
            {candidates.map((p) => (
              <li key={p.id}>
                <span>{t('corrections.merge.candidate', { name: f.personName(p), mrn: p.mrn, birthDate: f.date(p.birthDate) })}</span>
                <button type="button" className="button button--secondary" onClick={() => onChoose(p)} aria-label={`${chooseLabel}: ${f.personName(p)}, ${p.mrn}`}>
                  {chooseLabel}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
