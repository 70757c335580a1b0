// The lock-out schedule and the throttle file: doubling back-off with a cap, counters per username
// that survive a new instance, a reset on success, and a damaged file that starts over.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/fixtures';
import { lockoutMs, MAX_LOCKOUT_MS, SignInThrottle, THROTTLE_FILE } from './sign-in-throttle';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('sign-in throttle', () => {
  it('allows four failures, then locks for 1 min, doubling, capped at 30 min', () => {
    expect([1, 2, 3, 4].map(lockoutMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(lockoutMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(lockoutMs(40)).toBe(MAX_LOCKOUT_MS);
  });

  it('keeps counters per username across instances and resets them on success', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const at = new Date('2026-01-01T10:00:00Z');
    const first = new SignInThrottle(t.dir);
    for (let i = 0; i < 5; i++) await first.recordFailure('Alice', at, 'INVALID_CREDENTIALS', true);
    const second = new SignInThrottle(t.dir);
    expect(await second.lockedUntil('alice', at)).toEqual(new Date('2026-01-01T10:01:00Z'));
    expect(await second.lockedUntil('bob', at)).toBeNull();
    expect(await second.lockedUntil('alice', new Date('2026-01-01T10:01:00Z'))).toBeNull();
    await second.recordSuccess('alice');
    expect(await second.lockedUntil('alice', at)).toBeNull();
    const queued: string[] = [];
    expect(await second.drainQueuedAudit((entries) => entries.forEach((e) => queued.push(e.action)))).toBe(6);
    expect(queued.filter((a) => a === 'session.lock-out')).toHaveLength(1);
    expect(await readFile(path.join(t.dir, THROTTLE_FILE), 'utf8')).not.toMatch(/alice/i);
  });

  it('starts over from a damaged file instead of failing every sign-in', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    await writeFile(path.join(t.dir, THROTTLE_FILE), '{"format": nope');
    const throttle = new SignInThrottle(t.dir);
    expect(await throttle.lockedUntil('alice', new Date())).toBeNull();
    await throttle.recordFailure('alice', new Date(), 'INVALID_CREDENTIALS', false);
    expect(JSON.parse(await readFile(path.join(t.dir, THROTTLE_FILE), 'utf8'))).toMatchObject({ version: 1, pendingAudit: [] });
  });
});
