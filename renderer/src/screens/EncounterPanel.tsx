// The patient's encounters, newest first, one of which is chosen as the context for new photos;
// and starting a new one.
import { useState, type FormEvent } from 'react';
import type { Encounter } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { formatDateTime } from '../app/format';
import { ErrorMessage } from '../components/Notice';

interface Props {
  readonly patientId: string;
  readonly encounters: readonly Encounter[];
  readonly selectedId: string | null;
  readonly canStart: boolean;
  readonly onSelect: (encounterId: string) => void;
  readonly onStarted: (encounter: Encounter) => void;
}

export function EncounterPanel({ patientId, encounters, selectedId, canStart, onSelect, onStarted }: Props) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);

  async function start(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call((api) => api.encounters.start({ patientId, reason }));
    setBusy(false);
    if (result.ok) {
      setReason('');
      onStarted(result.value);
    } else setError(result.error);
  }

  return (
    <section className="panel encounters" aria-labelledby="encounters-title">
      <h2 id="encounters-title">Encounters</h2>
      {canStart ? (
        <form className="encounters__start" onSubmit={start} aria-busy={busy}>
          <label htmlFor="encounter-reason">Reason for visit (optional)</label>
          <div className="search__row">
            <input id="encounter-reason" name="reason" maxLength={200} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Starting…' : 'Start encounter'}
            </button>
          </div>
          <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
        </form>
      ) : null}
      {encounters.length === 0 ? (
        <p className="muted">No encounters yet.{canStart ? ' Start one to take photos.' : ''}</p>
      ) : (
        <fieldset className="encounters__list">
          <legend className="visually-hidden">Encounter for new photos</legend>
          {encounters.map((e) => (
            <label key={e.id} className={e.id === selectedId ? 'encounter encounter--selected' : 'encounter'}>
              <input type="radio" name="encounter" value={e.id} checked={e.id === selectedId} onChange={() => onSelect(e.id)} />
              <span className="encounter__text">
                <span className="encounter__when">{formatDateTime(e.startedAt)}</span>
                <span className="encounter__reason">{e.reason || 'No reason recorded'}</span>
                <span className="encounter__meta">
                  {e.providerName} · {e.photoCount} {e.photoCount === 1 ? 'photo' : 'photos'}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </section>
  );
}
