// Account end dates: after its last day an account can no longer sign in or open patients (a
// locum's contract, a leaver's notice period). Administrators set them; the privacy officer sees them.
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { StaffAccess } from '../../../../shared/channels/access';
import { ROLE_LABELS } from '../../../../shared/permissions';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { messageFor } from '../../app/errors';
import { useAppStore } from '../../app/store';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { endOfLocalDay, lastLocalDay } from './dates';

type Staff = z.infer<typeof StaffAccess>;

export function StaffExpirySection({ canEdit }: { readonly canEdit: boolean }) {
  const me = useAppStore((s) => s.session?.user.id);
  const [staff, setStaff] = useState<readonly Staff[]>([]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState<BridgeError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await call((api) => api.access.listStaff({}));
    if (!result.ok) return setError(result.error);
    setStaff(result.value);
    setDrafts(Object.fromEntries(result.value.map((u) => [u.id, u.accessExpiresAt ? lastLocalDay(u.accessExpiresAt) : ''])));
  }, []);
  useEffect(() => void load(), [load]);

  async function save(user: Staff, day: string) {
    setDone(null);
    const result = await call((api) => api.access.setAccountExpiry({ userId: user.id, expiresAt: day ? endOfLocalDay(day) : null }));
    if (!result.ok) return setError(result.error);
    setError(null);
    setDone(day ? `${user.displayName} can work until the end of ${day}.` : `${user.displayName}’s account no longer has an end date.`);
    await load();
  }

  return (
    <section className="access-section" aria-labelledby="expiry-heading">
      <h2 id="expiry-heading">Account end dates</h2>
      <ErrorMessage>{error ? messageFor(error) : null}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
      <table className="table" aria-label="Account end dates">
        <thead>
          <tr>
            <th scope="col">Staff member</th>
            <th scope="col">Role</th>
            <th scope="col">Last day</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((u) => (
            <tr key={u.id}>
              <th scope="row">
                {u.displayName} <span className="muted">({u.username})</span>
                {u.disabled ? <span className="tag">Disabled</span> : null}
              </th>
              <td>{ROLE_LABELS[u.role]}</td>
              <td>
                {canEdit && u.id !== me ? (
                  <span className="access-expiry">
                    <input
                      type="date"
                      aria-label={`Last day for ${u.username}`}
                      value={drafts[u.id] ?? ''}
                      onChange={(e) => setDrafts((d) => ({ ...d, [u.id]: e.target.value }))}
                    />
                    <button type="button" className="button button--secondary" onClick={() => void save(u, drafts[u.id] ?? '')}>
                      Save
                    </button>
                    {u.accessExpiresAt ? (
                      <button type="button" className="button button--ghost" onClick={() => void save(u, '')}>
                        Clear
                      </button>
                    ) : null}
                  </span>
                ) : u.accessExpiresAt ? (
                  lastLocalDay(u.accessExpiresAt)
                ) : (
                  <span className="muted">No end date</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
