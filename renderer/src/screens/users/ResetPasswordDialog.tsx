// Resetting a forgotten password: a new initial password the staff member must change at their
// next sign-in; their open sessions end (docs/access-control.md).
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { passwordProblem } from '../../../../shared/password-policy';
import { fieldErrors, messageFor } from '../../app/errors';
import { Dialog } from '../../components/Dialog';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';

type Staff = ResponseOf<'users', 'list'>[number];

export function ResetPasswordDialog({ user, onClose, onReset }: { readonly user: Staff; readonly onClose: () => void; readonly onReset: () => void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const submit = useSubmit();
  const fields = fieldErrors(submit.error);

  async function reset(event: FormEvent) {
    event.preventDefault();
    const weak = passwordProblem(password, user.username) ?? undefined;
    setLocal(weak);
    if (weak) return;
    const r = await submit.run((api) => api.users.resetPassword({ userId: user.id, initialPassword: password }));
    if (r?.ok) onReset();
  }

  const label = t('staff.reset.password');
  return (
    <Dialog title={t('staff.reset.title', { username: user.username })} onClose={onClose} className="dialog--form">
      <form onSubmit={reset} noValidate aria-busy={submit.pending}>
        <p>{t('staff.reset.intro')}</p>
        <ErrorMessage>{submit.error && Object.keys(fields).length === 0 ? messageFor(submit.error) : null}</ErrorMessage>
        <Field label={label} hint={t('staff.reset.hint')} error={sentence(label, local ?? fields.initialPassword)}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}
        </Field>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={submit.pending}>
            {t('staff.reset.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
