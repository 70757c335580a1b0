// Staff administration for administrators: who can sign in, with which role; new accounts get an
// initial password to change at first sign-in; disabling ends sessions and removes the key slot.
import { useState } from 'react';
import type { ClinicApi } from '../../../../shared/bridge';
import type { ResponseOf } from '../../../../shared/contract';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/permissions';
import type { Result } from '../../../../shared/result';
import { useAppStore } from '../../app/store';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { CreateUserDialog } from './CreateUserDialog';
import { EnableUserDialog } from './EnableUserDialog';
import { SecuritySettingsPanel } from './SecuritySettingsPanel';

type Staff = ResponseOf<'users', 'list'>[number];

export function UsersScreen() {
  const me = useAppStore((s) => s.session?.user.id);
  const list = useQuery('users.list', (api) => api.users.list({}));
  const staff = list.data ?? null;
  const action = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [enabling, setEnabling] = useState<Staff | null>(null);

  async function act(run: (api: ClinicApi) => Promise<Result<unknown>>, done: string) {
    setNotice(null);
    const r = await action.run(run);
    if (!r?.ok) return;
    setNotice(done);
    await list.reload();
  }

  return (
    <main className="page" aria-labelledby="users-title">
      <div className="page__head">
        <h1 id="users-title">Staff</h1>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
          Add staff member
        </button>
      </div>
      <CallError error={action.error ?? list.error} />
      <InfoMessage>{notice}</InfoMessage>
      {staff ? (
        <table className="table table--staff" aria-label="Staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Two-step</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.displayName}</th>
                <td className="mono">{u.username}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.username}`}
                    value={u.role}
                    disabled={Boolean(u.disabledAt)}
                    onChange={(e) => void act((api) => api.users.update({ userId: u.id, role: e.target.value as Role }), `${u.username} is now ${ROLE_LABELS[e.target.value as Role]}.`)}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.disabledAt ? 'Disabled' : u.mustChangePassword ? 'Must change password' : 'Active'}</td>
                <td>{u.secondFactor ? 'On' : 'Off'}</td>
                <td className="table__actions">
                  {u.disabledAt ? (
                    <button type="button" className="button button--secondary" onClick={() => setEnabling(u)} aria-label={`Re-enable ${u.username}`}>
                      Re-enable
                    </button>
                  ) : u.id !== me ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={`Disable ${u.username}`}
                      onClick={() => void act((api) => api.users.disable({ userId: u.id }), `${u.username} is disabled and signed out.`)}
                    >
                      Disable
                    </button>
                  ) : null}
                  {u.secondFactor ? (
                    <button
                      type="button"
                      className="button button--ghost"
                      aria-label={`Reset two-step verification of ${u.username}`}
                      onClick={() => void act((api) => api.users.resetSecondFactor({ userId: u.id }), `Two-step verification of ${u.username} was reset.`)}
                    >
                      Reset two-step
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <SecuritySettingsPanel />
      {creating ? (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setNotice(`${u.username} was added. Give them the initial password; they will choose their own at first sign-in.`);
            void list.reload();
          }}
        />
      ) : null}
      {enabling ? (
        <EnableUserDialog
          user={enabling}
          onClose={() => setEnabling(null)}
          onEnabled={() => {
            setNotice(`${enabling.username} is active again with a new initial password.`);
            setEnabling(null);
            void list.reload();
          }}
        />
      ) : null}
    </main>
  );
}
