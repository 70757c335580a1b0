// "Today's worklist": the scheduled steps the clinic's Modality Worklist has for this station
// today. Starting one asks the core to match (or register) the patient under the wrong-patient
// guard and open the encounter with the order, then opens the patient. Nothing shows until an
// administrator has configured a worklist provider.
import type { WorklistEntry } from '../../../shared/channels/worklist';
import { useAppStore } from '../app/store';
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
  const list = useQuery('worklist-today', (api) => api.worklist.query({}));
  const start = useSubmit();
  if (list.error?.code === 'NOT_CONFIGURED') return null;
  const entries: readonly WorklistEntry[] = list.data?.entries ?? [];

  async function begin(entry: WorklistEntry) {
    const r = await start.run((api) => api.worklist.choose({ key: entry.key }));
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
      <CallError error={list.error} />
      <CallError error={start.error} />
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
