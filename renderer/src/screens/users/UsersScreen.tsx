// Staff administration for administrators: who can sign in, with which role, and when they last
// did; new accounts get an initial password to change at first sign-in; a forgotten password is
// reset to a new initial one; disabling ends sessions and removes the key slot.
import { useState } from 'react';
import type { ClinicApi } from '../../../../shared/bridge';
import type { ResponseOf } from '../../../../shared/contract';
import { ROLES, type Role } from '../../../../shared/permissions';
import type { Result } from '../../../../shared/result';
import { useAppStore } from '../../app/store';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { useFormat, useT } from '../../i18n';
import { CreateUserDialog } from './CreateUserDialog';
import { EditStaffDialog } from './EditStaffDialog';
import { EnableUserDialog } from './EnableUserDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { SecuritySettingsPanel } from './SecuritySettingsPanel';

type Staff = ResponseOf<'users', 'list'>[number];
type Open = { kind: 'enable' | 'reset' | 'edit'; user: Staff } | null;

export function UsersScreen() {
  const t = useT();
  const f = useFormat();
  const me = useAppStore((s) => s.session?.user.id);
  const list = useQuery('users.list', (api) => api.users.list({}));
  const staff = list.data ?? null;
  const action = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const role = (r: Role) => t(`app.role.${r}`);

  async function act(run: (api: ClinicApi) => Promise<Result<unknown>>, done: string) {
    setNotice(null);
    const r = await action.run(run);
    if (!r?.ok) return;
    setNotice(done);
    await list.reload();
  }

  function finished(message: string) {
    setNotice(message);
    setOpen(null);
    void list.reload();
  }

  return (
    <main className="page" aria-labelledby="users-title">
      <div className="page__head">
        <h1 id="users-title">{t('staff.title')}</h1>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
          {t('staff.add')}
        </button>
      </div>
      <CallError error={action.error ?? list.error} />
      <InfoMessage>{notice}</InfoMessage>
      {staff ? (
        <table className="table table--staff" aria-label={t('staff.title')}>
          <thead>
            <tr>
              <th scope="col">{t('staff.col.name')}</th>
              <th scope="col">{t('staff.col.username')}</th>
              <th scope="col">{t('staff.col.role')}</th>
              <th scope="col">{t('staff.col.status')}</th>
              <th scope="col">{t('staff.col.twoStep')}</th>
              <th scope="col">{t('staff.col.lastSignIn')}</th>
              <th scope="col">{t('staff.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.displayName}</th>
                <td className="mono">{u.username}</td>
                <td>
                  <select
                    aria-label={t('staff.roleOf', { username: u.username })}
                    value={u.role}
                    disabled={Boolean(u.disabledAt)}
                    onChange={(e) => void act((api) => api.users.update({ userId: u.id, role: e.target.value as Role }), t('staff.notice.role', { username: u.username, role: role(e.target.value as Role) }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {role(r)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.disabledAt ? t('staff.status.disabled') : u.mustChangePassword ? t('staff.status.mustChange') : t('staff.status.active')}</td>
                <td>{u.secondFactor ? t('staff.twoStep.on') : t('staff.twoStep.off')}</td>
                <td>{u.lastSignInAt ? f.dateTime(u.lastSignInAt) : t('staff.never')}</td>
                <td className="table__actions">
                  <button type="button" className="button button--ghost" aria-label={t('staff.editLabel', { username: u.username })} onClick={() => setOpen({ kind: 'edit', user: u })}>
                    {t('staff.edit')}
                  </button>
                  {u.disabledAt ? (
                    <button type="button" className="button button--secondary" onClick={() => setOpen({ kind: 'enable', user: u })} aria-label={t('staff.reenableLabel', { username: u.username })}>
                      {t('staff.reenable')}
                    </button>
                  ) : u.id !== me ? (
                    <>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={t('staff.resetPasswordLabel', { username: u.username })}
                        onClick={() => setOpen({ kind: 'reset', user: u })}
                      >
                        {t('staff.resetPassword')}
                      </button>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={t('staff.disableLabel', { username: u.username })}
                        onClick={() => void act((api) => api.users.disable({ userId: u.id }), t('staff.notice.disabled', { username: u.username }))}
                      >
                        {t('staff.disable')}
                      </button>
                    </>
                  ) : null}
                  {u.secondFactor ? (
                    <button
                      type="button"
                      className="button button--ghost"
                      aria-label={t('staff.resetTwoStepLabel', { username: u.username })}
                      onClick={() => void act((api) => api.users.resetSecondFactor({ userId: u.id }), t('staff.notice.twoStepReset', { username: u.username }))}
                    >
                      {t('staff.resetTwoStep')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('staff.loading')}</p>
      )}
      <SecuritySettingsPanel />
      {creating ? (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setNotice(t('staff.notice.created', { username: u.username }));
            void list.reload();
          }}
        />
      ) : null}
      {open?.kind === 'enable' ? <EnableUserDialog user={open.user} onClose={() => setOpen(null)} onEnabled={() => finished(t('staff.notice.enabled', { username: open.user.username }))} /> : null}
      {open?.kind === 'reset' ? <ResetPasswordDialog user={open.user} onClose={() => setOpen(null)} onReset={() => finished(t('staff.notice.passwordReset', { username: open.user.username }))} /> : null}
      {open?.kind === 'edit' ? <EditStaffDialog user={open.user} onClose={() => setOpen(null)} onSaved={() => finished(t('staff.notice.edited', { username: open.user.username }))} /> : null}
    </main>
  );
}
