// The patient's encounters, newest first, one of which is chosen as the context for new photos;
// and checking the patient in: a new encounter with its reason and its provider, the clinician the
// photos are stored under. A clinician or administrator is their own provider unless they choose
// another; the front desk and photographers choose one (the core refuses otherwise).
import { useId, useState, type FormEvent } from 'react';
import type { Encounter } from '../../../shared/domain';
import { isProviderRole } from '../../../shared/permissions';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { useAppStore } from '../app/store';
import { ErrorMessage } from '../components/Notice';
import { useQuery } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import './EncounterPanel.css';

interface Props {
  readonly patientId: string;
  readonly encounters: readonly Encounter[];
  readonly selectedId: string | null;
  readonly canStart: boolean;
  readonly onSelect: (encounterId: string) => void;
  readonly onStarted: (encounter: Encounter) => void;
}

export function EncounterPanel({ patientId, encounters, selectedId, canStart, onSelect, onStarted }: Props) {
  const t = useT();
  const f = useFormat();
  const user = useAppStore((s) => s.session?.user ?? null);
  const seesPhotos = useAppStore((s) => s.session?.permissions.includes('photo.view') ?? false);
  const selfProvides = !!user && isProviderRole(user.role);
  const providersQuery = useQuery(canStart ? 'encounters.providers' : null, (api) => api.encounters.providers({}));
  const others = (providersQuery.data ?? []).filter((p) => p.id !== user?.id);
  const [reason, setReason] = useState('');
  // '' is "me" for a provider, "not chosen yet" for everyone else.
  const [providerId, setProviderId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const providerFieldId = useId();
  const needsChoice = !selfProvides && providerId === '';

  async function start(event: FormEvent) {
    event.preventDefault();
    if (needsChoice) return setError({ code: 'VALIDATION_FAILED', message: t('capture.checkin.chooseProvider'), fields: { providerId: t('capture.checkin.chooseProvider') } });
    setBusy(true);
    setError(null);
    const result = await call((api) => api.encounters.start({ patientId, reason, ...(providerId ? { providerId } : {}) }));
    setBusy(false);
    if (result.ok) {
      setReason('');
      onStarted(result.value);
    } else setError(result.error);
  }

  return (
    <section className="panel encounters" aria-labelledby="encounters-title">
      <h2 id="encounters-title">{t('capture.encounters.title')}</h2>
      {canStart ? (
        <form className="encounters__start" onSubmit={start} aria-busy={busy}>
          <label htmlFor="encounter-reason">{t('capture.checkin.reason')}</label>
          <input id="encounter-reason" name="reason" maxLength={200} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />
          <label htmlFor={providerFieldId}>{t('capture.checkin.provider')}</label>
          <select id={providerFieldId} value={providerId} onChange={(e) => setProviderId(e.target.value)} aria-invalid={error?.fields?.providerId ? true : undefined}>
            {selfProvides ? <option value="">{t('capture.checkin.me', { name: user!.displayName })}</option> : <option value="">{t('capture.checkin.chooseProvider')}</option>}
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--primary encounters__submit" disabled={busy}>
            {busy ? t('capture.checkin.starting') : t('capture.checkin.start')}
          </button>
          <ErrorMessage>{error ? (error.code === 'VALIDATION_FAILED' && error.fields?.providerId ? t('capture.checkin.chooseProvider') : messageFor(error)) : null}</ErrorMessage>
        </form>
      ) : null}
      {encounters.length === 0 ? (
        <p className="muted">{canStart ? t('capture.encounters.noneStart') : t('capture.encounters.none')}</p>
      ) : (
        <fieldset className="encounters__list">
          <legend className="visually-hidden">{t('capture.encounters.legend')}</legend>
          {encounters.map((e) => (
            <label key={e.id} className={e.id === selectedId ? 'encounter encounter--selected' : 'encounter'}>
              <input type="radio" name="encounter" value={e.id} checked={e.id === selectedId} onChange={() => onSelect(e.id)} />
              <span className="encounter__text">
                <span className="encounter__when">{f.dateTime(e.startedAt)}</span>
                <span className="encounter__reason">{e.reason || t('capture.encounters.noReason')}</span>
                <span className="encounter__meta">
                  {seesPhotos ? t('capture.encounters.metaWithPhotos', { provider: e.providerName, count: e.photoCount }) : t('capture.encounters.meta', { provider: e.providerName })}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </section>
  );
}
