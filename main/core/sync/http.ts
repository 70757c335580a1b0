// The one HTTP client of delivery: https with certificate verification always on (a pinned CA
// replaces the system roots; nothing turns verification off), plain http only where the URL policy
// allows it (loopback), no redirects followed, a time limit on every exchange, and keep-alive per
// target so a queue of photos reuses one connection. Errors are classified for the retry policy.
import http from 'node:http';
import https from 'node:https';
import { checkTargetUrl, type TargetConfig } from './targets';

export interface HttpReply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A delivery step that did not succeed. `transient` failures (no connection, timeouts, 5xx, 429)
 * are retried with backoff; the others (401, 403, 4xx, malformed replies, hash mismatches) need a
 * person and are marked failed at once. `reason` is what the server said, already truncated.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly reason: string,
    readonly transient: boolean,
    readonly status: number | null = null,
  ) {
    super(reason);
  }
}

const MAX_REPLY_BYTES = 512 * 1024 * 1024;

/** Server text made safe to store and show: printable, one line, short. */
export function cleanReason(text: string, max = 300): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export class TargetClient {
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(
    private readonly target: TargetConfig,
    private readonly timeoutMs = 60_000,
  ) {
    this.base = new URL(`${checkTargetUrl(target.baseUrl)}/`);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: true, ...(target.pinnedCaPem ? { ca: target.pinnedCaPem } : {}) })
        : new http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  private authorization(): string | null {
    const t = this.target;
    if (t.authKind === 'basic' && t.username && t.secret) return `Basic ${Buffer.from(`${t.username}:${t.secret}`, 'utf8').toString('base64')}`;
    if (t.authKind === 'bearer' && t.secret) return `Bearer ${t.secret}`;
    return null;
  }

  /** `path` is relative to the base URL (no leading slash); a body in chunks is written chunk by chunk. */
  request(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | readonly Buffer[]): Promise<HttpReply> {
    const parts = body === undefined ? [] : Buffer.isBuffer(body) ? [body] : body;
    const url = new URL(path, this.base);
    const auth = this.authorization();
    const allHeaders: Record<string, string> = { ...headers, ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-length': String(parts.reduce((n, p) => n + p.length, 0)) } : {}) };
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      // Settled only once the request has closed, never on the reply alone: a server may answer
      // before it has read the whole body, and the body's buffers (a photo from the sync worker's
      // pool) must not be reused while a write of them is still pending.
      let outcome: { reply: HttpReply } | { error: DeliveryError } | null = null;
      const settle = (o: { reply: HttpReply } | { error: DeliveryError }) => (outcome ??= o);
      const req = lib.request(url, { method, headers: allHeaders, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_REPLY_BYTES) req.destroy(new DeliveryError('The reply was too large.', false));
          else chunks.push(c);
        });
        res.on('end', () => settle({ reply: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) } }));
        res.on('error', (e) => settle({ error: networkError(e) }));
      });
      req.on('timeout', () => req.destroy(new DeliveryError('The server did not answer in time.', true)));
      req.on('error', (e) => settle({ error: networkError(e) }));
      req.on('close', () => {
        const o = outcome ?? { error: new DeliveryError('The connection closed before a complete reply.', true) };
        if ('reply' in o) resolve(o.reply);
        else reject(o.error);
      });
      for (const part of parts) req.write(part);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Node's network errors named by their code only (their messages can echo addresses). */
function networkError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const code = (error as { code?: string }).code ?? 'ERROR';
  const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME|ALTNAME/.test(code);
  if (tls) return new DeliveryError(`The server's certificate was not trusted (${code}).`, false);
  return new DeliveryError(`No connection to the server (${code}).`, true);
}

/** Throws the DeliveryError a non-2xx reply deserves; `what` names the step for the reason. */
export function expectOk(reply: HttpReply, what: string): HttpReply {
  if (reply.status >= 200 && reply.status < 300) return reply;
  const said = cleanReason(reply.body.toString('utf8'));
  const reason = `${what}: HTTP ${reply.status}${said ? ` — ${said}` : ''}`;
  const transient = reply.status >= 500 || reply.status === 429 || reply.status === 408;
  throw new DeliveryError(cleanReason(reason), transient, reply.status);
}
