// "Today's worklist": the scheduled steps the clinic's Modality Worklist has for this station
// today. Starting one asks the core to match (or register) the patient under the wrong-patient
// guard and open the encounter with the order, then opens the patient. Nothing shows until an
// administrator has configured a worklist provider.
import type { WorklistEntry } from '../../../shared/channels/worklist';
import { formatIsoDate } from '../app/format';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit } from '../data/hooks';

const time = (scheduledAt: string) => (scheduledAt.length > 10 ? scheduledAt.slice(11, 16) : '—');

export function WorklistPanel() {
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
        <h2 id="worklist-title">Today’s worklist</h2>
        <button type="button" className="button button--secondary" onClick={() => void list.reload()} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <CallError error={list.error} />
      <CallError error={start.error} />
      <p className="results-status" role="status" aria-live="polite">
        {list.loading && !list.data ? 'Asking the worklist…' : list.data ? (entries.length === 0 ? 'Nothing scheduled for this station today.' : `${entries.length} scheduled`) : ''}
      </p>
      {entries.length > 0 ? (
        <table className="table" aria-label="Today’s worklist">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Patient</th>
              <th scope="col">MRN</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Accession</th>
              <th scope="col">Procedure</th>
              {canStart ? <th scope="col"><span className="visually-hidden">Start</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.key}>
                <td>{time(e.scheduledAt)}</td>
                <th scope="row">{e.givenName ? `${e.familyName}, ${e.givenName}` : e.familyName}</th>
                <td className="mono">{e.mrn}</td>
                <td>{e.birthDate ? formatIsoDate(e.birthDate) : '—'}</td>
                <td className="mono">{e.accessionNumber}</td>
                <td>{e.scheduledStepDescription || e.requestedProcedureDescription}</td>
                {canStart ? (
                  <td>
                    <button type="button" className="button button--primary" disabled={start.pending} onClick={() => void begin(e)}>
                      Start
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
