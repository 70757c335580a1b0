// The consent calls the patient screen shares: each use's state today (one poll for the header line
// and the consent section, so a withdrawal shows in both at once) and the gate's answers for the
// photos on screen and one purpose (the gallery's "usable for …" filter).
import { useMemo } from 'react';
import type { Purpose, ReleaseDecision, ScopeStatus } from '../../../shared/consent';
import type { Result } from '../../../shared/result';
import { useAppStore } from '../app/store';
import { usePoll, useQuery } from '../data/hooks';
import { batches } from './consent-view';

/** Expiry is by calendar day: a minute's poll is plenty, and the section refreshes after each change. */
const STATUS_POLL_MS = 60_000;

export const statusKey = (patientId: string): string => `consent.status:${patientId}`;

/** Each use's state today for the patient, shared by every watcher on screen; nothing without consent.read. */
export function useConsentStatus(patientId: string) {
  const allowed = useAppStore((s) => s.session?.permissions.includes('consent.read') ?? false);
  return usePoll<ScopeStatus[]>(allowed ? statusKey(patientId) : null, (api) => api.consent.status({ patientId }), STATUS_POLL_MS);
}

/**
 * The gate's answer per photo for `purpose` (null: no filter, nothing asked), asked again when the
 * photos, the purpose or the patient's consent status (`stamp`) change. Ids go in batches the
 * channel accepts.
 */
export function useReleaseCheck(photoIds: readonly string[], purpose: Purpose | null, stamp: unknown) {
  const key = purpose && photoIds.length > 0 ? ['consent.checkRelease', purpose, photoIds, stamp] : null;
  const query = useQuery(key, async (api): Promise<Result<ReleaseDecision[]>> => {
    if (!purpose) return { ok: true, value: [] };
    const all: ReleaseDecision[] = [];
    for (const ids of batches(photoIds)) {
      const r = await api.consent.checkRelease({ photoIds: ids, purpose });
      if (!r.ok) return r;
      all.push(...r.value);
    }
    return { ok: true, value: all };
  });
  const decisions = useMemo(() => new Map((query.data ?? []).map((d) => [d.photoId, d])), [query.data]);
  // An answer for an earlier purpose is not shown as this one's.
  const current = purpose !== null && query.data !== undefined && query.data.every((d) => d.purpose === purpose);
  return { decisions: current ? decisions : null, error: query.error };
}
