// Shows a vault recovery code once (after setup, regeneration or rotation) and asks the
// administrator to confirm they stored it before going on. The code lives only in the caller's
// local state and is dropped when they continue.
import { useId, useState } from 'react';
import { RecoveryCodeValue } from '../setup/RecoveryCodeValue';

export function RecoveryCodeNotice({ code, onDone, doneLabel = 'Continue' }: { code: string; onDone: () => void; doneLabel?: string }) {
  const [stored, setStored] = useState(false);
  const titleId = useId();
  const checkId = useId();
  return (
    <section className="recovery-code" aria-labelledby={titleId}>
      <h2 id={titleId}>Vault recovery code</h2>
      <p>
        Write this code down and keep it somewhere safe, away from this workstation. If every administrator password is lost, it is the only way
        back to the photos and records. It is shown only this once.
      </p>
      <RecoveryCodeValue code={code} />
      <p className="muted">Anyone holding this code can set a new administrator password: store it like a master key.</p>
      <div className="recovery-code__confirm">
        <input id={checkId} type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
        <label htmlFor={checkId}>I have stored it safely</label>
      </div>
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={!stored} onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </section>
  );
}
