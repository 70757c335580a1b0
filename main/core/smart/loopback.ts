// The redirect target of a native app's authorization request (RFC 8252 §7.3): an HTTP listener
// on 127.0.0.1 (the literal address, not `localhost`, §8.3) on a port the OS picks, for one
// request only. The system browser lands on it with the authorization response; the listener
// answers a page that says to return to the app (no PHI, nothing from the query echoed), hands
// the query to the caller and closes. Anything else (another path, a second request) is 404.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreError } from '../../../shared/errors';

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback` */
  readonly redirectUri: string;
  /** The authorization response's query; rejects with SMART_LAUNCH_FAILED on timeout or close. */
  readonly response: Promise<URLSearchParams>;
  close(): void;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>Clinic Photo</title>
<p>Sign-in finished. You can close this tab and return to Clinic Photo.</p>`;

export async function startLoopbackRedirect(timeoutMs: number): Promise<LoopbackRedirect> {
  let settle: { resolve: (q: URLSearchParams) => void; reject: (e: Error) => void } | null = null;
  const response = new Promise<URLSearchParams>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A rejection nobody awaits yet (the browser is still opening) must not crash the process.
  response.catch(() => undefined);
  let done = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (done || req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    done = true;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end(PAGE, () => finish());
    settle?.resolve(url.searchParams);
  });
  const timer = setTimeout(() => {
    settle?.reject(new CoreError('SMART_LAUNCH_FAILED', 'The sign-in at the EHR was not finished in time.'));
    finish();
  }, timeoutMs);
  timer.unref();
  const finish = () => {
    clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    response,
    close() {
      if (!done) settle?.reject(new CoreError('SMART_LAUNCH_FAILED', 'The sign-in at the EHR was cancelled.'));
      done = true;
      finish();
    },
  };
}
