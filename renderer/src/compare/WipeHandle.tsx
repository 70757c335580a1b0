// The slider mode's wipe line: dragged with the pointer or moved with the arrow keys (Home/End to
// the edges), in stage pixels over the photos; its position is a fraction of the first photo.
import { useRef } from 'react';
import { useT } from '../i18n';
import type { Frame } from './viewport';

interface Props {
  readonly axis: 'vertical' | 'horizontal';
  readonly at: number;
  readonly onChange: (at: number) => void;
  readonly transform: { scale: number; tx: number; ty: number; frame: Frame; stage: HTMLDivElement | null };
}

const KEY_STEP = 0.02;
const clamp = (v: number) => Math.min(1, Math.max(0, v));

export function WipeHandle({ axis, at, onChange, transform }: Props) {
  const t = useT();
  const dragging = useRef(false);
  const { scale, tx, ty, frame, stage } = transform;
  const vertical = axis === 'vertical';
  const position = vertical ? tx + at * frame.width * scale : ty + at * frame.height * scale;
  const fromPointer = (clientX: number, clientY: number) => {
    const rect = stage?.getBoundingClientRect();
    if (!rect) return;
    onChange(clamp(vertical ? (clientX - rect.left - tx) / (frame.width * scale) : (clientY - rect.top - ty) / (frame.height * scale)));
  };
  return (
    <div
      className={`compare-wipe compare-wipe--${axis}`}
      style={vertical ? { left: position } : { top: position }}
      role="slider"
      tabIndex={0}
      aria-label={t('compare.wipe.position')}
      aria-orientation={axis}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(at * 100)}
      onKeyDown={(event) => {
        const step = { ArrowLeft: -KEY_STEP, ArrowUp: -KEY_STEP, ArrowRight: KEY_STEP, ArrowDown: KEY_STEP } as Record<string, number>;
        let next: number | null = null;
        if (event.key in step) next = clamp(at + (step[event.key] ?? 0));
        else if (event.key === 'Home') next = 0;
        else if (event.key === 'End') next = 1;
        if (next === null) return;
        // The stage would pan on arrows: the handle has them while it has focus.
        event.preventDefault();
        event.stopPropagation();
        onChange(next);
      }}
      onPointerDown={(event) => {
        event.stopPropagation();
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        if (!dragging.current) return;
        event.stopPropagation();
        fromPointer(event.clientX, event.clientY);
      }}
      onPointerUp={() => {
        dragging.current = false;
      }}
      onDoubleClick={(event) => event.stopPropagation()}
    >
      <span className="compare-wipe__grip" aria-hidden="true" />
    </div>
  );
}
