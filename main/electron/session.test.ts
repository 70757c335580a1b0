// Security gate: hardenSession installs the permission, device and network policy on a session.
// A fake session records the handlers; calling them shows what the real session will answer.
import type { OnBeforeRequestListenerDetails, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenSession, type HardenableSession } from './session';

type Installed = {
  request?: Parameters<HardenableSession['setPermissionRequestHandler']>[0];
  check?: Parameters<HardenableSession['setPermissionCheckHandler']>[0];
  device?: Parameters<HardenableSession['setDevicePermissionHandler']>[0];
  beforeRequest?: (details: OnBeforeRequestListenerDetails, callback: (response: { cancel?: boolean }) => void) => void;
};

function fakeSession() {
  const installed: Installed = {};
  const ses = {
    setPermissionRequestHandler: (h: Installed['request']) => void (installed.request = h),
    setPermissionCheckHandler: (h: Installed['check']) => void (installed.check = h),
    setDevicePermissionHandler: (h: Installed['device']) => void (installed.device = h),
    webRequest: { onBeforeRequest: (h: Installed['beforeRequest']) => void (installed.beforeRequest = h) },
  };
  return { ses: ses as unknown as HardenableSession, installed };
}

const request = (installed: Installed, url: string): boolean | undefined => {
  let cancel: boolean | undefined;
  installed.beforeRequest!({ url } as OnBeforeRequestListenerDetails, (response) => (cancel = response.cancel));
  return cancel;
};

describe('hardenSession', () => {
  it('installs every handler', () => {
    const { ses, installed } = fakeSession();
    hardenSession(ses, { isDev: false });
    expect(installed.request).toBeTypeOf('function');
    expect(installed.check).toBeTypeOf('function');
    expect(installed.device).toBeTypeOf('function');
    expect(installed.beforeRequest).toBeTypeOf('function');
  });

  it('grants the app camera and nothing else through the installed handlers', () => {
    const { ses, installed } = fakeSession();
    hardenSession(ses, { isDev: false });
    const wc = {} as WebContents;
    const answers: boolean[] = [];
    installed.request!(wc, 'media', (g) => answers.push(g), { isMainFrame: true, requestingUrl: 'clinic://app/index.html', mediaTypes: ['video'] } as never);
    installed.request!(wc, 'media', (g) => answers.push(g), { isMainFrame: true, requestingUrl: 'clinic://app/index.html', mediaTypes: ['audio'] } as never);
    installed.request!(wc, 'notifications', (g) => answers.push(g), { isMainFrame: true, requestingUrl: 'clinic://app/index.html' });
    expect(answers).toEqual([true, false, false]);
    expect(installed.check!(wc, 'media', 'clinic://app', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(installed.check!(wc, 'media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(installed.device!({ deviceType: 'usb', origin: 'clinic://app' } as never)).toBe(false);
  });

  it('cancels every request off the app origin, and reports it', () => {
    const { ses, installed } = fakeSession();
    const blocked: string[] = [];
    hardenSession(ses, { isDev: false, onBlockedRequest: (url) => blocked.push(url) });
    expect(request(installed, 'clinic://app/index.html')).toBe(false);
    expect(request(installed, 'https://example.com/')).toBe(true);
    expect(request(installed, 'devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(blocked).toEqual(['https://example.com/', 'devtools://devtools/bundled/inspector.html']);
  });

  it('lets DevTools load in development only', () => {
    const { ses, installed } = fakeSession();
    hardenSession(ses, { isDev: true });
    expect(request(installed, 'devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(request(installed, 'https://example.com/')).toBe(true);
  });
});
