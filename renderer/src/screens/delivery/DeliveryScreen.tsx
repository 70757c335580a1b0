// An administrator's delivery screen: the overall sync status, the configured targets (DICOMweb
// PACS, FHIR EMR) with a connection test and "queue existing photos" for a target added later,
// the form to add or edit one, the clinic's identifier systems (IdentifierSystemsPanel) and the
// off-site archive (ArchivePanel).
import { useState } from 'react';
import type { DeliveryTarget, SyncStatus } from '../../../../shared/channels/delivery';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { scopeLabel } from '../../consent/scope-labels';
import { useT } from '../../i18n';
import { stateLabel, TARGET_KIND_NAMES, useSyncStatus, waitingPhrases } from './deliveries';
import { IdentifierSystemsPanel } from './IdentifierSystemsPanel';
import { ArchivePanel } from './ArchivePanel';
import { TargetForm } from './TargetForm';

export function DeliveryScreen() {
  const t = useT();
  // Targets change only when someone edits them: asked once, and again after a save.
  const targetsQuery = useQuery('delivery.listTargets', (api) => api.delivery.listTargets({}));
  const targets = targetsQuery.data;
  const sync = useSyncStatus(true);
  const status = sync.data;
  const action = useSubmit();
  const [editing, setEditing] = useState<DeliveryTarget | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function test(target: DeliveryTarget) {
    setNotice(null);
    const result = await action.run((api) => api.delivery.testTarget({ targetId: target.id }));
    // The core's own words for what the server answered follow the target's name.
    if (result?.ok) setNotice(result.value.ok ? `${target.name}: ${result.value.message}` : t('delivery.targets.testFailed', { name: target.name, message: result.value.message }));
  }

  async function backfill(target: DeliveryTarget) {
    setNotice(null);
    const result = await action.run((api) => api.delivery.backfill({ targetId: target.id }));
    if (result?.ok) {
      setNotice(t('delivery.targets.queued', { name: target.name, count: result.value.queued }));
      void sync.refresh();
    }
  }

  return (
    <main className="page delivery-screen" aria-labelledby="delivery-title">
      <div className="page__head">
        <h1 id="delivery-title">{t('delivery.title')}</h1>
      </div>
      <section className="panel" aria-labelledby="sync-status-title">
        <h2 id="sync-status-title">{t('delivery.sync.title')}</h2>
        {status ? (
          <>
            <dl className="delivery-counts">
              {(Object.keys(status.counts) as Array<keyof SyncStatus['counts']>).map((k) => (
                <div key={k}>
                  <dt>{stateLabel(t, k)}</dt>
                  <dd>{status.counts[k]}</dd>
                </div>
              ))}
            </dl>
            {waitingPhrases(t, status.waiting).length > 0 ? (
              <section aria-labelledby="sync-waiting-title">
                <h3 id="sync-waiting-title">{t('delivery.sync.waitingTitle')}</h3>
                <ul className="delivery-waiting">
                  {waitingPhrases(t, status.waiting).map((phrase) => (
                    <li key={phrase}>{phrase}</li>
                  ))}
                </ul>
              </section>
            ) : null}
            <p className="muted">{t(status.running ? 'delivery.sync.running' : 'delivery.sync.notRunning')}</p>
            {status.lastError ? <p className="delivery-last-error">{t('delivery.sync.lastError', { error: status.lastError })}</p> : null}
          </>
        ) : (
          <p className="muted">{t('delivery.loading')}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="targets-title">
        <h2 id="targets-title">{t('delivery.targets.title')}</h2>
        <InfoMessage>{notice}</InfoMessage>
        <CallError error={action.error ?? targetsQuery.error} />
        {targets && targets.length === 0 ? <p className="muted">{t('delivery.targets.none')}</p> : null}
        <ul className="delivery-targets">
          {(targets ?? []).map((target) => (
            <li key={target.id} className="delivery-targets__row">
              <div>
                <strong>{target.name}</strong> · {TARGET_KIND_NAMES[target.kind]} · <span className="mono" dir="ltr">{target.baseUrl}</span>
                <div className="muted">
                  {t(target.enabled ? 'delivery.targets.enabled' : 'delivery.targets.disabled')} · {t('delivery.targets.purpose', { purpose: scopeLabel(t, target.purpose) })} ·{' '}
                  {t(target.authKind === 'none' ? 'delivery.targets.authNone' : target.secretSet ? 'delivery.targets.authSet' : 'delivery.targets.authNotSet', { auth: t(`delivery.auth.${target.authKind}`) })} ·{' '}
                  {t(target.pinnedCa ? 'delivery.targets.pinnedCa' : 'delivery.targets.systemCas')}
                </div>
              </div>
              <div className="delivery-targets__actions">
                <button type="button" className="button button--secondary" onClick={() => void test(target)} aria-label={t('delivery.targets.testFor', { name: target.name })}>
                  {t('delivery.targets.test')}
                </button>
                <button type="button" className="button button--secondary" onClick={() => void backfill(target)} aria-label={t('delivery.targets.backfillFor', { name: target.name })}>
                  {t('delivery.targets.backfill')}
                </button>
                <button type="button" className="button button--secondary" onClick={() => setEditing(target)} aria-label={t('delivery.targets.editFor', { name: target.name })}>
                  {t('delivery.targets.edit')}
                </button>
              </div>
            </li>
          ))}
        </ul>
        {editing === null ? (
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('delivery.targets.add')}
          </button>
        ) : null}
      </section>
      {editing !== null ? (
        <TargetForm
          key={editing === 'new' ? 'new' : editing.id}
          target={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void targetsQuery.reload();
            void sync.refresh();
          }}
        />
      ) : null}
      <IdentifierSystemsPanel />
      <ArchivePanel />
    </main>
  );
}
