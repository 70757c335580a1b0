// What the patient header and the gallery's "usable for …" filter show of consent (issue 11,
// docs/consent.md): the uses withdrawn or expired today, in words, and the gate's answers for the
// photos on screen asked in batches the checkRelease channel accepts. Pure, so it is tested in Node.
import type { ReleaseDecision, ScopeStatus } from '../../../shared/consent';
import type { Formatters } from '../../../shared/i18n/format';
import type { Translate } from '../i18n';
import { scopeLabel } from './scope-labels';

/** The most photo ids one consent.checkRelease call accepts (its request schema's `max`). */
export const CHECK_RELEASE_BATCH = 500;

/** "Internal teaching withdrawn", "Social media expired 1 Oct 2026": the uses lost, none when none. */
export function lostUses(t: Translate, f: Formatters, status: readonly ScopeStatus[]): string[] {
  return status.flatMap((s) => {
    const use = scopeLabel(t, s.scope);
    if (s.state === 'withdrawn') return [t('consent.lost.withdrawn', { use })];
    if (s.state === 'expired') return [s.expiresOn ? t('consent.lost.expiredOn', { use, date: f.date(s.expiresOn) }) : t('consent.lost.expired', { use })];
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
export function usableSummary(t: Translate, photoIds: readonly string[], decisions: ReadonlyMap<string, ReleaseDecision>, label: string): string {
  const usable = photoIds.filter((id) => decisions.get(id)?.allowed === true).length;
  return t('consent.usable', { usable, count: photoIds.length, use: label });
}
