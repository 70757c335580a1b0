// Account end dates: after its last day an account can no longer sign in or open patients (a
// locum's contract, a leaver's notice period). Administrators set them; the privacy officer sees them.
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { StaffAccess } from '../../../../shared/channels/access';
import { useAppStore } from '../../app/store';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { useFormat, useT } from '../../i18n';
import { endOfLocalDay, lastLocalDay } from './dates';
import { roleLabel } from './labels';
import { DateInput } from '../../components/DateInput';

type Staff = z.infer<typeof StaffAccess>;

export function StaffExpirySection({ canEdit }: { readonly canEdit: boolean }) {
  const t = useT();
  const f = useFormat();
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
    setDone(day ? t('access.expiry.set', { name: user.displayName, day: f.date(day) }) : t('access.expiry.cleared', { name: user.displayName }));
    await list.reload();
  }

  return (
    <section className="access-section" aria-labelledby="expiry-heading">
      <h2 id="expiry-heading">{t('access.expiry.title')}</h2>
      <CallError error={saving.error ?? list.error} />
      <InfoMessage>{done}</InfoMessage>
      <table className="table" aria-label={t('access.expiry.title')}>
        <thead>
          <tr>
            <th scope="col">{t('access.grants.staff')}</th>
            <th scope="col">{t('access.expiry.role')}</th>
            <th scope="col">{t('access.grants.lastDay')}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((u) => (
            <tr key={u.id}>
              <th scope="row">
                {u.displayName} <span className="muted">({u.username})</span>
                {u.disabled ? <span className="tag">{t('access.expiry.disabled')}</span> : null}
              </th>
              <td>{roleLabel(t, u.role)}</td>
              <td>
                {canEdit && u.id !== me ? (
                  <span className="access-expiry">
                    <DateInput
                      aria-label={t('access.expiry.lastDayFor', { username: u.username })}
                      value={drafts[u.id] ?? ''}
                      onValue={(iso) => setDrafts((d) => ({ ...d, [u.id]: iso }))}
                    />
                    <button type="button" className="button button--secondary" onClick={() => void save(u, drafts[u.id] ?? '')}>
                      {t('access.expiry.save')}
                    </button>
                    {u.accessExpiresAt ? (
                      <button type="button" className="button button--ghost" onClick={() => void save(u, '')}>
                        {t('access.expiry.clear')}
                      </button>
                    ) : null}
                  </span>
                ) : u.accessExpiresAt ? (
                  f.date(lastLocalDay(u.accessExpiresAt))
                ) : (
                  <span className="muted">{t('access.expiry.none')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
