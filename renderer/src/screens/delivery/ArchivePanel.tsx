// The off-site archive on the Delivery screen: where it goes, what the capability probe found,
// its status (files pending and verified, bytes, last snapshot, the newest failure with the
// server's reason), "Back up now", and the settings form.
import { useState } from 'react';
import type { ArchiveStatus } from '../../../../shared/channels/archive';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { usePoll, useQuery, useSubmit } from '../../data/hooks';
import { useFormat, useT } from '../../i18n';
import { ArchiveForm } from './ArchiveForm';

const POLL_MS = 5000;

export function ArchivePanel() {
  const t = useT();
  const f = useFormat();
  const settingsQuery = useQuery('archive.settings', (api) => api.archive.settings({}));
  const settings = settingsQuery.data;
  const statusPoll = usePoll('archive.status', (api) => api.archive.status({}), POLL_MS);
  const status: ArchiveStatus | undefined = statusPoll.data ?? undefined;
  const action = useSubmit();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  async function runNow() {
    setNotice(null);
    const result = await action.run((api) => api.archive.run({}));
    if (result?.ok) setNotice(t('delivery.archive.verified', { snapshot: result.value.snapshotId, count: result.value.objects }));
    void statusPoll.refresh();
  }

  return (
    <section className="panel" aria-labelledby="archive-title">
      <h2 id="archive-title">{t('delivery.archive.title')}</h2>
      <p className="muted">{t('delivery.archive.lead')}</p>
      <InfoMessage>{notice}</InfoMessage>
      <CallError error={action.error ?? settingsQuery.error} />
      {settings ? (
        <>
          <p>
            <span className="mono" dir="ltr">{settings.endpoint}</span> · {t('delivery.archive.bucketWord')} <strong>{settings.bucket}</strong>
            {settings.prefix ? ` ${t('delivery.archive.under', { prefix: settings.prefix })}` : ''} · {t(settings.pathStyle ? 'delivery.archive.pathStyle' : 'delivery.archive.virtualHost')} ·{' '}
            {t(settings.worm ? 'delivery.archive.worm' : 'delivery.archive.notWorm')}
          </p>
          {settings.probe ? (
            <ul className="delivery-waiting" aria-label={t('delivery.archive.probe')}>
              {settings.probe.messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
          {status ? (
            <dl className="delivery-counts" aria-label={t('delivery.archive.status')}>
              <div>
                <dt>{t('delivery.archive.pending')}</dt>
                <dd>{f.number(status.pending)}</dd>
              </div>
              <div>
                <dt>{t('delivery.archive.verifiedCount')}</dt>
                <dd>{f.number(status.verified)}</dd>
              </div>
              <div>
                <dt>{t('delivery.archive.failed')}</dt>
                <dd>{f.number(status.failed)}</dd>
              </div>
              <div>
                <dt>{t('delivery.archive.archived')}</dt>
                <dd>{f.bytes(status.bytes)}</dd>
              </div>
              <div>
                <dt>{t('delivery.archive.lastSnapshot')}</dt>
                <dd>{status.lastSnapshotAt ? f.dateTime(status.lastSnapshotAt) : t('delivery.archive.noneYet')}</dd>
              </div>
            </dl>
          ) : null}
          {status?.lastError ? <p className="delivery-last-error">{t('delivery.archive.lastFailure', { error: status.lastError })}</p> : null}
          <div className="delivery-targets__actions">
            <button type="button" className="button button--secondary" onClick={() => void runNow()} disabled={action.pending}>
              {t(action.pending ? 'delivery.archive.backingUp' : 'delivery.archive.backUp')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
              {t('delivery.archive.change')}
            </button>
          </div>
        </>
      ) : settings === null && !editing ? (
        <button type="button" className="button button--primary" onClick={() => setEditing(true)}>
          {t('delivery.archive.setUp')}
        </button>
      ) : null}
      {editing ? (
        <ArchiveForm
          current={settings ?? null}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void settingsQuery.reload();
            void statusPoll.refresh();
          }}
        />
      ) : null}
    </section>
  );
}
