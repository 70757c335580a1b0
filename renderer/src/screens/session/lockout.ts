// A sign-in lock-out that counts down: the core answers TOO_MANY_ATTEMPTS with the seconds to wait;
// the screen turns that into a deadline, shows the seconds left as they fall and keeps the button
// disabled until they reach zero (pressing it earlier could only extend the lock-out).
import { useEffect, useState } from 'react';
import type { BridgeError } from '../../../../shared/result';

/** When the lock-out ends (ms since the epoch), or null for any other error. */
export function lockoutDeadline(error: BridgeError | null, now: number): number | null {
  if (error?.code !== 'TOO_MANY_ATTEMPTS') return null;
  const seconds = Number(error.fields?.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? now + seconds * 1000 : null;
}

/** Whole seconds left until the deadline, never negative. */
export const secondsUntil = (deadline: number | null, now: number): number => (deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000)));

/** The seconds left of a lock-out, re-rendering each second until it ends (0 when there is none). */
export function useLockoutSeconds(error: BridgeError | null): number {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const at = Date.now();
    setNow(at);
    setDeadline(lockoutDeadline(error, at));
  }, [error]);
  const left = secondsUntil(deadline, now);
  useEffect(() => {
    if (left <= 0) return;
    const timer = window.setTimeout(() => setNow(Date.now()), Math.min(1000, deadline! - Date.now()));
    return () => window.clearTimeout(timer);
  }, [left, deadline, now]);
  return left;
}
