// A date field that takes dates the way people in the user's locale type them (14.07.1986 in
// German, 14/07/1986 in English or French) as well as ISO, and says right under the field how it
// read them, with the month as a word: a day/month mix-up is caught before it is saved. The native
// date input would follow the browser's language instead of the app's, and could not show that.
import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';
import { formatTypedDate, parseTypedDate } from '../../../shared/i18n/dates';
import { useFormat, useLocale, useT } from '../i18n';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'>;

interface Props extends InputProps {
  /** The date as YYYY-MM-DD, or '' for none. */
  readonly value: string;
  /** Called with YYYY-MM-DD, or '' while the text is empty or not a date. */
  readonly onValue: (iso: string) => void;
}

export function DateInput({ value, onValue, ...input }: Props) {
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
        onChange={(e) => {
          setText(e.target.value);
          onValue(parseTypedDate(e.target.value, locale) ?? '');
        }}
      />
      <output id={readbackId} className="date-input__readback" aria-live="polite">
        {text.trim() === '' ? '' : parsed ? t('common.dateReadAs', { date: f.date(parsed) }) : t('common.dateNotRecognised', { pattern: t('format.datePattern') })}
      </output>
    </>
  );
}
