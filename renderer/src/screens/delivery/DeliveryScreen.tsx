// An administrator's delivery screen: the overall sync status, the configured targets (DICOMweb
// PACS, FHIR EMR) with a connection test and "queue existing photos" for a target added later,
// the form to add or edit one, the clinic's identifier systems (IdentifierSystemsPanel) and the
// off-site archive (ArchivePanel).
import { useState } from 'react';
import type { DeliveryTarget, SyncStatus } from '../../../../shared/channels/delivery';
import { CONSENT_SCOPE_LABELS } from '../../../../shared/consent';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { STATE_LABELS, useSyncStatus, waitingPhrases } from './deliveries';
import { IdentifierSystemsPanel } from './IdentifierSystemsPanel';
import { ArchivePanel } from './ArchivePanel';
import { TargetForm } from './TargetForm';

export function DeliveryScreen() {
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
    if (result?.ok) setNotice(`${target.name}: ${result.value.ok ? '' : 'failed — '}${result.value.message}`);
  }

  async function backfill(target: DeliveryTarget) {
    setNotice(null);
    const result = await action.run((api) => api.delivery.backfill({ targetId: target.id }));
    if (result?.ok) {
      setNotice(`${target.name}: ${result.value.queued} photo(s) queued.`);
      void sync.refresh();
    }
  }

  return (
    <main className="page delivery-screen" aria-labelledby="delivery-title">
      <div className="page__head">
        <h1 id="delivery-title">Delivery</h1>
      </div>
      <section className="panel" aria-labelledby="sync-status-title">
        <h2 id="sync-status-title">Sync status</h2>
        {status ? (
          <>
            <dl className="delivery-counts">
              {(Object.keys(status.counts) as Array<keyof SyncStatus['counts']>).map((k) => (
                <div key={k}>
                  <dt>{STATE_LABELS[k]}</dt>
                  <dd>{status.counts[k]}</dd>
                </div>
              ))}
            </dl>
            {waitingPhrases(status.waiting).length > 0 ? (
              <section aria-labelledby="sync-waiting-title">
                <h3 id="sync-waiting-title">Waiting on something other than the network</h3>
                <ul className="delivery-waiting">
                  {waitingPhrases(status.waiting).map((phrase) => (
                    <li key={phrase}>{phrase}</li>
                  ))}
                </ul>
              </section>
            ) : null}
            <p className="muted">{status.running ? 'The sync worker is running.' : 'The sync worker is not running (no enabled target).'}</p>
            {status.lastError ? <p className="delivery-last-error">Last error: {status.lastError}</p> : null}
          </>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      <section className="panel" aria-labelledby="targets-title">
        <h2 id="targets-title">Targets</h2>
        <InfoMessage>{notice}</InfoMessage>
        <CallError error={action.error ?? targetsQuery.error} />
        {targets && targets.length === 0 ? <p className="muted">No targets yet: photos stay on this workstation until one is added.</p> : null}
        <ul className="delivery-targets">
          {(targets ?? []).map((t) => (
            <li key={t.id} className="delivery-targets__row">
              <div>
                <strong>{t.name}</strong> · {t.kind === 'dicomweb' ? 'DICOMweb' : 'FHIR R4'} · <span className="mono">{t.baseUrl}</span>
                <div className="muted">
                  {t.enabled ? 'Enabled' : 'Disabled'} · purpose: {CONSENT_SCOPE_LABELS[t.purpose]} · authentication {t.authKind}
                  {t.authKind !== 'none' ? ` (secret ${t.secretSet ? 'set' : 'not set'})` : ''} · {t.pinnedCa ? 'pinned CA' : 'system CAs'}
                </div>
              </div>
              <div className="delivery-targets__actions">
                <button type="button" className="button button--secondary" onClick={() => void test(t)} aria-label={`Test connection to ${t.name}`}>
                  Test connection
                </button>
                <button type="button" className="button button--secondary" onClick={() => void backfill(t)} aria-label={`Queue existing photos for ${t.name}`}>
                  Queue existing photos
                </button>
                <button type="button" className="button button--secondary" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`}>
                  Edit
                </button>
              </div>
            </li>
          ))}
        </ul>
        {editing === null ? (
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            Add a target
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
