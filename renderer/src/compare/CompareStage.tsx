// One stage of the compare view: a window onto the first photo's pixel frame that every stage
// shares, with wheel, keyboard (+ − 0 and arrows), drag and double-click (1:1) driving the one
// synchronised view. Photos are never mirrored, so the stage is left-to-right in every locale.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n';
import { actualPixelsAt, panBy, transformOf, viewForKey, zoomAt, ZOOM_STEP, type Frame, type ViewState } from './viewport';

interface Props {
  readonly frame: { readonly width: number; readonly height: number };
  readonly view: ViewState;
  readonly onView: (view: ViewState) => void;
  readonly label: string;
  /** The content, in the first photo's full-resolution pixels; given the transform in force. */
  readonly children: (t: { scale: number; tx: number; ty: number; frame: Frame }) => ReactNode;
  /** Drawn over the content in stage pixels (the wipe handle). */
  readonly overlay?: (t: { scale: number; tx: number; ty: number; frame: Frame; stage: HTMLDivElement | null }) => ReactNode;
  readonly caption?: ReactNode;
  /** Point picking (the manual alignment): a click without a drag names a point of the first photo's frame. */
  readonly onPick?: (x: number, y: number) => void;
}

/** A press that moved less than this (stage pixels) is a click, not a pan. */
const CLICK_SLOP = 4;

export function CompareStage({ frame, view, onView, label, children, overlay, caption, onPick }: Props) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const f: Frame = { width: frame.width, height: frame.height, stageWidth: size.width || 1, stageHeight: size.height || 1 };
  const latest = useRef({ view, f, onView });
  latest.current = { view, f, onView };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(el);
    // Not passive: the wheel zooms the photos instead of scrolling the dialog.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = el.getBoundingClientRect();
      const { view: v, f: fr, onView: set } = latest.current;
      set(zoomAt(v, fr, event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event.clientX - rect.left, event.clientY - rect.top));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      el.removeEventListener('wheel', onWheel);
    };
  }, []);

  const drag = useRef<{ x: number; y: number; startX: number; startY: number } | null>(null);
  const transform = transformOf(view, f);

  return (
    <figure className="compare-stage-figure">
      <div
        ref={ref}
        className="compare-stage"
        dir="ltr"
        tabIndex={0}
        role="group"
        aria-label={label}
        aria-description={t('compare.zoomHint')}
        onKeyDown={(event) => {
          const next = viewForKey(view, f, event.key);
          if (next) {
            event.preventDefault();
            onView(next);
          }
        }}
        onDoubleClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          onView(actualPixelsAt(view, f, event.clientX - rect.left, event.clientY - rect.top));
        }}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          drag.current = { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY };
          event.currentTarget.setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          const from = drag.current;
          if (!from) return;
          drag.current = { ...from, x: event.clientX, y: event.clientY };
          onView(panBy(view, f, event.clientX - from.x, event.clientY - from.y));
        }}
        onPointerUp={(event) => {
          const from = drag.current;
          drag.current = null;
          if (!onPick || !from || Math.hypot(event.clientX - from.startX, event.clientY - from.startY) > CLICK_SLOP) return;
          const rect = event.currentTarget.getBoundingClientRect();
          onPick((event.clientX - rect.left - transform.tx) / transform.scale, (event.clientY - rect.top - transform.ty) / transform.scale);
        }}
      >
        <div className="compare-content" style={{ width: frame.width, height: frame.height, transform: `translate(${transform.tx}px, ${transform.ty}px) scale(${transform.scale})` }}>
          {children({ ...transform, frame: f })}
        </div>
        {overlay?.({ ...transform, frame: f, stage: ref.current })}
      </div>
      {caption ? <figcaption className="compare-caption">{caption}</figcaption> : null}
    </figure>
  );
}
