// Capture mode: the capture panel fills the window (a fixed layer over the page, which stops
// scrolling behind it) and, where the shell allows, the screen through the Fullscreen API. Leaving
// the browser's full screen (Escape, F11) leaves capture mode too; Escape leaves the fixed layer
// when the Fullscreen API was refused, unless a dialog is open (Escape is then the dialog's).
// The choice is remembered per user on this workstation (`rememberAs`), so a photographer who works
// in capture mode finds the next patient's capture screen in it too (as the fixed layer: the
// screen itself needs a click, browsers allow full screen only on a user's gesture).
import { useCallback, useEffect, useState, type RefObject } from 'react';

export function useFullscreen(root: RefObject<HTMLElement | null>, rememberAs: string | null): { active: boolean; toggle: () => void } {
  const [active, setActive] = useState(() => (rememberAs ? window.localStorage.getItem(rememberAs) === 'on' : false));

  useEffect(() => {
    if (!rememberAs) return;
    if (active) window.localStorage.setItem(rememberAs, 'on');
    else window.localStorage.removeItem(rememberAs);
  }, [active, rememberAs]);

  useEffect(() => {
    if (!active) return;
    const onChange = () => {
      if (!document.fullscreenElement) setActive(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.fullscreenElement && !document.querySelector('dialog[open]')) setActive(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      window.removeEventListener('keydown', onKey);
    };
  }, [active]);

  // Leaving capture mode (or the screen) gives the screen back.
  useEffect(() => {
    if (active) return;
    if (document.fullscreenElement && document.fullscreenElement === root.current) void document.exitFullscreen().catch(() => undefined);
  }, [active, root]);
  useEffect(
    () => () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    },
    [],
  );

  const toggle = useCallback(() => {
    if (active) return setActive(false);
    setActive(true);
    // The fixed layer is enough where the shell refuses full screen (headless, a policy).
    void root.current?.requestFullscreen?.().catch(() => undefined);
  }, [active, root]);

  return { active, toggle };
}
