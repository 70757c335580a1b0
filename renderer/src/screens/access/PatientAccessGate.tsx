// Wraps the patient screen: asks the core how this user may open the patient before any record is
// fetched. A restricted patient without a grant shows a blocked panel with break-glass (for roles
// that may) instead of the record; otherwise the screen renders, and children can ask the gate to
// look again (break-glass started, ended or expired) through useAccessGate().
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { PatientAccessStatus } from '../../../../shared/channels/access';
import { useAppStore } from '../../app/store';
import { CallError } from '../../data/CallError';
import { useQuery } from '../../data/hooks';
import { useT } from '../../i18n';
import { BreakGlassDialog } from './BreakGlassDialog';

interface GateContext {
  readonly status: PatientAccessStatus | null;
  recheck(): void;
  setStatus(status: PatientAccessStatus): void;
}

const Context = createContext<GateContext>({ status: null, recheck() {}, setStatus() {} });
export const useAccessGate = (): GateContext => useContext(Context);

export function PatientAccessGate({ patientId, children }: { readonly patientId: string; readonly children: ReactNode }) {
  const t = useT();
  const showPatients = useAppStore((s) => s.showPatients);
  const canBreakGlass = useAppStore((s) => s.session?.permissions.includes('patient.break-glass') ?? false);
  const query = useQuery(['access.patientStatus', patientId], (api) => api.access.patientStatus({ patientId }));
  const status = query.data ?? null;
  const error = query.error;
  const { reload } = query;
  const recheck = useCallback(() => void reload(), [reload]);
  const setStatus = query.set;
  const [breaking, setBreaking] = useState(false);

  if (error) {
    return (
      <main className="page">
        <button type="button" className="button button--ghost" onClick={showPatients}>
          <span aria-hidden="true" className="access-back-arrow">←</span> {t('access.gate.back')}
        </button>
        <CallError error={error} />
      </main>
    );
  }
  if (!status) {
    return (
      <main className="page" aria-busy="true">
        <p className="muted">{t('access.gate.checking')}</p>
      </main>
    );
  }
  if (status.record === 'none') {
    return (
      <main className="page" aria-labelledby="restricted-title">
        <button type="button" className="button button--ghost" onClick={showPatients}>
          <span aria-hidden="true" className="access-back-arrow">←</span> {t('access.gate.back')}
        </button>
        <section className="restricted-panel">
          <h1 id="restricted-title">{t('access.gate.restricted')}</h1>
          <p>{t(canBreakGlass ? 'access.gate.explainBreakGlass' : 'access.gate.explainAsk')}</p>
          {canBreakGlass ? (
            <button type="button" className="button button--danger" onClick={() => setBreaking(true)}>
              {t('access.gate.breakGlass')}
            </button>
          ) : null}
        </section>
        {breaking ? (
          <BreakGlassDialog
            patientId={patientId}
            minutes={status.breakGlassMinutes}
            onClose={() => setBreaking(false)}
            onOpened={(s) => {
              setBreaking(false);
              setStatus(s);
            }}
          />
        ) : null}
      </main>
    );
  }
  return (
    <Context.Provider value={{ status, recheck, setStatus }}>
      {/* Re-keyed so the record reloads from scratch whenever access changes. */}
      <div className="access-gate" key={`${status.record}-${status.photos}`}>
        {children}
      </div>
    </Context.Provider>
  );
}
