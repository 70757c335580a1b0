// The app's one origin, `clinic://app`, and the checks every guard in this shell shares. Chromium
// serialises the origin of a standard scheme as `clinic://app`; Node's URL parser calls the same
// URL's origin "null" (non-special scheme), so these checks compare scheme, host and port instead.
import type { CustomScheme } from 'electron';

export const APP_SCHEME = 'clinic';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Standard (real origin, relative URLs resolve), secure (getUserMedia needs a secure context),
 * fetch and streaming (photo bytes). Deliberately not `bypassCSP`: the CSP the protocol sends applies.
 * No service workers, no CORS: nothing else may read from this origin.
 */
export const APP_SCHEME_PRIVILEGED: CustomScheme = Object.freeze({
  scheme: APP_SCHEME,
  privileges: Object.freeze({ standard: true, secure: true, supportFetchAPI: true, stream: true }),
});

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for URLs on the app's origin: `clinic://app/...` with no port or credentials. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string') return false;
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** True for the app origin itself as Chromium reports it (`clinic://app`, or with a trailing slash). */
export function isAppOrigin(origin: string | null | undefined): boolean {
  if (typeof origin !== 'string') return false;
  const u = parse(origin);
  return !!u && isAppUrl(origin) && (u.pathname === '' || u.pathname === '/') && u.search === '' && u.hash === '';
}
