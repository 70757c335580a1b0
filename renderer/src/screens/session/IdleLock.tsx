// The renderer's own idle timer: after the clinic's idle time without keyboard, pointer or touch
// input it locks the session at once (the core enforces the same limit on its next request). The
// session is watched through the shared poller: a lock from elsewhere (OS lock, suspend, the core's
// idle check) shows the lock screen, and a changed idle setting re-arms the timer without a new
// sign-in. Watching is not activity: the core does not count `session.current` as input.
import { useEffect, useRef } from 'react';
import { call } from '../../app/clinic';
import { sessionNews } from '../../app/session-news';
import { useAppStore, type SessionInfo } from '../../app/store';
import { usePoll } from '../../data/hooks';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 1000;
export const SESSION_POLL_KEY = 'session.current';
const SESSION_POLL_MS = 15_000;

export function IdleLock({ idleLockSeconds }: { readonly idleLockSeconds: number }) {
  const locked = useAppStore((s) => s.locked);
  useFollowSession();
  // Read by the timer on every tick, so a new setting applies to the idle time already passed.
  const limitMs = useRef(idleLockSeconds * 1000);
  limitMs.current = idleLockSeconds * 1000;

  useEffect(() => {
    let lastActivity = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity < limitMs.current) return;
      // Show the lock screen first; tell the core after (it locks on its own clock anyway).
      locked();
      void call((api) => api.session.lock({}));
    }, CHECK_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [locked]);

  return null;
}

/** Applies what the core says about this session: ended, locked, or changed (e.g. the idle setting). */
function useFollowSession(): void {
  const { data } = usePoll<SessionInfo | null>(SESSION_POLL_KEY, (api) => api.session.current({}), SESSION_POLL_MS);
  const current = useAppStore((s) => s.session);
  const locked = useAppStore((s) => s.locked);
  const sessionLost = useAppStore((s) => s.sessionLost);
  const sessionUpdated = useAppStore((s) => s.sessionUpdated);
  useEffect(() => {
    if (data === undefined) return;
    const news = sessionNews(current, data);
    if (news === 'ended') sessionLost();
    else if (news === 'locked') locked();
    else if (news === 'changed' && data) sessionUpdated(data);
    // Only a new answer is news; the store's own changes are not a reason to re-apply an old one.
  }, [data]);
}
