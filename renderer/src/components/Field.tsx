// A labelled form field with its hint and error wired to aria-describedby, so a screen reader reads
// "Password, edit text, invalid, must be at least 12 characters".
import { useId, type ReactNode } from 'react';
import { translateProblem } from '../app/field-problems';
import { t } from '../i18n';

interface FieldProps {
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** "must be at least 12 characters" → "Password must be at least 12 characters." (in the user's language) */
export const sentence = (label: string, problem: string | undefined): string | undefined =>
  problem ? t('common.fieldProblem', { label, problem: translateProblem(problem).replace(/\.$/, '') }) : undefined;
