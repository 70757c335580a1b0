// Tells whoever shows a patient's photos that a comparison was exported as a new photo, wherever
// the compare view was opened from (the gallery or the viewer), so the gallery can show it.
import { useEffect, useRef } from 'react';
import type { Photo } from '../../../shared/domain';

type Listener = (photo: Photo) => void;
const listeners = new Set<Listener>();

export function announceComparisonExported(photo: Photo): void {
  for (const listener of listeners) listener(photo);
}

/** Calls `fn` for every comparison exported while the calling component is mounted. */
export function useOnComparisonExported(fn: Listener): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    const listener: Listener = (photo) => latest.current(photo);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
