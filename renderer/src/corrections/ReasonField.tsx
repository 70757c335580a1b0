// The reason every correction needs (docs/corrections.md): kept in the audit trail with the user's
// name and the time. Checked here for a quick answer; the core checks it again.
import { Field } from '../components/Field';
import { useT } from '../i18n';

export const REASON_MIN = 3;
export const reasonOk = (reason: string): boolean => reason.trim().length >= REASON_MIN;

export function ReasonField({ value, onChange, showError }: { readonly value: string; readonly onChange: (v: string) => void; readonly showError: boolean }) {
  const t = useT();
  return (
    <Field label={t('corrections.reason.label')} hint={t('corrections.reason.hint')} error={showError && !reasonOk(value) ? t('corrections.reason.missing') : undefined}>
      {(p) => <textarea {...p} name="reason" rows={2} maxLength={500} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
