// Account end dates: after its last day an account can no longer sign in or open patients (a
// locum's contract, a leaver's notice period). Administrators set them; the privacy officer sees them.
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { StaffAccess } from '../../../../shared/channels/access';
import { ROLE_LABELS } from '../../../../shared/permissions';
import { useAppStore } from '../../app/store';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { endOfLocalDay, lastLocalDay } from './dates';

type Staff = z.infer<typeof StaffAccess>;

export function StaffExpirySection({ canEdit }: { readonly canEdit: boolean }) {
  const me = useAppStore((s) => s.session?.user.id);
  const list = useQuery('access.listStaff', (api) => api.access.listStaff({}));
  const staff: readonly Staff[] = list.data ?? [];
  const saving = useSubmit();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  // Each answer resets the drafts to what is stored.
  useEffect(() => {
    if (list.data) setDrafts(Object.fromEntries(list.data.map((u) => [u.id, u.accessExpiresAt ? lastLocalDay(u.accessExpiresAt) : ''])));
  }, [list.data]);

  async function save(user: Staff, day: string) {
    setDone(null);
    const result = await saving.run((api) => api.access.setAccountExpiry({ userId: user.id, expiresAt: day ? endOfLocalDay(day) : null }));
    if (!result?.ok) return;
    setDone(day ? `${user.displayName} can work until the end of ${day}.` : `${user.displayName}’s account no longer has an end date.`);
    await list.reload();
  }

  return (
    <section className="access-section" aria-labelledby="expiry-heading">
      <h2 id="expiry-heading">Account end dates</h2>
      <CallError error={saving.error ?? list.error} />
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
