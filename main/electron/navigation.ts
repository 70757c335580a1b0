// Navigation and window guards for every webContents: the page stays on the app's origin, opens
// no windows, and attaches no <webview>. Pure decisions plus one function that wires them.
import type { WebContents } from 'electron';
import { isAppUrl } from './origin';

/** Whether a frame may navigate to `url`: only within the app's origin. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** Whether a request may leave the renderer: the app's origin, its own blob: URLs, DevTools in dev. */
export function isAllowedRequestUrl(url: string, isDev: boolean): boolean {
  if (isAppUrl(url)) return true;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === 'blob:') return isAppUrl(url.slice('blob:'.length));
  return isDev && protocol === 'devtools:';
}

interface PreventableNavigation {
  readonly url: string;
  preventDefault(): void;
}
interface PreventableEvent {
  preventDefault(): void;
}

/** The part of WebContents the guards use; a real WebContents satisfies it. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (details: PreventableNavigation) => void): unknown;
  on(event: 'will-frame-navigate', listener: (details: PreventableNavigation) => void): unknown;
  on(event: 'will-redirect', listener: (details: PreventableNavigation) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler: WebContents['setWindowOpenHandler'];
}

export function guardNavigation(contents: GuardedContents, onBlocked: (what: string) => void = () => undefined): void {
  const keepOnOrigin = (kind: string) => (details: PreventableNavigation) => {
    if (isAllowedNavigation(details.url)) return;
    details.preventDefault();
    onBlocked(kind);
  };
  contents.on('will-navigate', keepOnOrigin('navigation'));
  contents.on('will-frame-navigate', keepOnOrigin('frame-navigation'));
  contents.on('will-redirect', keepOnOrigin('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked('webview');
  });
  contents.setWindowOpenHandler(() => {
    onBlocked('window-open');
    return { action: 'deny' };
  });
}
