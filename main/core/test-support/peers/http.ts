// A minimal HTTP(S) client for tests and benches that talk to the peers: node:https with the test
// CA pinned through `ca` (which replaces the system roots, so only the throwaway CA is trusted),
// bodies as Buffers, no redirects, no retries: what the peer answered is what the test sees.
import http from 'node:http';
import https from 'node:https';

export interface PeerRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** PEM of the CA to trust for https URLs; omitted means Node's default roots (the test CA is then refused). */
  ca?: string;
  /** Basic auth, sent only when given. */
  auth?: { username: string; password: string };
  /** Reuse connections across calls (bench); a fresh connection per request otherwise. */
  agent?: http.Agent;
  timeoutMs?: number;
}

export interface PeerResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export async function peerRequest(url: string, options: PeerRequest = {}): Promise<PeerResponse> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) headers.authorization = basicAuth(options.auth.username, options.auth.password);
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  if (body) headers['content-length'] = String(body.length);
  const transport = target.protocol === 'https:' ? https : http;
  return await new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: options.method ?? 'GET',
        headers,
        ca: target.protocol === 'https:' ? options.ca : undefined,
        agent: options.agent ?? false,
        timeout: options.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${target.origin} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
