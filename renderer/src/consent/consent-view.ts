// What the patient header and the gallery's "usable for …" filter show of consent (issue 11,
// docs/consent.md): the uses withdrawn or expired today, in words, and the gate's answers for the
// photos on screen asked in batches the checkRelease channel accepts. Pure, so it is tested in Node.
import { CONSENT_SCOPE_LABELS, type ReleaseDecision, type ScopeStatus } from '../../../shared/consent';
import { formatIsoDate } from '../app/format';

/** The most photo ids one consent.checkRelease call accepts (its request schema's `max`). */
export const CHECK_RELEASE_BATCH = 500;

/** "Internal teaching withdrawn", "Social media expired 1 Oct 2026": the uses lost, none when none. */
export function lostUses(status: readonly ScopeStatus[]): string[] {
  return status.flatMap((s) => {
    if (s.state === 'withdrawn') return [`${CONSENT_SCOPE_LABELS[s.scope]} withdrawn`];
    if (s.state === 'expired') return [`${CONSENT_SCOPE_LABELS[s.scope]} expired${s.expiresOn ? ` ${formatIsoDate(s.expiresOn)}` : ''}`];
    return [];
  });
}

/** Ids cut into runs of at most `size`, in order. */
export function batches<T>(ids: readonly T[], size = CHECK_RELEASE_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** "12 of 20 usable for Publication in journals or talks" over the photos shown. */
export function usableSummary(photoIds: readonly string[], decisions: ReadonlyMap<string, ReleaseDecision>, label: string): string {
  const usable = photoIds.filter((id) => decisions.get(id)?.allowed === true).length;
  return `${usable} of ${photoIds.length} usable for ${label}`;
}
