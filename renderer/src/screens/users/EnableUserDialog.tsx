// Re-enabling a disabled account: it needs a new initial password (the old key slot was removed).
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { passwordProblem } from '../../../../shared/password-policy';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import { Dialog } from '../../components/Dialog';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';

type Staff = ResponseOf<'users', 'list'>[number];

export function EnableUserDialog({ user, onClose, onEnabled }: { readonly user: Staff; readonly onClose: () => void; readonly onEnabled: () => void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [local, setLocal] = useState<string | undefined>();
  const fields = error ? fieldErrors(error) : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    const weak = passwordProblem(password, user.username) ?? undefined;
    setLocal(weak);
    setError(null);
    if (weak) return;
    const r = await call((api) => api.users.enable({ userId: user.id, initialPassword: password }));
    if (r.ok) return onEnabled();
    setError(r.error);
  }

  return (
    <Dialog title={t('staff.reenableLabel', { username: user.username })} onClose={onClose} className="dialog--form">
      <form onSubmit={submit} noValidate>
        <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
        <Field label={t('staff.reset.password')} hint={t('staff.create.hint')} error={sentence(t('staff.reset.password'), local ?? fields.initialPassword)}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t('staff.reenable')}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
