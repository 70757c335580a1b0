// Talking to a SMART authorization server: discovery of its endpoints from the FHIR server's
// `.well-known/smart-configuration`, the token endpoint (code exchange, refresh) and RFC 7009
// revocation. Every request goes through delivery's HTTP client, so the same rules hold as for
// the FHIR target itself: https with verified certificates, plain http only on loopback, no
// redirects followed, bounded time. The target's pinned CA applies to endpoints on its own host.
import { CoreError } from '../../../shared/errors';
import { cleanReason, DeliveryError, TargetClient } from '../sync/http';
import { checkTargetUrl, type TargetConfig } from '../sync/targets';

export interface SmartEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string | null;
}

export interface TokenResponse {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly expiresIn: number;
  readonly scope: string;
  /** Launch context (SMART): FHIR ids, without the resource type. */
  readonly patient: string | null;
  readonly encounter: string | null;
}

const TIMEOUT_MS = 30_000;

/** A client for one endpoint URL, under the target's TLS and loopback rules. */
function clientFor(target: TargetConfig, endpoint: string): { client: TargetClient; path: string } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CoreError('EHR_UNAVAILABLE', 'The EHR published an endpoint that is not a URL.');
  }
  if (url.username || url.password || url.hash) throw new CoreError('EHR_UNAVAILABLE', 'The EHR published an endpoint with credentials or a fragment.');
  const origin = checkTargetUrl(url.origin);
  const sameHost = new URL(target.baseUrl).host === url.host;
  const config: TargetConfig = { ...target, baseUrl: origin, authKind: 'none', username: null, secret: null, pinnedCaPem: sameHost ? target.pinnedCaPem : null };
  return { client: new TargetClient(config, TIMEOUT_MS), path: `${url.pathname.replace(/^\/+/, '')}${url.search}` };
}

async function send<T>(target: TargetConfig, endpoint: string, method: 'GET' | 'POST', form: URLSearchParams | null, read: (status: number, body: Buffer) => T): Promise<T> {
  const { client, path } = clientFor(target, endpoint);
  try {
    const body = form ? Buffer.from(form.toString(), 'utf8') : undefined;
    const headers: Record<string, string> = { accept: 'application/json', ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
    const reply = await client.request(method, path, headers, body);
    return read(reply.status, reply.body);
  } catch (error) {
    if (error instanceof DeliveryError) throw new CoreError('EHR_UNAVAILABLE', `The EHR did not answer: ${error.reason}`);
    throw error;
  } finally {
    client.close();
  }
}

function json(body: Buffer): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Reads the SMART configuration; refuses a server without PKCE S256 (SMART 2.x requires it). */
export async function discoverSmart(target: TargetConfig): Promise<SmartEndpoints> {
  return send(target, `${target.baseUrl}/.well-known/smart-configuration`, 'GET', null, (status, body) => {
    const doc = status === 200 ? json(body) : null;
    if (!doc) throw new CoreError('EHR_UNAVAILABLE', `The FHIR server publishes no SMART configuration (HTTP ${status}).`);
    const authorizationEndpoint = text(doc.authorization_endpoint);
    const tokenEndpoint = text(doc.token_endpoint);
    if (!authorizationEndpoint || !tokenEndpoint) throw new CoreError('EHR_UNAVAILABLE', 'The SMART configuration lacks its authorization or token endpoint.');
    const methods = Array.isArray(doc.code_challenge_methods_supported) ? doc.code_challenge_methods_supported : [];
    if (!methods.includes('S256')) throw new CoreError('SMART_LAUNCH_FAILED', 'The EHR does not support PKCE with S256, which this app requires.');
    for (const endpoint of [authorizationEndpoint, tokenEndpoint]) clientFor(target, endpoint).client.close();
    return { authorizationEndpoint, tokenEndpoint, revocationEndpoint: text(doc.revocation_endpoint) };
  });
}

/** POSTs a token request (authorization_code or refresh_token grant) and reads the answer. */
export async function requestToken(target: TargetConfig, tokenEndpoint: string, form: URLSearchParams): Promise<TokenResponse> {
  return send(target, tokenEndpoint, 'POST', form, (status, body) => {
    const doc = json(body);
    if (status !== 200 || !doc) {
      const code = text(doc?.error) ?? `HTTP ${status}`;
      throw new CoreError('SMART_LAUNCH_FAILED', cleanReason(`The EHR refused the token request (${code}).`));
    }
    const accessToken = text(doc.access_token);
    if (!accessToken || String(doc.token_type).toLowerCase() !== 'bearer') throw new CoreError('SMART_LAUNCH_FAILED', 'The EHR answered without a bearer access token.');
    const expiresIn = typeof doc.expires_in === 'number' && doc.expires_in > 0 ? doc.expires_in : 300;
    return {
      accessToken,
      refreshToken: text(doc.refresh_token),
      expiresIn,
      scope: text(doc.scope) ?? '',
      patient: text(doc.patient),
      encounter: text(doc.encounter),
    };
  });
}

/** RFC 7009: asks the server to revoke a token; true when it answered 200 (its only success). */
export async function revokeToken(target: TargetConfig, revocationEndpoint: string, clientId: string, token: string, hint: 'access_token' | 'refresh_token'): Promise<boolean> {
  const form = new URLSearchParams({ token, token_type_hint: hint, client_id: clientId });
  return send(target, revocationEndpoint, 'POST', form, (status) => status === 200);
}
