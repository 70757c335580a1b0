// Editing a staff member's display name and role. A role change signs them out: a session carries
// its role, so they sign in again to work under the new one.
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { ROLES, type Role } from '../../../../shared/permissions';
import { fieldErrors, messageFor } from '../../app/errors';
import { Dialog } from '../../components/Dialog';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';

type Staff = ResponseOf<'users', 'list'>[number];

export function EditStaffDialog({ user, onClose, onSaved }: { readonly user: Staff; readonly onClose: () => void; readonly onSaved: () => void }) {
  const t = useT();
  const [name, setName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const submit = useSubmit();
  const fields = fieldErrors(submit.error);

  async function save(event: FormEvent) {
    event.preventDefault();
    const change = { ...(name.trim() !== user.displayName ? { displayName: name } : {}), ...(role !== user.role ? { role } : {}) };
    if (Object.keys(change).length === 0) return onClose();
    const r = await submit.run((api) => api.users.update({ userId: user.id, ...change }));
    if (r?.ok) onSaved();
  }

  const nameLabel = t('staff.editDialog.name');
  return (
    <Dialog title={t('staff.editDialog.title', { username: user.username })} onClose={onClose} className="dialog--form">
      <form onSubmit={save} noValidate aria-busy={submit.pending}>
        <ErrorMessage>{submit.error && Object.keys(fields).length === 0 ? messageFor(submit.error) : null}</ErrorMessage>
        <Field label={nameLabel} error={sentence(nameLabel, fields.displayName)}>
          {(p) => <input {...p} name="displayName" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        <Field label={t('staff.editDialog.role')} hint={t('staff.editDialog.roleHint')}>
          {(p) => (
            <select {...p} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`app.role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={submit.pending}>
            {t('staff.editDialog.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
