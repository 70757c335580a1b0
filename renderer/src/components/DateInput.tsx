// A date field that takes dates the way people in the user's locale type them (14.07.1986 in
// German, 14/07/1986 in English or French) as well as ISO, and says right under the field how it
// read them, with the month as a word: a day/month mix-up is caught before it is saved. The native
// date input would follow the browser's language instead of the app's, and could not show that.
import { useEffect, useId, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { formatTypedDate, parseTypedDate } from '../../../shared/i18n/dates';
import { useFormat, useLocale, useT } from '../i18n';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'>;

interface Props extends InputProps {
  /** The date as YYYY-MM-DD, or '' for none. */
  readonly value: string;
  /** Called with YYYY-MM-DD, or '' while the text is empty or not a date. */
  readonly onValue: (iso: string) => void;
  /** 'problems': the caller shows the date itself (a hint with the age), so only a failure is said here. */
  readonly readBack?: 'always' | 'problems';
}

export function DateInput({ value, onValue, readBack = 'always', ...input }: Props) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const readbackId = useId();
  const [text, setText] = useState(() => (value ? formatTypedDate(value, locale) : ''));
  // A value set from outside (a reset, a prefill) replaces what is typed, unless it already says so.
  useEffect(() => {
    setText((typed) => ((parseTypedDate(typed, locale) ?? '') === value ? typed : value ? formatTypedDate(value, locale) : ''));
  }, [value, locale]);
  const parsed = parseTypedDate(text, locale);
  const unreadable = text.trim() !== '' && !parsed;
  const describedBy = [input['aria-describedby'], readbackId].filter(Boolean).join(' ');
  return (
    <>
      <input
        {...input}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('format.datePattern')}
        value={text}
        aria-describedby={describedBy}
        aria-invalid={unreadable || input['aria-invalid']}
        data-date-unreadable={unreadable ? '' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onValue(parseTypedDate(e.target.value, locale) ?? '');
        }}
      />
      <output id={readbackId} className="date-input__readback" aria-live="polite">
        {unreadable ? t('common.dateNotRecognised', { pattern: t('format.datePattern') }) : parsed && readBack === 'always' ? t('common.dateReadAs', { date: f.date(parsed) }) : ''}
      </output>
    </>
  );
}

/**
 * For a form's submit handler: true (and the field focused, its read-back already saying why) when
 * a date field holds text that is not a date. Such a field reports '' to its form, the same as an
 * empty one, and an empty expiry or filter means "none": submitting would silently widen a consent
 * or a search instead of refusing what the user typed.
 */
export function stopAtUnreadableDate(event: FormEvent<HTMLFormElement>): boolean {
  const field = event.currentTarget.querySelector<HTMLInputElement>('input[data-date-unreadable]');
  field?.focus();
  return field !== null;
}
