// The only module with SQL on `smart_clients` and `smart_tokens`. Tokens live in the SQLCipher
// database, encrypted at rest under the vault like every other secret of the workstation; they
// leave this module towards the network only, never towards the renderer or a log.
import type { Db } from '../db/open';

export interface StoredTokens {
  readonly userId: string;
  readonly targetId: string;
  readonly accessToken: string;
  readonly refreshToken: string | null;
  /** ISO time the access token stops working. */
  readonly expiresAt: string;
  readonly scope: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string | null;
}

interface TokenRow {
  user_id: string;
  target_id: string;
  access_token: string;
  refresh_token: string | null;
  expires_at: string;
  scope: string;
  token_endpoint: string;
  revocation_endpoint: string | null;
}

const fromRow = (r: TokenRow): StoredTokens => ({
  userId: r.user_id,
  targetId: r.target_id,
  accessToken: r.access_token,
  refreshToken: r.refresh_token,
  expiresAt: r.expires_at,
  scope: r.scope,
  tokenEndpoint: r.token_endpoint,
  revocationEndpoint: r.revocation_endpoint,
});

export function smartClientId(db: Db, targetId: string): string | null {
  return (db.prepare('SELECT client_id FROM smart_clients WHERE target_id = ?').pluck().get(targetId) as string | undefined) ?? null;
}

export function smartClients(db: Db): Array<{ targetId: string; clientId: string }> {
  return db.prepare('SELECT target_id AS targetId, client_id AS clientId FROM smart_clients ORDER BY target_id').all() as Array<{ targetId: string; clientId: string }>;
}

/** Sets (or with null, removes) the SMART client id of a FHIR target. */
export function setSmartClientId(db: Db, targetId: string, clientId: string | null, at: Date): void {
  if (clientId === null) db.prepare('DELETE FROM smart_clients WHERE target_id = ?').run(targetId);
  else
    db.prepare('INSERT INTO smart_clients (target_id, client_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (target_id) DO UPDATE SET client_id = excluded.client_id, updated_at = excluded.updated_at').run(
      targetId,
      clientId,
      at.toISOString(),
    );
}

export function saveTokens(db: Db, t: StoredTokens, at: Date): void {
  db.prepare(
    `INSERT INTO smart_tokens (user_id, target_id, access_token, refresh_token, expires_at, scope, token_endpoint, revocation_endpoint, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, target_id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
       expires_at = excluded.expires_at, scope = excluded.scope, token_endpoint = excluded.token_endpoint,
       revocation_endpoint = excluded.revocation_endpoint, updated_at = excluded.updated_at`,
  ).run(t.userId, t.targetId, t.accessToken, t.refreshToken, t.expiresAt, t.scope, t.tokenEndpoint, t.revocationEndpoint, at.toISOString());
}

export function tokensFor(db: Db, userId: string, targetId: string): StoredTokens | null {
  const r = db.prepare('SELECT * FROM smart_tokens WHERE user_id = ? AND target_id = ?').get(userId, targetId) as TokenRow | undefined;
  return r ? fromRow(r) : null;
}

/** Removes and returns every token row of a user (sign-out), so they can be revoked. */
export function takeTokensOf(db: Db, userId: string): StoredTokens[] {
  const rows = (db.prepare('SELECT * FROM smart_tokens WHERE user_id = ?').all(userId) as TokenRow[]).map(fromRow);
  db.prepare('DELETE FROM smart_tokens WHERE user_id = ?').run(userId);
  return rows;
}

/** The ids of the FHIR targets this user holds SMART tokens for. */
export function targetsWithTokens(db: Db, userId: string): string[] {
  return db.prepare('SELECT target_id FROM smart_tokens WHERE user_id = ?').pluck().all(userId) as string[];
}
