// Adding a staff member: username, full name, role and an initial password they change at first
// sign-in. The policy is explained as the administrator types; the core enforces it.
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { passwordProblem } from '../../../../shared/password-policy';
import { ROLES, type Role } from '../../../../shared/permissions';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import { Dialog } from '../../components/Dialog';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';

type Staff = ResponseOf<'users', 'create'>;

export function CreateUserDialog({ onClose, onCreated }: { readonly onClose: () => void; readonly onCreated: (user: Staff) => void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('clinician');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = { ...(error ? fieldErrors(error) : {}), ...local };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const weak = passwordProblem(password, username.trim().toLowerCase());
    setLocal(weak ? { initialPassword: weak } : {});
    setError(null);
    if (weak) return;
    setBusy(true);
    const r = await call((api) => api.users.create({ username, displayName, role, initialPassword: password }));
    setBusy(false);
    if (r.ok) return onCreated(r.value);
    setError(r.error);
  }

  return (
    <Dialog title={t('staff.add')} onClose={onClose} className="dialog--form">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
        <Field label={t('staff.create.username')} error={sentence(t('staff.create.username'), fields.username)}>
          {(p) => <input {...p} autoCapitalize="none" spellCheck={false} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />}
        </Field>
        <Field label={t('staff.create.fullName')} error={sentence(t('staff.create.fullName'), fields.displayName)}>
          {(p) => <input {...p} autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label={t('staff.create.role')} error={sentence(t('staff.create.role'), fields.role)}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`app.role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('staff.create.initialPassword')} hint={t('staff.create.hint')} error={sentence(t('staff.create.initialPassword'), fields.initialPassword)}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('staff.create.adding') : t('staff.add')}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
