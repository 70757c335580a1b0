// The signature pad: records every coalesced pointer sample of each stroke (pad-recording.ts) and
// draws smooth ink as it goes (pad-ink.ts). One pointer at a time (a resting palm does not add a
// stroke), touch-action none so a finger signs instead of scrolling. Undo removes the last stroke,
// Clear all of them; both are ordinary labelled buttons.
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { SignaturePoint } from '../../../shared/consent';
import type { Translate } from '../i18n';
import { drawInk } from './pad-ink';
import { samplePoint, type PadRecording } from './pad-recording';

interface Props {
  /** The signer's language (the consent form's), not necessarily the staff member's. */
  readonly t: Translate;
  readonly recording: PadRecording;
  readonly onChange: (recording: PadRecording) => void;
  readonly disabled?: boolean;
  /** Id of the text that says what to do (or what is wrong), for aria-describedby. */
  readonly describedBy?: string;
}

export const emptyRecording = (): PadRecording => ({ strokes: [], padWidth: 1, padHeight: 1, devicePixelRatio: window.devicePixelRatio || 1 });

export function SignaturePad({ t, recording, onChange, disabled = false, describedBy }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const startedAt = useRef(performance.now());
  const active = useRef<{ pointerId: number; points: SignaturePoint[] } | null>(null);
  const frame = useRef(0);
  const [size, setSize] = useState({ width: 1, height: 1, dpr: window.devicePixelRatio || 1 });
  const latest = useRef(recording);
  latest.current = recording;

  const redraw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    drawInk(ctx, latest.current.strokes, size.dpr, active.current?.points);
  }, [size.dpr]);

  // The backing store follows the CSS size and pixel ratio, so the ink stays sharp.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const measure = () => {
      const rect = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(rect.width * dpr);
      canvas.height = Math.round(rect.height * dpr);
      setSize({ width: rect.width, height: rect.height, dpr });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  useEffect(redraw, [redraw, recording, size]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  function samples(event: ReactPointerEvent<HTMLCanvasElement>): SignaturePoint[] {
    const rect = event.currentTarget.getBoundingClientRect();
    const native = event.nativeEvent;
    // Coalesced events carry the samples the browser merged into this one event (up to the
    // digitizer's rate); older engines without them give the event itself.
    const list = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    return (list.length > 0 ? list : [native]).map((e) => samplePoint(e, rect, startedAt.current));
  }

  function down(event: ReactPointerEvent<HTMLCanvasElement>) {
    if (disabled || active.current || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    active.current = { pointerId: event.pointerId, points: samples(event) };
    redraw();
  }

  function move(event: ReactPointerEvent<HTMLCanvasElement>) {
    const stroke = active.current;
    if (!stroke || stroke.pointerId !== event.pointerId) return;
    event.preventDefault();
    stroke.points.push(...samples(event));
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(redraw);
  }

  function up(event: ReactPointerEvent<HTMLCanvasElement>) {
    const stroke = active.current;
    if (!stroke || stroke.pointerId !== event.pointerId) return;
    active.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    onChange({ strokes: [...latest.current.strokes, stroke.points], padWidth: size.width, padHeight: size.height, devicePixelRatio: size.dpr });
  }

  const change = (strokes: PadRecording['strokes']) => onChange({ ...latest.current, strokes });
  const count = recording.strokes.length;

  return (
    <div className="signature-pad">
      <canvas
        ref={canvasRef}
        className="signature-pad__canvas"
        role="img"
        aria-label={t('consent.pad.label', { count })}
        aria-describedby={describedBy}
        aria-disabled={disabled}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <div className="signature-pad__line" aria-hidden="true">
        <span>✕</span>
      </div>
      <div className="signature-pad__tools">
        <button type="button" className="button button--secondary button--large" disabled={disabled || count === 0} onClick={() => change(recording.strokes.slice(0, -1))}>
          {t('consent.pad.undo')}
        </button>
        <button type="button" className="button button--secondary button--large" disabled={disabled || count === 0} onClick={() => change([])}>
          {t('consent.pad.clear')}
        </button>
      </div>
    </div>
  );
}
