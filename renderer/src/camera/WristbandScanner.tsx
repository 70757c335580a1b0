// Listens anywhere on the signed-in screens for a USB barcode scanner in keyboard mode and opens
// the scanned patient. Ordinary typing is never intercepted: keys pass through as usual, and only
// when a burst turns out to be a scan is its Enter swallowed and the scanned characters taken back
// out of whatever field had focus. Scans that do not resolve to exactly one patient leave a notice
// (and block capture, see CapturePanel).
import { useEffect, useRef } from 'react';
import { useAppStore } from '../app/store';
import { KeyboardBurstDetector } from './burst';
import { resolveScan, scanMessage, useScanStore } from './scan';
import { useT } from '../i18n';

type Editable = HTMLInputElement | HTMLTextAreaElement;

const isEditable = (el: EventTarget | null): el is Editable => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;

/** Sets a field's value the way typing does, so React's controlled inputs see it. */
function restoreValue(el: Editable, value: string) {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function WristbandScanner() {
  const t = useT();
  const openPatient = useAppStore((s) => s.openPatient);
  const record = useScanStore((s) => s.record);
  const blocking = useScanStore((s) => s.blocking);
  const last = useScanStore((s) => s.last);
  const dismiss = useScanStore((s) => s.dismiss);
  const detector = useRef(new KeyboardBurstDetector());
  const burstField = useRef<{ el: Editable; before: string } | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      const d = detector.current;
      const verdict = d.key(e.key, e.timeStamp);
      if (e.key.length === 1 && d.pendingLength === 1) burstField.current = isEditable(e.target) ? { el: e.target, before: e.target.value } : null;
      if (verdict.kind !== 'scan') return;
      e.preventDefault();
      e.stopPropagation();
      const field = burstField.current;
      burstField.current = null;
      if (field) restoreValue(field.el, field.before);
      void resolveScan(verdict.value).then((outcome) => {
        record(outcome);
        if (outcome.kind === 'found') openPatient(outcome.patient.id);
      });
    };
    // Capture phase, so the Enter of a scan never reaches a form's submit handler.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [openPatient, record]);

  return (
    <div className="scan-notices">
      {blocking ? (
        <div className="scan-notice scan-notice--blocking" role="alert">
          <p>{scanMessage(blocking, t)}</p>
          <button type="button" className="button button--ghost" onClick={dismiss}>
            {t('camera.scan.dismiss')}
          </button>
        </div>
      ) : null}
      <p className="visually-hidden" role="status">
        {last?.kind === 'found' ? scanMessage(last, t) : ''}
      </p>
    </div>
  );
}
