// Staff administration for administrators: who can sign in, with which role; new accounts get an
// initial password to change at first sign-in; disabling ends sessions and removes the key slot.
import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/permissions';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { useAppStore } from '../../app/store';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { CreateUserDialog } from './CreateUserDialog';
import { EnableUserDialog } from './EnableUserDialog';
import { SecuritySettingsPanel } from './SecuritySettingsPanel';

type Staff = ResponseOf<'users', 'list'>[number];

export function UsersScreen() {
  const me = useAppStore((s) => s.session?.user.id);
  const [staff, setStaff] = useState<Staff[] | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [enabling, setEnabling] = useState<Staff | null>(null);

  const load = useCallback(async () => {
    const r = await call((api) => api.users.list({}));
    if (r.ok) setStaff(r.value);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(run: () => Promise<{ ok: boolean; error?: BridgeError }>, done: string) {
    setError(null);
    setNotice(null);
    const r = await run();
    if (!r.ok && r.error) return setError(r.error);
    setNotice(done);
    await load();
  }

  return (
    <main className="page" aria-labelledby="users-title">
      <div className="page__head">
        <h1 id="users-title">Staff</h1>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
          Add staff member
        </button>
      </div>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
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
                    onChange={(e) => void act(() => call((api) => api.users.update({ userId: u.id, role: e.target.value as Role })), `${u.username} is now ${ROLE_LABELS[e.target.value as Role]}.`)}
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
                      onClick={() => void act(() => call((api) => api.users.disable({ userId: u.id })), `${u.username} is disabled and signed out.`)}
                    >
                      Disable
                    </button>
                  ) : null}
                  {u.secondFactor ? (
                    <button
                      type="button"
                      className="button button--ghost"
                      aria-label={`Reset two-step verification of ${u.username}`}
                      onClick={() => void act(() => call((api) => api.users.resetSecondFactor({ userId: u.id })), `Two-step verification of ${u.username} was reset.`)}
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
            void load();
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
            void load();
          }}
        />
      ) : null}
    </main>
  );
}
