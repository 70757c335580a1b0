// The recovery code itself, in its groups of characters that never break apart across lines, with
// copy and print. Copying puts it on the clipboard (the person pastes it into the clinic's password
// manager); printing prints the code notice alone (setup.css), for the safe.
import { useState } from 'react';
import { useT } from '../../i18n';
import './setup.css';

/** "ABCD-EFGH-…" or "ABCD EFGH …" as its groups. */
export const codeGroups = (code: string): string[] => code.split(/[-\s]+/).filter((g) => g !== '');

export function RecoveryCodeValue({ code }: { readonly code: string }) {
  const t = useT();
  const [status, setStatus] = useState<'idle' | 'copied' | 'copyFailed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setStatus('copied');
    } catch {
      setStatus('copyFailed');
    }
  }
  function print() {
    document.body.classList.add('printing-recovery-code');
    try {
      window.print();
    } finally {
      document.body.classList.remove('printing-recovery-code');
    }
  }
  const groups = codeGroups(code);
  return (
    <>
      <p className="recovery-code__value recovery-code__groups" aria-label={t('setup.recoveryCodeLabel')} dir="ltr">
        {groups.map((g, i) => (
          <span key={i}>
            <span className="recovery-code__group">{i < groups.length - 1 ? `${g}-` : g}</span>
            <wbr />
          </span>
        ))}
      </p>
      <div className="recovery-code__actions">
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {t('setup.copyCode')}
        </button>
        <button type="button" className="button button--secondary" onClick={print}>
          {t('setup.printCode')}
        </button>
        <span aria-live="polite" className="muted">
          {status === 'copied' ? t('setup.copied') : status === 'copyFailed' ? t('setup.copyFailed') : ''}
        </span>
      </div>
    </>
  );
}
