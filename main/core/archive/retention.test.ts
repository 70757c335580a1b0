// Snapshot retention (grandfather-father-son): the newest snapshot of each of the last N days,
// weeks and months is kept, everything else is pruned, and the newest overall always stays.
import { describe, expect, it } from 'vitest';
import { snapshotsToKeep } from './snapshot';

const id = (iso: string, n = 0): string => `${iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}-0000000${n}`;

describe('snapshotsToKeep', () => {
  it('keeps the newest per day, per week and per month, up to the policy', () => {
    const ids: string[] = [];
    // Two snapshots a day for 120 days, ending on Sunday 2026-12-06.
    for (let d = 0; d < 120; d++) {
      const day = new Date(Date.UTC(2026, 11, 6) - d * 86_400_000).toISOString().slice(0, 10);
      ids.push(id(`${day}T03:00:00.000Z`, 1), id(`${day}T15:00:00.000Z`, 2));
    }
    const keep = snapshotsToKeep(ids, { daily: 7, weekly: 4, monthly: 3 });
    const days = [...keep].map((k) => k.slice(0, 8));
    // 7 days (Nov 30 – Dec 6), the weeks' newest (Sundays Nov 29, 22, 15 besides Dec 6), month ends (Nov 30, Oct 31).
    expect(new Set(days)).toEqual(new Set(['20261206', '20261205', '20261204', '20261203', '20261202', '20261201', '20261130', '20261129', '20261122', '20261115', '20261031']));
    // Only the later snapshot of a kept day.
    for (const k of keep) expect(k.endsWith('2')).toBe(true);
  });

  it('always keeps the newest snapshot, and nothing else when the policy keeps one day', () => {
    expect(snapshotsToKeep([id('2026-01-01T00:00:00.000Z'), id('2026-01-01T01:00:00.000Z', 1)], { daily: 1, weekly: 0, monthly: 0 })).toEqual(new Set([id('2026-01-01T01:00:00.000Z', 1)]));
    expect(snapshotsToKeep([], { daily: 7, weekly: 4, monthly: 12 })).toEqual(new Set());
  });
});
