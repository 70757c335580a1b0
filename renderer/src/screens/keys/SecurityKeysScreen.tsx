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
import { useFormat, useT } from '../../i18n';
import { RecoveryCodeNotice } from './RecoveryCodeNotice';

type Action = 'rotate' | 'regenerate' | 'enableDevice' | 'disableDevice';

export function SecurityKeysScreen() {
  const t = useT();
  const f = useFormat();
  const actionLabel = (a: Action): string => t(`keys.action.${a}`);
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
        const rotated = t('keys.rotated', { version: result.value.keyVersion, count: result.value.blobsRewrapped });
        setNotice(result.value.pendingSlots > 0 ? `${rotated} ${t('keys.rotatedPending', { count: result.value.pendingSlots })}` : rotated);
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
        setNotice(t(action === 'enableDevice' ? 'keys.deviceOn' : 'keys.deviceOff'));
        await done();
      } else setError(result.error);
    }
    setBusy(false);
  }

  if (newCode) {
    return (
      <main className="page keys-screen" aria-labelledby="keys-title">
        <h1 id="keys-title">{t('keys.title')}</h1>
        {notice ? <InfoMessage>{notice}</InfoMessage> : null}
        <RecoveryCodeNotice code={newCode} onDone={() => setNewCode(null)} doneLabel={t('keys.done')} />
      </main>
    );
  }

  return (
    <main className="page keys-screen" aria-labelledby="keys-title">
      <h1 id="keys-title">{t('keys.title')}</h1>
      <p className="muted">{t('keys.lead')}</p>
      {notice ? <InfoMessage>{notice}</InfoMessage> : null}
      <ErrorMessage>{error && !action ? messageFor(error) : statusQuery.error ? messageFor(statusQuery.error) : null}</ErrorMessage>
      {status ? (
        <dl className="keys-screen__facts">
          <dt>{t('keys.version')}</dt>
          <dd>{status.rotationUnfinished ? t('keys.versionUnfinished', { version: status.keyVersion }) : f.number(status.keyVersion)}</dd>
          <dt>{t('keys.passwords')}</dt>
          <dd>
            {status.passwordSlotsOnOlderKey > 0
              ? t('keys.passwordsOlder', { count: status.passwordSlots, older: status.passwordSlotsOnOlderKey })
              : f.number(status.passwordSlots)}
          </dd>
          <dt>{t('keys.recovery.code')}</dt>
          <dd>{t(status.recovery.present ? (status.recovery.onOlderKey ? 'keys.recoveryOlder' : 'keys.recoverySet') : 'keys.recoveryNone')}</dd>
          <dt>{t('keys.device')}</dt>
          <dd>
            {status.device.enabled
              ? t(status.device.onOlderKey ? 'keys.deviceEnabledOlder' : 'keys.deviceEnabled', { backend: status.device.backend ?? '' })
              : t('keys.deviceDisabled')}
            {!status.device.availableBackend ? ` — ${t('keys.noKeystore')}` : ''}
          </dd>
        </dl>
      ) : null}
      {status?.olderKeysStillOpen ? (
        <p className="keys-screen__warning">{t('keys.olderOpen')}</p>
      ) : null}
      <div className="form-actions keys-screen__actions">
        {/* Turning the device key on is offered only where an OS key store exists; turning it off, always. */}
        {(['rotate', 'regenerate', ...(status?.device.enabled ? (['disableDevice'] as const) : status?.device.availableBackend ? (['enableDevice'] as const) : [])] as const).map((a) => (
          <button key={a} type="button" className="button button--secondary" onClick={() => (setAction(a), setError(null), setPassword(''))} disabled={busy}>
            {actionLabel(a)}
          </button>
        ))}
      </div>
      <p className="muted">{t('keys.explain')}</p>
      {action ? (
        <form className="keys-screen__confirm" onSubmit={submit} aria-busy={busy} aria-label={actionLabel(action)}>
          <h2>{actionLabel(action)}</h2>
          <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
          <Field label={t('keys.password')} hint={t('keys.passwordHint')}>
            {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy || password === ''}>
              {t(busy ? 'keys.working' : 'keys.confirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setAction(null)} disabled={busy}>
              {t('keys.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </main>
  );
}
