// The header line's words for lost uses, the batching of checkRelease ids, and the usable count.
import { describe, expect, it } from 'vitest';
import type { ReleaseDecision, ScopeStatus } from '../../../shared/consent';
import { consentChannels } from '../../../shared/channels/consent';
import { translator } from '../../../shared/i18n/intl';
import { batches, CHECK_RELEASE_BATCH, lostUses, usableSummary } from './consent-view';

const en = translator('en');

const status = (scope: ScopeStatus['scope'], state: ScopeStatus['state'], expiresOn: string | null = null): ScopeStatus => ({ scope, state, expiresOn, consentId: state === 'none' ? null : 'c1' });

describe('consent view', () => {
  it('names only withdrawn and expired uses, with the expiry date', () => {
    expect(lostUses(en.t, en.f, [status('clinical', 'granted'), status('education', 'withdrawn'), status('publication', 'refused'), status('marketing', 'expired', '2026-10-01'), status('social', 'none')])).toEqual([
      'Internal teaching withdrawn',
      "The clinic's website and marketing expired 1 Oct 2026",
    ]);
    expect(lostUses(en.t, en.f, [status('clinical', 'granted', '2027-01-01'), status('education', 'refused')])).toEqual([]);
  });

  it('cuts ids into batches the checkRelease channel accepts', () => {
    const ids = Array.from({ length: 1201 }, (_, i) => i.toString(16).padStart(32, '0'));
    const runs = batches(ids);
    expect(runs.map((r) => r.length)).toEqual([500, 500, 201]);
    expect(runs.flat()).toEqual(ids);
    expect(batches([])).toEqual([]);
    // The batch is exactly what the channel's schema takes: one more id is refused.
    const photoIds = consentChannels.checkRelease.request.shape.photoIds;
    expect(photoIds.safeParse(ids.slice(0, CHECK_RELEASE_BATCH)).success).toBe(true);
    expect(photoIds.safeParse(ids.slice(0, CHECK_RELEASE_BATCH + 1)).success).toBe(false);
  });

  it('counts the photos the gate allows among those shown', () => {
    const d = (photoId: string, allowed: boolean): ReleaseDecision => ({ photoId, purpose: 'publication', allowed, notice: null, reason: allowed ? null : 'no', scope: allowed ? null : 'publication' });
    const decisions = new Map([d('a', true), d('b', false), d('c', true)].map((x) => [x.photoId, x]));
    expect(usableSummary(en.t, ['a', 'b', 'c', 'd'], decisions, 'publication')).toBe('2 of 4 usable for publication');
  });
});
