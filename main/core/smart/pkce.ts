// The one-time secrets of an authorization request: the `state` that ties the redirect back to the
// request this workstation made (CSRF, RFC 6749 §10.12), and the PKCE verifier whose S256
// challenge travels in the request while the verifier itself goes only to the token endpoint
// (RFC 7636), so an app that intercepts the redirect cannot redeem the code. Both are 256-bit.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

export function newPkce(): Pkce {
  // 32 random bytes → 43 base64url characters, inside RFC 7636's 43–128.
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier), method: 'S256' };
}

export const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

export const newState = (): string => randomBytes(32).toString('base64url');

/** Constant-time comparison of the state that came back with the one sent. */
export function sameState(sent: string, received: string | null): boolean {
  if (received === null) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
