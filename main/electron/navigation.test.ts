// Security gate: the page stays on the app's origin, opens no windows, attaches no webviews, and
// the renderer reaches no network.
import { describe, expect, it } from 'vitest';
import { guardNavigation, isAllowedNavigation, isAllowedRequestUrl, type GuardedContents } from './navigation';
import { isAppOrigin, isAppUrl } from './origin';

describe('isAllowedNavigation', () => {
  it.each([
    ['clinic://app/index.html', true],
    ['clinic://app/', true],
    ['clinic://app/index.html#/patients', true],
    ['clinic://evil/index.html', false],
    ['clinic://APP.evil/index.html', false],
    ['clinic://app:1234/index.html', false],
    ['clinic://user@app/index.html', false],
    ['https://example.com/', false],
    ['http://localhost:5173/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['about:blank', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedNavigation(url)).toBe(expected);
  });
});

describe('isAllowedRequestUrl (the renderer has no network)', () => {
  it.each([
    ['clinic://app/assets/index.js', false, true],
    ['clinic://app/photo/abc', false, true],
    ['blob:clinic://app/1b4e28ba-2fa1-11d2-883f-0016d3cca427', false, true],
    ['blob:https://evil.example/1b4e28ba', false, false],
    ['clinic://other/assets/index.js', false, false],
    ['https://example.com/', false, false],
    ['https://example.com/', true, false],
    ['http://127.0.0.1:8042/dicom-web', false, false],
    ['ws://localhost:5173/', true, false],
    ['wss://example.com/', false, false],
    ['file:///etc/passwd', false, false],
    ['data:image/png;base64,AAAA', false, false],
    ['ftp://example.com/', false, false],
    ['devtools://devtools/bundled/inspector.html', false, false],
    ['devtools://devtools/bundled/inspector.html', true, true],
    ['chrome-extension://abc/x.js', true, false],
    ['garbage', false, false],
  ])('%s (dev=%s) → %s', (url, isDev, expected) => {
    expect(isAllowedRequestUrl(url, isDev)).toBe(expected);
  });
});

describe('origin helpers', () => {
  it.each([
    ['clinic://app', true],
    ['clinic://app/', true],
    ['clinic://app/index.html', false],
    ['clinic://app/?x=1', false],
    ['clinic://evil', false],
    ['null', false],
    ['', false],
  ])('isAppOrigin(%s) → %s', (origin, expected) => {
    expect(isAppOrigin(origin)).toBe(expected);
  });

  it('rejects non-strings', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppOrigin(undefined)).toBe(false);
  });
});

type Listener = (arg: { url?: string; preventDefault(): void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let windowOpen: (() => { action: string }) | null = null;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: () => { action: string }) {
      windowOpen = handler;
    },
  };
  const emit = (event: string, url?: string) => {
    let prevented = false;
    listeners.get(event)?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents: contents as unknown as GuardedContents, listeners, emit, openWindow: () => windowOpen?.() };
}

describe('guardNavigation', () => {
  it('listens to every way a page can leave the origin', () => {
    const fake = fakeContents();
    guardNavigation(fake.contents);
    expect([...fake.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: stays within the app, is stopped elsewhere', (event) => {
    const fake = fakeContents();
    const blocked: string[] = [];
    guardNavigation(fake.contents, (what) => blocked.push(what));
    expect(fake.emit(event, 'clinic://app/index.html#/gallery')).toBe(false);
    expect(fake.emit(event, 'https://evil.example/phish')).toBe(true);
    expect(fake.emit(event, 'file:///etc/passwd')).toBe(true);
    expect(fake.emit(event, 'clinic://evil/')).toBe(true);
    expect(blocked).toHaveLength(3);
  });

  it('blocks every <webview>', () => {
    const fake = fakeContents();
    guardNavigation(fake.contents);
    expect(fake.emit('will-attach-webview')).toBe(true);
  });

  it('denies every new window', () => {
    const fake = fakeContents();
    guardNavigation(fake.contents);
    expect(fake.openWindow()).toEqual({ action: 'deny' });
  });
});
