// Time-bound grants: a named staff member may open one restricted patient (by MRN) or every patient
// from a first day to a last day. Administrators create and revoke; the privacy officer reviews.
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { AccessGrant, StaffAccess } from '../../../../shared/channels/access';
import { ROLE_LABELS } from '../../../../shared/permissions';
import type { BridgeError } from '../../../../shared/result';
import { fieldErrors, messageFor } from '../../app/errors';
import { formatDateTime, todayIso } from '../../app/format';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { endOfLocalDay, startOfLocalDay } from './dates';

type Staff = z.infer<typeof StaffAccess>;

export function GrantsSection({ canEdit }: { readonly canEdit: boolean }) {
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
    if (!userId || !until) return setIncomplete({ code: 'VALIDATION_FAILED', message: 'Choose a staff member and a last day.' });
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
    setDone(`Access granted to ${result.value.userName} until the end of ${until}.`);
    await grantsQuery.reload();
  }

  async function revoke(grant: AccessGrant) {
    setIncomplete(null);
    const result = await action.run((api) => api.access.revokeGrant({ grantId: grant.id }));
    if (!result?.ok) return;
    setDone(`The grant to ${grant.userName} was revoked.`);
    await grantsQuery.reload();
  }

  const fields = fieldErrors(error);
  return (
    <section className="access-section" aria-labelledby="grants-heading">
      <h2 id="grants-heading">Time-limited grants</h2>
      <p className="muted">For a locum, or a colleague covering a restricted patient’s care. A grant never widens what the person’s role allows.</p>
      {canEdit ? (
        <form className="access-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Grant access">
          <Field label="Staff member">
            {(props) => (
              <select {...props} value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">Choose…</option>
                {staff.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName} ({ROLE_LABELS[u.role]})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="access-form__scope">
            <legend>Patients</legend>
            <label>
              <input type="radio" name="grant-scope" checked={scope === 'patient'} onChange={() => setScope('patient')} /> One restricted patient
            </label>
            <label>
              <input type="radio" name="grant-scope" checked={scope === 'all'} onChange={() => setScope('all')} /> Every patient, restricted ones included
            </label>
          </fieldset>
          {scope === 'patient' ? (
            <Field label="Patient MRN" error={sentence('MRN', fields.mrn)}>
              {(props) => <input {...props} value={mrn} onChange={(e) => setMrn(e.target.value)} autoComplete="off" spellCheck={false} />}
            </Field>
          ) : null}
          <Field label="First day" error={sentence('First day', fields.startsAt)}>
            {(props) => <input {...props} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="Last day" error={sentence('Last day', fields.expiresAt)}>
            {(props) => <input {...props} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />}
          </Field>
          <Field label="Reason for grant" error={sentence('Reason', fields.reason)}>
            {(props) => <input {...props} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Grant access
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage>{error && (!error.fields || !canEdit) ? messageFor(error) : null}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
      {grants.length === 0 ? (
        <p className="muted">No current or upcoming grants.</p>
      ) : (
        <table className="table" aria-label="Grants">
          <thead>
            <tr>
              <th scope="col">Staff member</th>
              <th scope="col">Patients</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Reason</th>
              <th scope="col">Granted by</th>
              {canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.userName}</th>
                <td>{g.patient ? `${g.patient.name} (${g.patient.mrn})` : 'Every patient'}</td>
                <td>{formatDateTime(g.startsAt)}</td>
                <td>{formatDateTime(g.expiresAt)}</td>
                <td>{g.reason}</td>
                <td>{g.grantedBy}</td>
                {canEdit ? (
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => void revoke(g)} aria-label={`Revoke grant to ${g.userName}`}>
                      Revoke
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
