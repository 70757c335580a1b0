// The "system browser" of the SMART tests: follows the authorization request through the real
// authorization server's redirects and pages with fetch (cookies kept per origin, forms posted as
// a person would submit them) until it lands on the app's loopback redirect. Hooks let a test
// play the attacker: alter the request before it leaves (a swapped PKCE challenge) or the
// redirect before it lands (a forged state). It implements the core's SystemBrowser port.
import type { SystemBrowser } from '../../smart/service';

export interface ScriptedBrowser extends SystemBrowser {
  /** Every URL the app asked to open. */
  readonly opened: string[];
  /** Resolves when the last navigation ended (at the loopback redirect or on an error page). */
  idle(): Promise<{ finalStatus: number; finalUrl: string }>;
}

export interface ScriptedBrowserOptions {
  readonly login?: string;
  readonly alterRequest?: (url: URL) => void;
  readonly alterRedirect?: (url: URL) => void;
}

export function scriptedBrowser(options: ScriptedBrowserOptions = {}): ScriptedBrowser {
  const opened: string[] = [];
  let last: Promise<{ finalStatus: number; finalUrl: string }> = Promise.resolve({ finalStatus: 0, finalUrl: '' });
  const cookies = new Map<string, Map<string, string>>();

  const cookieHeader = (url: URL) => [...(cookies.get(url.origin) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const keepCookies = (url: URL, res: Response) => {
    const jar = cookies.get(url.origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    cookies.set(url.origin, jar);
  };

  async function navigate(start: string): Promise<{ finalStatus: number; finalUrl: string }> {
    let url = new URL(start);
    options.alterRequest?.(url);
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      const isRedirectTarget = url.hostname === '127.0.0.1' && url.pathname === '/callback';
      if (isRedirectTarget) options.alterRedirect?.(url);
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: cookieHeader(url) } });
      keepCookies(url, res);
      init = {};
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        url = new URL(location, url);
        continue;
      }
      const html = await res.text();
      const form = /<form method="post" action="([^"]+)"/.exec(html);
      if (res.status === 200 && form && !isRedirectTarget) {
        url = new URL(form[1]!, url);
        init = { method: 'POST', body: new URLSearchParams({ login: options.login ?? 'dr-test' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
        continue;
      }
      return { finalStatus: res.status, finalUrl: url.toString() };
    }
    throw new Error('too many redirects');
  }

  return {
    opened,
    async open(url) {
      opened.push(url);
      // A real browser opens and returns at once; the person finishes the sign-in later.
      last = navigate(url);
      last.catch(() => undefined);
    },
    idle: () => last,
  };
}
