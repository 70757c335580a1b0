// A SMART App Launch authorization server for the tests: the real `oidc-provider` (an OpenID
// Provider certified by the OpenID Foundation) on loopback, configured as an EHR's SMART server:
// one public native client (PKCE S256 required, loopback redirect on any port, RFC 8252 §7.3),
// the scopes launch, launch/patient, patient/*.read, openid, fhirUser and offline_access, refresh
// tokens, RFC 7009 revocation, and the launch context (patient, encounter) returned beside the
// access token. The login page is this file's own small form: it stands in for the EHR's login
// and patient picker. Pair it with startFhirServer({ acceptToken: smart.acceptsToken,
// smartConfiguration: smart.smartConfiguration }) so the FHIR server takes only its live tokens.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

export interface LaunchContext {
  /** FHIR Patient id (no `Patient/` prefix), as SMART's `patient` parameter. */
  readonly patient: string;
  readonly encounter?: string;
}

export interface SmartProviderPeer {
  /** http://127.0.0.1:<port> */
  readonly issuer: string;
  readonly clientId: string;
  /** The `.well-known/smart-configuration` document the FHIR server publishes for this server. */
  smartConfiguration(): Record<string, unknown>;
  /** Whether an access token is live (issued, not expired, not revoked): the FHIR server's check. */
  acceptsToken(token: string): Promise<boolean>;
  /** Whether a refresh token is still live. */
  refreshTokenLive(token: string): Promise<boolean>;
  /** The EHR side of an EHR launch: a one-time opaque `launch` value bound to this context. */
  createLaunch(context: LaunchContext): string;
  /** What the patient picker answers in a standalone launch with launch/patient. */
  pickPatient(context: LaunchContext | null): void;
  /** Token endpoint requests, in order (grant type, outcome, and the tokens issued). */
  tokenRequests(): ReadonlyArray<{ grantType: string; status: number; error?: string; accessToken?: string; refreshToken?: string }>;
  /** Revocation requests answered, in order. */
  revocations(): number;
  stop(): Promise<void>;
}

export interface StartSmartProviderOptions {
  /** The FHIR base URL the tokens are for (the `aud` and resource indicator). */
  readonly fhirBaseUrl: string;
  readonly clientId?: string;
  /** Access token lifetime in seconds (default 300). */
  readonly accessTokenTtl?: number;
}

const RESOURCE_SCOPES = 'launch launch/patient patient/*.read';

export async function startSmartProvider(options: StartSmartProviderOptions): Promise<SmartProviderPeer> {
  const clientId = options.clientId ?? 'clinic-photo-test';
  const launches = new Map<string, LaunchContext>();
  const grants = new Map<string, LaunchContext>();
  const tokenLog: Array<{ grantType: string; status: number; error?: string; accessToken?: string; refreshToken?: string }> = [];
  let revoked = 0;
  let picked: LaunchContext | null = null;
  let provider: Provider | null = null;

  const server = http.createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error: unknown) => {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error instanceof Error ? error.message : error));
      });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
    ],
    // The SMART scopes are the FHIR server's (resource scopes, granted per resource below).
    scopes: ['openid', 'offline_access', 'fhirUser'],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    extraParams: ['launch', 'aud'],
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    ttl: { AccessToken: options.accessTokenTtl ?? 300, AuthorizationCode: 60, RefreshToken: 86_400, Interaction: 600, Session: 600, Grant: 86_400 },
    // SMART apps do not send prompt=consent, without which oidc-provider drops offline_access from
    // the request (OpenID Connect Core §11); a SMART server still issues the refresh token.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, fhirUser: `Practitioner/${sub}` }) }),
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => options.fhirBaseUrl,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({ scope: RESOURCE_SCOPES, audience: options.fhirBaseUrl, accessTokenFormat: 'opaque' }),
      },
    },
    interactions: { url: (_ctx, interactionRecord) => `/interaction/${interactionRecord.uid}` },
  });

  // The launch context arrives beside the access token (SMART App Launch 2.x, "Launch context
  // arrives with your access_token"), on the first exchange and on every refresh.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'token') {
      const body = ctx.body as Record<string, unknown> | undefined;
      const params = ctx.oidc.params as Record<string, unknown> | undefined;
      tokenLog.push({
        grantType: String(params?.grant_type ?? ''),
        status: ctx.status,
        ...(typeof body?.error === 'string' ? { error: body.error } : {}),
        ...(typeof body?.access_token === 'string' ? { accessToken: body.access_token } : {}),
        ...(typeof body?.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
      });
      if (ctx.status === 200 && typeof body?.access_token === 'string') {
        const token = await provider!.AccessToken.find(body.access_token);
        const context = token?.grantId ? grants.get(token.grantId) : undefined;
        if (context) Object.assign(body, { patient: context.patient, ...(context.encounter ? { encounter: context.encounter } : {}) });
      }
    }
    if (ctx.oidc?.route === 'revocation' && ctx.status === 200) revoked++;
  });

  async function interaction(p: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await p.interactionDetails(req, res);
    const params = details.params as Record<string, string | undefined>;
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>EHR sign-in</title><form method="post" action="/interaction/${details.uid}">` +
          `<label>User <input name="login" value="dr-test"></label><button type="submit">Sign in and allow</button></form>`,
      );
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const accountId = form.get('login') || 'dr-test';
    const requested = new Set((params.scope ?? '').split(' ').filter(Boolean));
    let context: LaunchContext | null = null;
    if (requested.has('launch')) {
      context = params.launch ? (launches.get(params.launch) ?? null) : null;
      if (!context) throw new Error('Unknown or used launch value');
      launches.delete(params.launch!);
    } else if (requested.has('launch/patient')) {
      context = picked;
      if (!context) throw new Error('No patient chosen in the patient picker');
    }
    const grant = new p.Grant({ accountId, clientId: params.client_id! });
    grant.addOIDCScope([...requested].filter((s) => ['openid', 'fhirUser', 'offline_access'].includes(s)).join(' '));
    grant.addResourceScope(options.fhirBaseUrl, [...requested].filter((s) => RESOURCE_SCOPES.split(' ').includes(s)).join(' '));
    const grantId = await grant.save();
    if (context) grants.set(grantId, context);
    await p.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  return {
    issuer,
    clientId,
    smartConfiguration: () => ({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      revocation_endpoint: `${issuer}/token/revocation`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'fhirUser', 'offline_access', ...RESOURCE_SCOPES.split(' ')],
      capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-standalone-patient', 'permission-offline'],
    }),
    acceptsToken: async (token) => Boolean(await provider!.AccessToken.find(token)),
    refreshTokenLive: async (token) => {
      const found = await provider!.RefreshToken.find(token);
      return Boolean(found && !found.isExpired);
    },
    createLaunch(context) {
      const launch = randomBytes(16).toString('base64url');
      launches.set(launch, context);
      return launch;
    },
    pickPatient(context) {
      picked = context;
    },
    tokenRequests: () => tokenLog,
    revocations: () => revoked,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
