// A modal built on the native <dialog>: the browser traps focus, Escape cancels, the rest of the page
// is inert. We only add putting focus back where it was when the dialog closes.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n';

interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly className?: string;
  /** Optional content next to the title (e.g. a subtitle). */
  readonly subtitle?: ReactNode;
}

export function Dialog({ title, onClose, children, className, subtitle }: DialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      // The opener may have re-rendered; fall back to nothing rather than throwing.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={className ? `dialog ${className}` : 'dialog'} aria-labelledby={titleId}>
      <header className="dialog__header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {subtitle}
        </div>
        <button type="button" className="button button--ghost" onClick={() => onCloseRef.current()}>
          {t('common.close')}
        </button>
      </header>
      <div className="dialog__body">{children}</div>
    </dialog>
  );
}
