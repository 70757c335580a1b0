// SMART launches, seen from the window: an EHR launch the app received is continued as soon as
// someone who may see patients is signed in; while the sign-in runs in the system browser a notice
// says so; when it finishes the launch's patient opens if the two identifiers confirm the local
// record, asks for confirmation if they are new here, and blocks with the reason otherwise.
import { useEffect, useRef, useState } from 'react';
import type { EhrPatient } from '../../../../shared/channels/ehr';
import { useAppStore } from '../../app/store';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { usePoll, useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';
import { ConfirmEhrPatient } from './ConfirmEhrPatient';
import { useEhrBlockStore } from './ehr-block';

const POLL_MS = 1500;

export function SmartLaunchWatcher() {
  const canRead = useAppStore((s) => s.session?.permissions.includes('patient.read') ?? false);
  return canRead ? <Watcher /> : null;
}

function Watcher() {
  const t = useT();
  const openPatient = useAppStore((s) => s.openPatient);
  const { block, dismiss } = useEhrBlockStore();
  const status = usePoll('smart.status', (api) => api.smart.status({}), POLL_MS);
  const begin = useSubmit();
  // Launches already acted on (by id); the first answer's finished flow is history, not news.
  const handled = useRef<Set<string> | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'failed'; message: string } | { kind: 'blocked'; patient: EhrPatient } | { kind: 'confirm'; patient: EhrPatient } | null>(null);
  const data = status.data;

  // An EHR launch waiting for this window: continue it once (the core refuses unknown issuers),
  // and ask again before looking at the status, which until then still shows it pending.
  const starting = useRef(false);
  const { run } = begin;
  const { refresh } = status;
  useEffect(() => {
    if (!data?.pendingLaunch || data.flow.state === 'waiting' || starting.current) return;
    starting.current = true;
    void run((api) => api.smart.begin({ ehr: true }))
      .then(() => refresh())
      .finally(() => {
        starting.current = false;
      });
  }, [data?.pendingLaunch, data?.flow.state, run, refresh]);

  // A launch that just finished: act once on its outcome.
  useEffect(() => {
    const flow = data?.flow;
    if (!flow) return;
    if (handled.current === null) {
      handled.current = new Set(flow.id && flow.state !== 'waiting' ? [flow.id] : []);
      return;
    }
    if (!flow.id || flow.state === 'waiting' || flow.state === 'idle' || handled.current.has(flow.id)) return;
    handled.current.add(flow.id);
    if (flow.state === 'failed') setOutcome({ kind: 'failed', message: flow.message ?? t('ehr.smart.failed') });
    else if (flow.state === 'done' && flow.patient) {
      const p = flow.patient;
      if (p.match.status === 'confirmed' && p.match.patientId) {
        setOutcome(null);
        openPatient(p.match.patientId);
      } else if (p.match.status === 'new') setOutcome({ kind: 'confirm', patient: p });
      else {
        setOutcome({ kind: 'blocked', patient: p });
        block(t('ehr.smart.blockReason', { reason: p.match.reason ?? t('ehr.match.disagree') }));
      }
    }
  }, [data?.flow, openPatient, block, t]);

  return (
    <div className="smart-launch" aria-live="polite">
      {data?.flow.state === 'waiting' ? <InfoMessage>{t('ehr.smart.waiting')}</InfoMessage> : null}
      <CallError error={begin.error} />
      {outcome?.kind === 'failed' ? <ErrorMessage>{outcome.message}</ErrorMessage> : null}
      {outcome?.kind === 'blocked' ? (
        <ErrorMessage>
          {t('ehr.smart.blocked', { reason: outcome.patient.match.reason ?? t('ehr.match.disagree') })}{' '}
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setOutcome(null);
              dismiss();
            }}
          >
            {t('ehr.smart.dismiss')}
          </button>
        </ErrorMessage>
      ) : null}
      {outcome?.kind === 'confirm' ? <ConfirmEhrPatient patient={outcome.patient} onClose={() => setOutcome(null)} /> : null}
    </div>
  );
}
