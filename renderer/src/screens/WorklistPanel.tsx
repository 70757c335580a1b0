// "Today's worklist": the scheduled steps the clinic's Modality Worklist has for this station
// today. Starting one asks the core to match (or register) the patient under the wrong-patient
// guard and open the encounter with the order, then opens the patient. Staff who cannot be an
// encounter's provider (photographers) name the clinician first, as at check-in. Nothing shows until
// an administrator has configured a worklist provider.
import { useId, useState } from 'react';
import type { WorklistEntry } from '../../../shared/channels/worklist';
import { isProviderRole } from '../../../shared/permissions';
import { useAppStore } from '../app/store';
import { ErrorMessage } from '../components/Notice';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';

/** The worklist's scheduled time is the clinic's wall clock (no zone): shown as written, HH:MM. */
const time = (scheduledAt: string) => (scheduledAt.length > 10 ? scheduledAt.slice(11, 16) : '—');

export function WorklistPanel() {
  const t = useT();
  const f = useFormat();
  const openPatient = useAppStore((s) => s.openPatient);
  const canStart = useAppStore((s) => s.session?.permissions.includes('encounter.write') ?? false);
  const user = useAppStore((s) => s.session?.user ?? null);
  const namesProvider = canStart && !!user && !isProviderRole(user.role);
  const providers = useQuery(namesProvider ? 'encounters.providers' : null, (api) => api.encounters.providers({}));
  const [providerId, setProviderId] = useState('');
  const [unnamed, setUnnamed] = useState(false);
  const providerFieldId = useId();
  const list = useQuery('worklist-today', (api) => api.worklist.query({}));
  const start = useSubmit();
  if (list.error?.code === 'NOT_CONFIGURED') return null;
  const entries: readonly WorklistEntry[] = list.data?.entries ?? [];

  async function begin(entry: WorklistEntry) {
    setUnnamed(namesProvider && providerId === '');
    if (namesProvider && providerId === '') return document.getElementById(providerFieldId)?.focus();
    const r = await start.run((api) => api.worklist.choose({ key: entry.key, ...(providerId ? { providerId } : {}) }));
    if (r?.ok) openPatient(r.value.patientId);
  }

  return (
    <section className="worklist" aria-labelledby="worklist-title">
      <div className="page__head">
        <h2 id="worklist-title">{t('worklist.title')}</h2>
        <button type="button" className="button button--secondary" onClick={() => void list.reload()} disabled={list.loading}>
          {t('worklist.refresh')}
        </button>
      </div>
      {namesProvider && entries.length > 0 ? (
        <div className="worklist__provider">
          <label htmlFor={providerFieldId}>{t('capture.checkin.provider')}</label>
          <select id={providerFieldId} value={providerId} onChange={(e) => setProviderId(e.target.value)} aria-invalid={unnamed && providerId === '' ? true : undefined}>
            <option value="">{t('capture.checkin.chooseProvider')}</option>
            {(providers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <CallError error={list.error} />
      <CallError error={providers.error} />
      {unnamed && providerId === '' ? <ErrorMessage>{t('capture.checkin.chooseProvider')}</ErrorMessage> : <CallError error={start.error} />}
      <p className="results-status" role="status" aria-live="polite">
        {list.loading && !list.data ? t('worklist.asking') : list.data ? (entries.length === 0 ? t('worklist.none') : t('worklist.count', { count: entries.length })) : ''}
      </p>
      {entries.length > 0 ? (
        <table className="table" aria-label={t('worklist.title')}>
          <thead>
            <tr>
              <th scope="col">{t('worklist.col.time')}</th>
              <th scope="col">{t('worklist.col.patient')}</th>
              <th scope="col">{t('worklist.col.mrn')}</th>
              <th scope="col">{t('worklist.col.birthDate')}</th>
              <th scope="col">{t('worklist.col.accession')}</th>
              <th scope="col">{t('worklist.col.procedure')}</th>
              {canStart ? <th scope="col"><span className="visually-hidden">{t('worklist.start')}</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.key}>
                <td>{time(e.scheduledAt)}</td>
                <th scope="row">{e.givenName ? `${e.familyName}, ${e.givenName}` : e.familyName}</th>
                <td className="mono">{e.mrn}</td>
                <td>{e.birthDate ? f.date(e.birthDate) : '—'}</td>
                <td className="mono">{e.accessionNumber}</td>
                <td>{e.scheduledStepDescription || e.requestedProcedureDescription}</td>
                {canStart ? (
                  <td>
                    <button type="button" className="button button--primary" disabled={start.pending} onClick={() => void begin(e)}>
                      {t('worklist.start')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
