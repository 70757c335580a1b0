// Delivery state in the renderer: per-photo rows polled for the photos on screen, and how each
// state reads to a person. Polling is enough here: the worker runs in the core, the UI only looks.
import { useCallback, useEffect, useState } from 'react';
import type { PhotoDelivery } from '../../../../shared/channels/delivery';
import { call } from '../../app/clinic';
import { useAppStore } from '../../app/store';

export const POLL_MS = 2_000;

export { STATE_LABELS, WAIT_LABELS, deliveryLabel, overallDelivery, overallState, waitingPhrases } from './labels';

export const useCanSeeDeliveries = (): boolean => useAppStore((s) => s.session?.permissions.includes('delivery.view') ?? false);

/** Delivery rows by photo id for these photos, refreshed every POLL_MS while mounted. */
export function usePhotoDeliveries(photoIds: readonly string[]): { byPhoto: ReadonlyMap<string, PhotoDelivery[]>; refresh: () => Promise<void> } {
  const allowed = useCanSeeDeliveries();
  const [byPhoto, setByPhoto] = useState<ReadonlyMap<string, PhotoDelivery[]>>(new Map());
  const key = photoIds.join(',');
  const refresh = useCallback(async () => {
    const ids = key ? key.split(',').slice(0, 500) : [];
    if (!allowed || ids.length === 0) return;
    const result = await call((api) => api.delivery.forPhotos({ photoIds: ids }));
    if (!result.ok) return;
    const next = new Map<string, PhotoDelivery[]>();
    for (const row of result.value) next.set(row.photoId, [...(next.get(row.photoId) ?? []), row]);
    setByPhoto(next);
  }, [key, allowed]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return { byPhoto, refresh };
}
