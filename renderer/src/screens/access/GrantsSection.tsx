// Time-bound grants: a named staff member may open one restricted patient (by MRN) or every patient
// from a first day to a last day. Administrators create and revoke; the privacy officer reviews.
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { AccessGrant, StaffAccess } from '../../../../shared/channels/access';
import type { BridgeError } from '../../../../shared/result';
import { fieldErrors, messageFor } from '../../app/errors';
import { todayIso } from '../../app/format';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { useFormat, useT } from '../../i18n';
import { endOfLocalDay, startOfLocalDay } from './dates';
import { roleLabel } from './labels';
import { DateInput } from '../../components/DateInput';

type Staff = z.infer<typeof StaffAccess>;

export function GrantsSection({ canEdit }: { readonly canEdit: boolean }) {
  const t = useT();
  const f = useFormat();
  const grantsQuery = useQuery('access.listGrants', (api) => api.access.listGrants({}));
  const staffQuery = useQuery('access.listStaff', (api) => api.access.listStaff({}));
  const grants: readonly AccessGrant[] = grantsQuery.data ?? [];
  const staff: readonly Staff[] = (staffQuery.data ?? []).filter((u) => !u.disabled);
  const action = useSubmit();
  const [userId, setUserId] = useState('');
  const [scope, setScope] = useState<'all' | 'patient'>('patient');
  const [mrn, setMrn] = useState('');
  const [from, setFrom] = useState(todayIso());
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  // The form's own check (a staff member and a last day chosen) before anything is sent.
  const [incomplete, setIncomplete] = useState<BridgeError | null>(null);
  const error = incomplete ?? action.error ?? grantsQuery.error;
  const [done, setDone] = useState<string | null>(null);


  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    if (!userId || !until) return setIncomplete({ code: 'VALIDATION_FAILED', message: t('access.grants.incomplete') });
    setIncomplete(null);
    const result = await action.run((api) =>
      api.access.createGrant({
        userId,
        mrn: scope === 'all' ? null : mrn.trim(),
        startsAt: startOfLocalDay(from),
        expiresAt: endOfLocalDay(until),
        reason: reason.trim(),
      }),
    );
    if (!result?.ok) return;
    setReason('');
    setMrn('');
    setDone(t('access.grants.granted', { name: result.value.userName, day: f.date(until) }));
    await grantsQuery.reload();
  }

  async function revoke(grant: AccessGrant) {
    setIncomplete(null);
    const result = await action.run((api) => api.access.revokeGrant({ grantId: grant.id }));
    if (!result?.ok) return;
    setDone(t('access.grants.revoked', { name: grant.userName }));
    await grantsQuery.reload();
  }

  const fields = fieldErrors(error);
  return (
    <section className="access-section" aria-labelledby="grants-heading">
      <h2 id="grants-heading">{t('access.grants.title')}</h2>
      <p className="muted">{t('access.grants.lead')}</p>
      {canEdit ? (
        <form className="access-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('access.grants.form')}>
          <Field label={t('access.grants.staff')}>
            {(props) => (
              <select {...props} value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">{t('access.choose')}</option>
                {staff.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName} ({roleLabel(t, u.role)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="access-form__scope">
            <legend>{t('access.grants.patients')}</legend>
            <label>
              <input type="radio" name="grant-scope" checked={scope === 'patient'} onChange={() => setScope('patient')} /> {t('access.grants.onePatient')}
            </label>
            <label>
              <input type="radio" name="grant-scope" checked={scope === 'all'} onChange={() => setScope('all')} /> {t('access.grants.allPatients')}
            </label>
          </fieldset>
          {scope === 'patient' ? (
            <Field label={t('access.patientMrn')} error={sentence(t('access.mrn'), fields.mrn)}>
              {(props) => <input {...props} value={mrn} onChange={(e) => setMrn(e.target.value)} autoComplete="off" spellCheck={false} />}
            </Field>
          ) : null}
          <Field label={t('access.grants.firstDay')} error={sentence(t('access.grants.firstDay'), fields.startsAt)}>
            {(props) => <DateInput {...props} value={from} onValue={setFrom} />}
          </Field>
          <Field label={t('access.grants.lastDay')} error={sentence(t('access.grants.lastDay'), fields.expiresAt)}>
            {(props) => <DateInput {...props} value={until} onValue={setUntil} />}
          </Field>
          <Field label={t('access.grants.reason')} error={sentence(t('access.reason'), fields.reason)}>
            {(props) => <input {...props} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              {t('access.grants.grant')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage>{error && (!error.fields || !canEdit) ? messageFor(error) : null}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
      {grants.length === 0 ? (
        <p className="muted">{t('access.grants.none')}</p>
      ) : (
        <table className="table" aria-label={t('access.grants.table')}>
          <thead>
            <tr>
              <th scope="col">{t('access.grants.staff')}</th>
              <th scope="col">{t('access.grants.patients')}</th>
              <th scope="col">{t('access.grants.col.from')}</th>
              <th scope="col">{t('access.grants.col.until')}</th>
              <th scope="col">{t('access.reason')}</th>
              <th scope="col">{t('access.grants.col.grantedBy')}</th>
              {canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">{t('access.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.userName}</th>
                <td>{g.patient ? `${g.patient.name} (${g.patient.mrn})` : t('access.everyPatient')}</td>
                <td>{f.dateTime(g.startsAt)}</td>
                <td>{f.dateTime(g.expiresAt)}</td>
                <td>{g.reason}</td>
                <td>{g.grantedBy}</td>
                {canEdit ? (
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => void revoke(g)} aria-label={t('access.grants.revokeFor', { name: g.userName })}>
                      {t('access.grants.revoke')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
