// Tells whatever shows a photo's annotations (the viewer's overlay) that a new version was saved,
// so it asks again; a counter per photo, read through useSyncExternalStore.
import { useSyncExternalStore } from 'react';

const counts = new Map<string, number>();
const listeners = new Set<() => void>();

export function announceSaved(photoId: string): void {
  counts.set(photoId, (counts.get(photoId) ?? 0) + 1);
  for (const l of listeners) l();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Changes whenever a version of this photo's annotations is saved in this window. */
export const useSavedCount = (photoId: string): number => useSyncExternalStore(subscribe, () => counts.get(photoId) ?? 0);
