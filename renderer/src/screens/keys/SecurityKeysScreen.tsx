// An administrator's "Security keys" screen: the state of the vault's key slots, a new recovery
// code, the optional device key, and key rotation. Every action asks for the administrator's own
// password again; a new recovery code is shown once and dropped when they confirm.
import { useState, type FormEvent } from 'react';
import type { KeyStatus } from '../../../../shared/channels/keys';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { Field } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery } from '../../data/hooks';
import { RecoveryCodeNotice } from './RecoveryCodeNotice';

type Action = 'rotate' | 'regenerate' | 'enableDevice' | 'disableDevice';

const ACTION_LABELS: Record<Action, string> = {
  rotate: 'Rotate keys',
  regenerate: 'Issue a new recovery code',
  enableDevice: 'Turn on the device key',
  disableDevice: 'Turn off the device key',
};

export function SecurityKeysScreen() {
  const statusQuery = useQuery('keys.status', (api) => api.keys.status({}));
  const status: KeyStatus | null = statusQuery.data ?? null;
  const setStatus = statusQuery.set;
  const [error, setError] = useState<BridgeError | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [newCode, setNewCode] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = statusQuery.reload;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!action) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    const done = async () => {
      setAction(null);
      setPassword('');
      await load();
    };
    if (action === 'rotate') {
      const result = await call((api) => api.keys.rotate({ password }));
      if (result.ok) {
        setNewCode(result.value.recoveryCode);
        setNotice(
          `Keys rotated to version ${result.value.keyVersion}; ${result.value.blobsRewrapped} file keys rewrapped.` +
            (result.value.pendingSlots > 0 ? ` ${result.value.pendingSlots} staff member(s) move to the new key at their next sign-in.` : ''),
        );
        await done();
      } else setError(result.error);
    } else if (action === 'regenerate') {
      const result = await call((api) => api.keys.regenerateRecoveryCode({ password }));
      if (result.ok) {
        setNewCode(result.value.recoveryCode);
        await done();
      } else setError(result.error);
    } else {
      const result = await call((api) => (action === 'enableDevice' ? api.keys.enableDeviceKey({ password }) : api.keys.disableDeviceKey({ password })));
      if (result.ok) {
        setStatus(result.value);
        setNotice(action === 'enableDevice' ? 'The device key is on.' : 'The device key is off.');
        await done();
      } else setError(result.error);
    }
    setBusy(false);
  }

  if (newCode) {
    return (
      <main className="page keys-screen" aria-labelledby="keys-title">
        <h1 id="keys-title">Security keys</h1>
        {notice ? <InfoMessage>{notice}</InfoMessage> : null}
        <RecoveryCodeNotice code={newCode} onDone={() => setNewCode(null)} doneLabel="Done" />
      </main>
    );
  }

  return (
    <main className="page keys-screen" aria-labelledby="keys-title">
      <h1 id="keys-title">Security keys</h1>
      <p className="muted">
        Everything on this workstation is encrypted under one master key. Each person&apos;s password, the recovery code and the optional device key
        each unlock it.
      </p>
      {notice ? <InfoMessage>{notice}</InfoMessage> : null}
      <ErrorMessage>{error && !action ? messageFor(error) : statusQuery.error ? messageFor(statusQuery.error) : null}</ErrorMessage>
      {status ? (
        <dl className="keys-screen__facts">
          <dt>Key version</dt>
          <dd>
            {status.keyVersion}
            {status.rotationUnfinished ? ' (a rotation is unfinished; it completes at the next sign-in)' : ''}
          </dd>
          <dt>Staff passwords</dt>
          <dd>
            {status.passwordSlots}
            {status.passwordSlotsOnOlderKey > 0 ? `, of which ${status.passwordSlotsOnOlderKey} still on the previous key until they sign in` : ''}
          </dd>
          <dt>Recovery code</dt>
          <dd>{status.recovery.present ? (status.recovery.onOlderKey ? 'Set, on the previous key: issue a new one' : 'Set') : 'None: issue one'}</dd>
          <dt>Device key</dt>
          <dd>
            {status.device.enabled ? `On (${status.device.backend ?? ''})${status.device.onOlderKey ? ', on the previous key: turn it off and on again' : ''}` : 'Off'}
            {!status.device.availableBackend ? ' — no operating-system key store is available here' : ''}
          </dd>
        </dl>
      ) : null}
      {status?.olderKeysStillOpen ? (
        <p className="keys-screen__warning">
          A previous master key can still open this workstation through a staff member who has not signed in since the last rotation. Remove
          departed staff, then rotate again.
        </p>
      ) : null}
      <div className="form-actions keys-screen__actions">
        {/* Turning the device key on is offered only where an OS key store exists; turning it off, always. */}
        {(['rotate', 'regenerate', ...(status?.device.enabled ? (['disableDevice'] as const) : status?.device.availableBackend ? (['enableDevice'] as const) : [])] as const).map((a) => (
          <button key={a} type="button" className="button button--secondary" onClick={() => (setAction(a), setError(null), setPassword(''))} disabled={busy}>
            {ACTION_LABELS[a]}
          </button>
        ))}
      </div>
      <p className="muted">
        The device key lets this workstation open its data by itself for background work (delivery, audit forwarding) while nobody is signed in.
        Rotating keys replaces the master key, re-encrypts the database and rewraps every photo key; other staff keep signing in as before.
      </p>
      {action ? (
        <form className="keys-screen__confirm" onSubmit={submit} aria-busy={busy} aria-label={ACTION_LABELS[action]}>
          <h2>{ACTION_LABELS[action]}</h2>
          <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
          <Field label="Your password" hint="Confirm it is you before changing the keys.">
            {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy || password === ''}>
              {busy ? 'Working…' : 'Confirm'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setAction(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </main>
  );
}
