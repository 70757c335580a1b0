// The lock-out schedule and the throttle file: doubling back-off with a cap, counters per username
// that survive a new instance, a reset on success, and a damaged file that starts over.
import { createHmac } from 'node:crypto';
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

  it('writes the file exactly as docs/storage-format.md section 7 describes it', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const at = new Date('2026-03-09T10:00:00.000Z');
    const throttle = new SignInThrottle(t.dir);
    for (let i = 0; i < 5; i++) await throttle.recordFailure(' Alice ', at, 'INVALID_CREDENTIALS', true);
    const file = JSON.parse(await readFile(path.join(t.dir, THROTTLE_FILE), 'utf8')) as { format: string; version: number; key: string; users: Record<string, unknown>; pendingAudit: Array<{ userKey: string; action: string }> };
    expect(Object.keys(file).sort()).toEqual(['format', 'key', 'pendingAudit', 'users', 'version']);
    expect({ format: file.format, version: file.version }).toEqual({ format: 'clinic-photo-sign-in-throttle', version: 1 });
    // userKey = HMAC-SHA256(the file's key, the username trimmed and lower-cased).
    const userKey = createHmac('sha256', Buffer.from(file.key, 'hex')).update('alice').digest('hex');
    expect(file.users).toEqual({ [userKey]: { failures: 5, lockedUntil: '2026-03-09T10:01:00.000Z', lastFailureAt: '2026-03-09T10:00:00.000Z' } });
    expect(file.pendingAudit.map((e) => [e.userKey, e.action])).toEqual([
      ...Array.from({ length: 5 }, () => [userKey, 'session.sign-in']),
      [userKey, 'session.lock-out'],
    ]);
  });
});
