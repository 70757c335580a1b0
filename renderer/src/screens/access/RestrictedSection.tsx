// Restricted patients: mark one by MRN with a category and reason, see the list, lift a restriction.
import { useState, type FormEvent } from 'react';
import { RESTRICTION_CATEGORIES, RESTRICTION_CATEGORY_LABELS, type RestrictedPatient } from '../../../../shared/channels/access';
import type { z } from 'zod';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';

type Row = z.infer<typeof RestrictedPatient>;
type Category = (typeof RESTRICTION_CATEGORIES)[number];

export function RestrictedSection() {
  const list = useQuery('access.listRestricted', (api) => api.access.listRestricted({}));
  const rows: readonly Row[] = list.data ?? [];
  const action = useSubmit();
  const [mrn, setMrn] = useState('');
  const [category, setCategory] = useState<Category>('vip');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);


  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const result = await action.run((api) => api.access.restrict({ mrn: mrn.trim(), category, reason: reason.trim() }));
    if (!result?.ok) return;
    setMrn('');
    setReason('');
    setDone(`Record ${result.value.mrn} is now restricted.`);
    await list.reload();
  }

  async function lift(row: Row) {
    setDone(null);
    const result = await action.run((api) => api.access.unrestrict({ patientId: row.patientId }));
    if (!result?.ok) return;
    setDone(`The restriction on record ${row.mrn} was lifted.`);
    await list.reload();
  }

  const shown = describeError(action.error ?? list.error);
  const fields = shown.fields;
  return (
    <section className="access-section" aria-labelledby="restricted-heading">
      <h2 id="restricted-heading">Restricted patients</h2>
      <p className="muted">Staff members, public figures and others whose records only granted staff, or break-glass, may open.</p>
      <form className="access-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Restrict a patient">
        <Field label="Patient MRN" error={sentence('MRN', fields.mrn)}>
          {(props) => <input {...props} value={mrn} onChange={(e) => setMrn(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Restriction category">
          {(props) => (
            <select {...props} value={category} onChange={(e) => setCategory(e.target.value as Category)}>
              {RESTRICTION_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {RESTRICTION_CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Reason for restriction" error={sentence('Reason', fields.reason)}>
          {(props) => <input {...props} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Restrict record
          </button>
        </div>
      </form>
      <ErrorMessage>{shown.message}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
      {rows.length === 0 ? (
        <p className="muted">No records are restricted.</p>
      ) : (
        <table className="table" aria-label="Restricted patients">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">MRN</th>
              <th scope="col">Category</th>
              <th scope="col">Reason</th>
              <th scope="col">Restricted</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.patientId}>
                <th scope="row">{r.name}</th>
                <td className="mono">{r.mrn}</td>
                <td>{RESTRICTION_CATEGORY_LABELS[r.category]}</td>
                <td>{r.reason}</td>
                <td>
                  {formatDateTime(r.restrictedAt)} by {r.restrictedBy}
                </td>
                <td>
                  <button type="button" className="button button--secondary" onClick={() => void lift(r)} aria-label={`Lift restriction on ${r.mrn}`}>
                    Lift restriction
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
