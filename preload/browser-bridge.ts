// The browser shell's stand-in for the Electron preload: turns the raw Playwright binding into the
// same frozen `window.clinic` object, then removes the binding so page code cannot reach it.
import { buildClinicApi } from '../shared/bridge';

declare global {
  interface Window {
    __clinicInvoke?: (channel: string, request: unknown) => Promise<unknown>;
  }
}

const raw = window.__clinicInvoke;
if (typeof raw === 'function') {
  delete window.__clinicInvoke;
  const api = buildClinicApi((channel, request) => raw(channel, request));
  Object.defineProperty(window, 'clinic', { value: api, writable: false, configurable: false, enumerable: false });
}
