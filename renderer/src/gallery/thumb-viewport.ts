// Which tile positions (aria-posinset, 1-based) are on screen now, without the overscan rows: the
// grid writes it on every render, tiles read it when the thumbnail queue ranks them (thumb-queue.ts).
// A mutable object behind a context, not state: tiles must not re-render because the user scrolled.
import { createContext } from 'react';

export interface ThumbViewport {
  first: number;
  last: number;
}

export const ThumbViewportContext = createContext<ThumbViewport>({ first: 0, last: Number.MAX_SAFE_INTEGER });

/** 0 on screen; otherwise how many positions away from it. */
export function distanceFromScreen(position: number, viewport: ThumbViewport): number {
  if (position < viewport.first) return viewport.first - position;
  if (position > viewport.last) return position - viewport.last;
  return 0;
}
