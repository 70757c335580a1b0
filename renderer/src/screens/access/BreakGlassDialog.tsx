// Break-glass: opening a patient outside one's normal rights. The user picks why and writes a
// sentence a reviewer can judge; the access lasts the clinic's configured time and the privacy
// officer is alerted. Nothing happens until the user confirms.
import { useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { BREAK_GLASS_CATEGORIES, BREAK_GLASS_REASON_MIN, type PatientAccessStatus } from '../../../../shared/channels/access';
import type { BridgeError } from '../../../../shared/result';
import { call } from '../../app/clinic';
import { fieldErrors, messageFor } from '../../app/errors';
import { Dialog } from '../../components/Dialog';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage } from '../../components/Notice';
import { useT } from '../../i18n';
import { breakGlassCategoryLabel } from './labels';

type Category = (typeof BREAK_GLASS_CATEGORIES)[number];

interface Props {
  readonly patientId: string;
  readonly minutes: number;
  readonly onClose: () => void;
  readonly onOpened: (status: PatientAccessStatus) => void;
}

export function BreakGlassDialog({ patientId, minutes, onClose, onOpened }: Props) {
  const t = useT();
  const [category, setCategory] = useState<Category | ''>('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors(error), ...localErrors };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!category) problems.category = t('fields.required');
    if (reason.trim().length < BREAK_GLASS_REASON_MIN) problems.reason = t('fields.minChars', { n: BREAK_GLASS_REASON_MIN });
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0 || !category) return;
    setBusy(true);
    const result = await call((api) => api.access.breakGlass({ patientId, category, reason: reason.trim() }));
    setBusy(false);
    if (result.ok) onOpened(result.value);
    else setError(result.error);
  }

  return (
    <Dialog title={t('access.breakGlass.title')} onClose={onClose} className="dialog--form">
      <form onSubmit={(e) => void submit(e)} noValidate className="break-glass-form">
        <p>
          <FormattedMessage id="access.breakGlass.explain" values={{ minutes, b: (chunks) => <strong>{chunks}</strong> }} />
        </p>
        <ErrorMessage>{error && !error.fields ? messageFor(error) : null}</ErrorMessage>
        <Field label={t('access.breakGlass.category')} error={sentence(t('access.breakGlass.category'), fields.category)}>
          {(props) => (
            <select {...props} value={category} onChange={(e) => setCategory(e.target.value as Category | '')} required>
              <option value="">{t('access.choose')}</option>
              {BREAK_GLASS_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {breakGlassCategoryLabel(t, c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('access.breakGlass.reason')}
          hint={t('access.breakGlass.reasonHint', { min: BREAK_GLASS_REASON_MIN })}
          error={sentence(t('access.breakGlass.reason'), fields.reason)}
        >
          {(props) => <textarea {...props} rows={4} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} required />}
        </Field>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('access.cancel')}
          </button>
          <button type="submit" className="button button--danger" disabled={busy}>
            {t('access.breakGlass.open')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
