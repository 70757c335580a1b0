// The lock-out countdown's arithmetic: a deadline only for TOO_MANY_ATTEMPTS, whole seconds
// rounded up (the button stays disabled through the last partial second), never below zero.
import { describe, expect, it } from 'vitest';
import { lockoutDeadline, secondsUntil } from './lockout';

describe('lock-out countdown', () => {
  it('turns the core’s wait into a deadline', () => {
    expect(lockoutDeadline({ code: 'TOO_MANY_ATTEMPTS', message: '', fields: { retryAfterSeconds: '60' } }, 1_000)).toBe(61_000);
    expect(lockoutDeadline({ code: 'INVALID_CREDENTIALS', message: '' }, 1_000)).toBeNull();
    expect(lockoutDeadline({ code: 'TOO_MANY_ATTEMPTS', message: '' }, 1_000)).toBeNull();
  });
  it('counts whole seconds down to zero', () => {
    expect(secondsUntil(61_000, 1_000)).toBe(60);
    expect(secondsUntil(61_000, 60_500)).toBe(1);
    expect(secondsUntil(61_000, 62_000)).toBe(0);
    expect(secondsUntil(null, 0)).toBe(0);
  });
});
