// Restricted patients: mark one by MRN with a category and reason, see the list, lift a restriction.
import { useState, type FormEvent } from 'react';
import { RESTRICTION_CATEGORIES, type RestrictedPatient } from '../../../../shared/channels/access';
import type { z } from 'zod';
import { describeError } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { useFormat, useT } from '../../i18n';
import { restrictionCategoryLabel } from './labels';

type Row = z.infer<typeof RestrictedPatient>;
type Category = (typeof RESTRICTION_CATEGORIES)[number];

export function RestrictedSection() {
  const t = useT();
  const f = useFormat();
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
    setDone(t('access.restricted.done', { mrn: result.value.mrn }));
    await list.reload();
  }

  async function lift(row: Row) {
    setDone(null);
    const result = await action.run((api) => api.access.unrestrict({ patientId: row.patientId }));
    if (!result?.ok) return;
    setDone(t('access.restricted.lifted', { mrn: row.mrn }));
    await list.reload();
  }

  const shown = describeError(action.error ?? list.error);
  const fields = shown.fields;
  return (
    <section className="access-section" aria-labelledby="restricted-heading">
      <h2 id="restricted-heading">{t('access.restricted.title')}</h2>
      <p className="muted">{t('access.restricted.lead')}</p>
      <form className="access-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('access.restricted.form')}>
        <Field label={t('access.patientMrn')} error={sentence(t('access.mrn'), fields.mrn)}>
          {(props) => <input {...props} value={mrn} onChange={(e) => setMrn(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label={t('access.restricted.category')}>
          {(props) => (
            <select {...props} value={category} onChange={(e) => setCategory(e.target.value as Category)}>
              {RESTRICTION_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {restrictionCategoryLabel(t, c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('access.restricted.reason')} error={sentence(t('access.reason'), fields.reason)}>
          {(props) => <input {...props} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t('access.restricted.restrict')}
          </button>
        </div>
      </form>
      <ErrorMessage>{shown.message}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
      {rows.length === 0 ? (
        <p className="muted">{t('access.restricted.none')}</p>
      ) : (
        <table className="table" aria-label={t('access.restricted.title')}>
          <thead>
            <tr>
              <th scope="col">{t('access.restricted.col.patient')}</th>
              <th scope="col">{t('access.mrn')}</th>
              <th scope="col">{t('access.restricted.col.category')}</th>
              <th scope="col">{t('access.reason')}</th>
              <th scope="col">{t('access.restricted.col.restricted')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('access.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.patientId}>
                <th scope="row">{r.name}</th>
                <td className="mono">{r.mrn}</td>
                <td>{restrictionCategoryLabel(t, r.category)}</td>
                <td>{r.reason}</td>
                <td>{t('access.restricted.when', { when: f.dateTime(r.restrictedAt), by: r.restrictedBy })}</td>
                <td>
                  <button type="button" className="button button--secondary" onClick={() => void lift(r)} aria-label={t('access.restricted.liftFor', { mrn: r.mrn })}>
                    {t('access.restricted.lift')}
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
