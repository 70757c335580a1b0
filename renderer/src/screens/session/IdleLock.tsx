// The renderer's own idle timer: after the clinic's idle time without keyboard, pointer or touch
// input it locks the session at once (the core enforces the same limit on its next request). It
// also asks the core now and then whether the session was locked from elsewhere (OS lock, suspend).
import { useEffect } from 'react';
import { call } from '../../app/clinic';
import { useAppStore } from '../../app/store';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 1000;
const ASK_CORE_EVERY_MS = 15_000;

export function IdleLock({ idleLockSeconds }: { readonly idleLockSeconds: number }) {
  const locked = useAppStore((s) => s.locked);
  const sessionLost = useAppStore((s) => s.sessionLost);

  useEffect(() => {
    let lastActivity = Date.now();
    let lastAsked = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now - lastActivity >= idleLockSeconds * 1000) {
        // Show the lock screen first; tell the core after (it locks on its own clock anyway).
        locked();
        void call((api) => api.session.lock({}));
        return;
      }
      if (now - lastAsked >= ASK_CORE_EVERY_MS) {
        lastAsked = now;
        void call((api) => api.session.current({})).then((r) => {
          if (!r.ok) return;
          if (r.value === null) sessionLost();
          else if (r.value.restriction === 'locked') locked();
        });
      }
    }, CHECK_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [idleLockSeconds, locked, sessionLost]);

  return null;
}
