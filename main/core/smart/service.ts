// SMART App Launch state that outlives one call: the EHR launch the shell handed in (waiting for
// a signed-in user to continue it), each window's launch in progress, the refresh of access
// tokens before they expire, and their revocation when the user signs out. The launch itself is
// in launch.ts; the tokens' storage in token-store.ts.
import { CoreError } from '../../../shared/errors';
import type { SmartFlow } from '../../../shared/channels/ehr';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/open';
import { writeTransaction } from '../db/write';
import type { ClientState } from '../services';
import type { Logger } from '../support/log';
import { getTargetConfig, type TargetConfig } from '../sync/targets';
import { requestToken, revokeToken } from './endpoints';
import type { LoopbackRedirect } from './loopback';
import { saveTokens, smartClientId, takeTokensOf, tokensFor } from './token-store';

/**
 * How the core asks the shell to open the system browser (RFC 8252 §4: never an embedded web
 * view). Electron: shell.openExternal; the browser shell: a new page; tests: a scripted browser.
 */
export interface SystemBrowser {
  open(url: string): Promise<void>;
}

export interface SmartOptions {
  readonly browser?: SystemBrowser;
  /** How long the loopback redirect waits for the browser (default five minutes). */
  readonly redirectTimeoutMs?: number;
}

/** A launch in progress or finished, per window. */
export interface FlowRecord {
  public: SmartFlow;
  redirect: LoopbackRedirect | null;
}

const PENDING_LAUNCH_MS = 5 * 60_000;
/** A token with less than this left is refreshed before use. */
const REFRESH_MARGIN_MS = 60_000;
const LAUNCH_PATTERN = /^[\x21-\x7e]{1,1024}$/;

function targetOrNull(db: Db, targetId: string): TargetConfig | null {
  try {
    return getTargetConfig(db, targetId);
  } catch {
    return null;
  }
}

export const IDLE_FLOW: SmartFlow = { id: null, state: 'idle', message: null, patient: null, encounter: null };

export class SmartService {
  private pending: { iss: string; launch: string; receivedAt: number } | null = null;
  private readonly flows = new WeakMap<ClientState, FlowRecord>();
  private readonly refreshing = new Map<string, Promise<string | null>>();
  private revocations: Promise<void> = Promise.resolve();
  private readonly launches = new Set<Promise<void>>();
  readonly redirectTimeoutMs: number;

  constructor(
    private readonly clock: () => Date,
    private readonly log: Logger,
    readonly browser: SystemBrowser | null,
    options: SmartOptions = {},
  ) {
    this.redirectTimeoutMs = options.redirectTimeoutMs ?? 5 * 60_000;
  }

  /**
   * An EHR launch handed in by a shell: `iss=<FHIR base>&launch=<opaque>` (a query string, or a
   * URL carrying one). Only the latest is kept, for five minutes; it is continued by a signed-in
   * user (`smart.begin({ ehr: true })`), and only if `iss` is a configured FHIR target.
   */
  receiveLaunch(raw: string): void {
    const text = raw.trim();
    const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : text;
    const params = new URLSearchParams(query);
    const iss = params.get('iss');
    const launch = params.get('launch');
    if (!iss || !launch || !LAUNCH_PATTERN.test(launch)) throw new CoreError('VALIDATION_FAILED', 'An EHR launch needs iss and launch.', { launch: 'needs iss=<FHIR base URL>&launch=<value>' });
    try {
      new URL(iss);
    } catch {
      throw new CoreError('VALIDATION_FAILED', 'The EHR launch has an iss that is not a URL.', { iss: 'must be the FHIR base URL' });
    }
    this.pending = { iss: iss.replace(/\/+$/, ''), launch, receivedAt: this.clock().getTime() };
  }

  pendingLaunch(): { iss: string; launch: string } | null {
    if (this.pending && this.clock().getTime() - this.pending.receivedAt > PENDING_LAUNCH_MS) this.pending = null;
    return this.pending && { iss: this.pending.iss, launch: this.pending.launch };
  }

  takePendingLaunch(): { iss: string; launch: string } | null {
    const pending = this.pendingLaunch();
    this.pending = null;
    return pending;
  }

