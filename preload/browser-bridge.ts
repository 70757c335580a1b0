// The browser shell's stand-in for the Electron preload: turns the raw Playwright binding into the
// same frozen `window.clinic` object, then removes the binding so page code cannot reach it; and,
// as the Electron preload does, removes WebRTC before any page script runs.
import { buildClinicApi } from '../shared/bridge';
import { removeWebRtcFromGlobal } from '../shared/no-webrtc';

declare global {
  interface Window {
    /** Answers with the core's result as JSON text (main/browser-shell/binding.ts says why). */
    __clinicInvoke?: (channel: string, request: unknown) => Promise<string>;
  }
}

// In every frame this script reaches (Playwright runs it in each new document), not only the app's.
removeWebRtcFromGlobal();

const raw = window.__clinicInvoke;
if (typeof raw === 'function') {
  delete window.__clinicInvoke;
  const api = buildClinicApi(async (channel, request) => JSON.parse(await raw(channel, request)) as unknown);
  Object.defineProperty(window, 'clinic', { value: api, writable: false, configurable: false, enumerable: false });
}
