// Delivery state in the renderer: the sync status and per-photo rows for the photos on screen,
// watched through the shared poller, and how each state reads to a person. Polling is enough here:
// the worker runs in the core, the UI only looks.
import { useMemo } from 'react';
import type { PhotoDelivery, SyncStatus } from '../../../../shared/channels/delivery';
import { useAppStore } from '../../app/store';
import { usePoll } from '../../data/hooks';
import type { PollState } from '../../data/poller';

export const POLL_MS = 2_000;

export { DELIVERY_STATES, TARGET_KIND_NAMES, deliveryLabel, overallDelivery, overallState, stateLabel, waitingPhrases, waitReason, waitShort } from './labels';

export const useCanSeeDeliveries = (): boolean => useAppStore((s) => s.session?.permissions.includes('delivery.view') ?? false);

/** The overall sync status (header and delivery screen share this one poll). */
export const useSyncStatus = (allowed: boolean): PollState<SyncStatus> & { refresh(): Promise<void> } =>
  usePoll(allowed ? 'delivery.status' : null, (api) => api.delivery.status({}), POLL_MS);

/** Delivery rows by photo id for these photos, refreshed every POLL_MS while mounted. */
export function usePhotoDeliveries(photoIds: readonly string[]): { byPhoto: ReadonlyMap<string, PhotoDelivery[]>; refresh: () => Promise<void> } {
  const allowed = useCanSeeDeliveries();
  const ids = photoIds.slice(0, 500);
  const key = allowed && ids.length > 0 ? `delivery.forPhotos:${ids.join(',')}` : null;
  const { data, refresh } = usePoll(key, (api) => api.delivery.forPhotos({ photoIds: ids }), POLL_MS);
  const byPhoto = useMemo(() => {
    const next = new Map<string, PhotoDelivery[]>();
    for (const row of data ?? []) next.set(row.photoId, [...(next.get(row.photoId) ?? []), row]);
    return next;
  }, [data]);
  return { byPhoto, refresh };
}
