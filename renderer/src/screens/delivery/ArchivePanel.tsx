// The off-site archive on the Delivery screen: where it goes, what the capability probe found,
// its status (files pending and verified, bytes, last snapshot, the newest failure with the
// server's reason), "Back up now", and the settings form.
import { useState } from 'react';
import type { ArchiveStatus } from '../../../../shared/channels/archive';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { usePoll, useQuery, useSubmit } from '../../data/hooks';
import { ArchiveForm } from './ArchiveForm';

const POLL_MS = 5000;

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export function ArchivePanel() {
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
    if (result?.ok) setNotice(`Archive verified: snapshot ${result.value.snapshotId} with ${result.value.objects} objects.`);
    void statusPoll.refresh();
  }

  return (
    <section className="panel" aria-labelledby="archive-title">
      <h2 id="archive-title">Off-site archive</h2>
      <p className="muted">An encrypted copy of this workstation in S3-compatible storage. Only ciphertext leaves; the bucket and the recovery code restore everything.</p>
      <InfoMessage>{notice}</InfoMessage>
      <CallError error={action.error ?? settingsQuery.error} />
      {settings ? (
        <>
          <p>
            <span className="mono">{settings.endpoint}</span> · bucket <strong>{settings.bucket}</strong>
            {settings.prefix ? ` under ${settings.prefix}` : ''} · {settings.pathStyle ? 'path-style' : 'virtual-host'} · {settings.worm ? 'immutable (WORM)' : 'not immutable'}
          </p>
          {settings.probe ? (
            <ul className="delivery-waiting" aria-label="What the bucket check found">
              {settings.probe.messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
          {status ? (
            <dl className="delivery-counts" aria-label="Archive status">
              <div>
                <dt>Pending</dt>
                <dd>{status.pending}</dd>
              </div>
              <div>
                <dt>Verified</dt>
                <dd>{status.verified}</dd>
              </div>
              <div>
                <dt>Failed</dt>
                <dd>{status.failed}</dd>
              </div>
              <div>
                <dt>Archived</dt>
                <dd>{megabytes(status.bytes)}</dd>
              </div>
              <div>
                <dt>Last snapshot</dt>
                <dd>{status.lastSnapshotAt ? new Date(status.lastSnapshotAt).toLocaleString() : 'none yet'}</dd>
              </div>
            </dl>
          ) : null}
          {status?.lastError ? <p className="delivery-last-error">Last failure: {status.lastError}</p> : null}
          <div className="delivery-targets__actions">
            <button type="button" className="button button--secondary" onClick={() => void runNow()} disabled={action.pending}>
              {action.pending ? 'Backing up…' : 'Back up now'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
              Change archive settings
            </button>
          </div>
        </>
      ) : settings === null && !editing ? (
        <button type="button" className="button button--primary" onClick={() => setEditing(true)}>
          Set up the off-site archive
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