  flowOf(client: ClientState): SmartFlow {
    return this.flows.get(client)?.public ?? IDLE_FLOW;
  }

  /** Replaces a window's flow, closing the loopback listener of the one before. */
  setFlow(client: ClientState, record: FlowRecord | null): void {
    this.flows.get(client)?.redirect?.close();
    if (record) this.flows.set(client, record);
    else this.flows.delete(client);
  }

  /**
   * The user's access token for a target, refreshed first when it is about to expire; null when
   * they hold none (or it expired with no refresh token). Concurrent callers share one refresh,
   * since a server that rotates refresh tokens accepts each only once.
   */
  async accessToken(db: Db, userId: string, target: TargetConfig): Promise<string | null> {
    const held = tokensFor(db, userId, target.id);
    if (!held) return null;
    const now = this.clock().getTime();
    if (Date.parse(held.expiresAt) - now > REFRESH_MARGIN_MS) return held.accessToken;
    const clientId = smartClientId(db, target.id);
    if (!held.refreshToken || !clientId) return Date.parse(held.expiresAt) > now ? held.accessToken : null;
    const key = `${userId}\u001f${target.id}`;
    const running = this.refreshing.get(key);
    if (running) return running;
    const refresh = (async () => {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: held.refreshToken!, client_id: clientId });
      const answer = await requestToken(target, held.tokenEndpoint, form);
      const at = this.clock();
      writeTransaction(db, () =>
        saveTokens(db, { ...held, accessToken: answer.accessToken, refreshToken: answer.refreshToken ?? held.refreshToken, expiresAt: new Date(at.getTime() + answer.expiresIn * 1000).toISOString(), scope: answer.scope || held.scope }, at),
      );
      return answer.accessToken;
    })().finally(() => this.refreshing.delete(key));
    this.refreshing.set(key, refresh);
    return refresh;
  }

  /**
   * Sign-out: the user's tokens leave the database (with the audit record) at once, then each is
   * revoked at its server (RFC 7009: the refresh token first, which ends the grant, then the
   * access token). The revocation runs after the vault may have closed: it needs nothing from it.
   */
  signOut(db: Db, userId: string): void {
    const work = writeTransaction(db, () => {
      const rows = takeTokensOf(db, userId);
      if (rows.length > 0) recordAudit(db, this.clock(), { userId, action: 'smart.revoke', outcome: 'success', detail: `tokens=${rows.length}` });
      return rows.map((row) => {
        return { row, target: targetOrNull(db, row.targetId), clientId: smartClientId(db, row.targetId) };
      });
    });
    this.revokeLater(work.map(({ row, target, clientId }) => ({ target, clientId, endpoint: row.revocationEndpoint, tokens: [[row.refreshToken, 'refresh_token'], [row.accessToken, 'access_token']] as const })));
  }

  /** Revokes tokens that must not be kept (a launch that finished after its user signed out). */
  revokeLater(items: ReadonlyArray<{ target: TargetConfig | null; clientId: string | null; endpoint: string | null; tokens: ReadonlyArray<readonly [string | null, 'access_token' | 'refresh_token']> }>): void {
    const run = Promise.allSettled(
      items.map(async ({ target, clientId, endpoint, tokens }) => {
        if (!target || !clientId || !endpoint) return;
        for (const [token, hint] of tokens) {
          if (!token) continue;
          const ok = await revokeToken(target, endpoint, clientId, token, hint).catch(() => false);
          if (!ok) this.log.info('smart.revoke-failed', { hint });
        }
      }),
    ).then(() => undefined);
    this.revocations = this.revocations.then(() => run);
  }

  /** Keeps a launch's completion so settled() can wait for it. */
  track(completion: Promise<void>): void {
    this.launches.add(completion);
    void completion.finally(() => this.launches.delete(completion));
  }

  /**
   * Settles once every launch and revocation started so far has finished, or after `maxMs` (an
   * unreachable EHR must not hold the app's shutdown for its full network timeout).
   */
  async settled(maxMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxMs);
      timer.unref();
    });
    const all = (async () => {
      await Promise.allSettled([...this.launches]);
      await this.revocations;
    })();
    await Promise.race([all, limit]).finally(() => clearTimeout(timer));
  }
}
