// Shows a vault recovery code once (after setup, regeneration or rotation) and asks the
// administrator to confirm they stored it before going on. The code lives only in the caller's
// local state and is dropped when they continue.
import { useId, useState } from 'react';
import { useT } from '../../i18n';
import { RecoveryCodeValue } from '../setup/RecoveryCodeValue';

export function RecoveryCodeNotice({ code, onDone, doneLabel }: { code: string; onDone: () => void; doneLabel?: string }) {
  const t = useT();
  const [stored, setStored] = useState(false);
  const titleId = useId();
  const checkId = useId();
  return (
    <section className="recovery-code" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('keys.recovery.title')}</h2>
      <p>{t('keys.recovery.lead')}</p>
      <RecoveryCodeValue code={code} />
      <p className="muted">{t('keys.recovery.warning')}</p>
      <div className="recovery-code__confirm">
        <input id={checkId} type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
        <label htmlFor={checkId}>{t('keys.recovery.stored')}</label>
      </div>
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={!stored} onClick={onDone}>
          {doneLabel ?? t('keys.recovery.continue')}
        </button>
      </div>
    </section>
  );
}
